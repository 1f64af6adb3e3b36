/**
 * Dot: the batch dot product of two inputs (plain and cosine) against
 * central differences of the CPU forward and the GPU trace against the CPU
 * twin, for rank-2 and rank-3 inputs over every pair of axes, at awkward
 * sizes; a vector held at the norm clamp; checks and config. Shared by both tiers.
 */
import { Dot, Input, tensor, type AnyHostTensor, type Tensor } from '../../src/index.js';
import { assert } from '../support/close.js';
import { expectThrowsWithoutLeak } from '../support/expect.js';
import { checkFiniteDifferences, checkTraceAgainstCpu } from '../support/gradients.js';
import { randomFloats, type Random } from '../support/random.js';
import type { Case } from './case.js';

const fitOptions = { training: true, seed: 5, step: 3 };

function hostFloats(rng: Random, shape: number[]): AnyHostTensor {
  return { data: randomFloats(rng, shape.reduce((a, b) => a * b, 1)), shape };
}

/** [axes, x shape, y shape, expected output shape]. */
const layouts: [number | [number, number], number[], number[], number[]][] = [
  [1, [6, 5], [6, 5], [6, 1]],
  [-1, [3, 64], [3, 64], [3, 1]],
  [1, [1, 7], [1, 7], [1, 1]],
  [1, [0, 4], [0, 4], [0, 1]],
  [2, [4, 3, 5], [4, 2, 5], [4, 3, 2]],
  [[1, 1], [2, 5, 3], [2, 5, 4], [2, 3, 4]],
  [[2, 1], [3, 2, 6], [3, 6, 3], [3, 2, 3]],
  [[1, 2], [2, 6, 3], [2, 4, 6], [2, 3, 4]],
  [[2, 1], [3, 4, 5], [3, 5], [3, 4]],
  [[1, 1], [3, 5], [3, 5, 2], [3, 2]],
];

export const cases: Case[] = [
  ...[false, true].flatMap((normalize) =>
    layouts.map(([axes, xs, ys, out]): Case => ({
      name: `Dot(axes ${JSON.stringify(axes)}${normalize ? ', cosine' : ''}) of [${xs}] and [${ys}] -> [${out}]: backward vs central differences, GPU vs CPU twin`,
      run: async (rng) => {
        const layer = new Dot({ axes, normalize });
        assert(JSON.stringify(layer.computeOutputShape([[null, ...xs.slice(1)], [null, ...ys.slice(1)]])) === JSON.stringify([null, ...out.slice(1)]), 'output shape');
        const inputs = [hostFloats(rng, xs), hostFloats(rng, ys)];
        const label = `Dot ${JSON.stringify(axes)} ${normalize ? 'cosine' : 'plain'} [${xs}] [${ys}]`;
        if (xs[0] > 0) checkFiniteDifferences(layer, inputs, [], fitOptions, rng, label, { eps: 1e-3, samples: 30, tol: { atol: 2e-3, rtol: 2e-2 } });
        await checkTraceAgainstCpu(layer, inputs, fitOptions, rng, label, { atol: 1e-5, rtol: 1e-4 });
      },
    })),
  ),
  {
    name: 'Dot cosine with a zero vector and a tiny one (norms held at the clamp) matches the CPU twin; the score against a zero vector is 0',
    run: async (rng) => {
      const layer = new Dot({ axes: 1, normalize: true });
      const x = { data: new Float32Array([0, 0, 0, 1e-5, -2e-5, 0, 0.3, 0.4, 0.5]), shape: [3, 3] };
      const y = hostFloats(rng, [3, 3]);
      await checkTraceAgainstCpu(layer, [x, y], fitOptions, rng, 'Dot cosine at the clamp', { atol: 1e-5, rtol: 1e-4 });
      const out = layer.apply([tensor(x.data, x.shape), tensor(y.data, y.shape)]) as Tensor;
      const values = await out.data();
      assert(values[0] === 0 && Math.abs(values[1]) < 0.1, `cosine against a zero or tiny vector: ${values}`);
      out.dispose();
    },
  },
  {
    name: 'Dot gives [null, 1] for the lab model and cosine in [-1, 1]; checks inputs with clear errors',
    run: async (rng) => {
      const u = Input({ shape: [8], dtype: 'float32' });
      const v = Input({ shape: [8], dtype: 'float32' });
      const dot = new Dot({ axes: 1, name: 'score' });
      assert(JSON.stringify(dot.apply([u, v]).shape) === '[null,1]', 'lab model output [null, 1]');
      const a = tensor(randomFloats(rng, 40), [5, 8]);
      const b = tensor(randomFloats(rng, 40), [5, 8]);
      const cos = new Dot({ axes: -1, normalize: true }).apply([a, b]);
      const c = await cos.data();
      assert(c.every((x) => Math.abs(x) <= 1 + 1e-6), `cosine within [-1, 1]: ${c}`);
      cos.dispose();
      expectThrowsWithoutLeak(() => dot.computeOutputShape([[null, 8], [null, 8], [null, 8]]), TypeError, "Dot 'score': expected a list of 2 inputs");
      expectThrowsWithoutLeak(() => dot.computeOutputShape([[null, 8], [null, 7]]), RangeError, "Dot 'score': dimension incompatibility using axes (1, 1): 8 != 7");
      expectThrowsWithoutLeak(() => dot.computeOutputShape([[null, 2, 2, 2], [null, 2]]), RangeError, 'expected inputs of rank 2 or 3');
      expectThrowsWithoutLeak(() => new Dot({ axes: 0 }).computeOutputShape([[null, 2], [null, 2]]), RangeError, 'the batch axis cannot be multiplied along');
      expectThrowsWithoutLeak(() => new Dot({ axes: 'x' as never }), TypeError, 'expected axes to be an integer or a pair of integers');
      const ids = tensor(new Int32Array(40), [5, 8]);
      expectThrowsWithoutLeak(() => dot.apply([ids, b]), TypeError, "Dot 'score': expected float32 inputs, received int32");
      const short = tensor(randomFloats(rng, 32), [4, 8]);
      expectThrowsWithoutLeak(() => dot.apply([a, short]), RangeError, 'expected inputs with the same batch size, received 5 and 4');
      [a, b, ids, short].forEach((t) => t.dispose());
      const twin = Dot.fromConfig(new Dot({ axes: [2, 1], normalize: true, name: 'cfg_dot' }).getConfig());
      assert(JSON.stringify(twin.getConfig()) === JSON.stringify({ name: 'cfg_dot', trainable: true, axes: [2, 1], normalize: true }), JSON.stringify(twin.getConfig()));
    },
  },
];
