/**
 * Dropout: the GPU mask equals the CPU twin's bit for bit (one hash, two
 * implementations), drops about `rate` of the elements, changes with the
 * step, seed and layer, and acts only in training; its backward masks dy
 * the same way (central differences on the CPU, GPU vs CPU). Shared by both tiers.
 */
import { cpu, Dense, Dropout, Input, Model, tensor, type AnyHostTensor, type Tensor } from '../../src/index.js';
import { assert, assertAllClose } from '../support/close.js';
import { expectThrowsWithoutLeak } from '../support/expect.js';
import { checkFiniteDifferences, checkTraceAgainstCpu } from '../support/gradients.js';
import { randomFloats, type Random } from '../support/random.js';
import type { Case } from './case.js';

function hostFloats(rng: Random, shape: number[]): AnyHostTensor {
  return { data: randomFloats(rng, shape.reduce((a, b) => a * b, 1)), shape };
}

async function masked(layer: Dropout, x: Tensor, seed: number, step: number): Promise<Float32Array> {
  const traced = layer.trace([x], { training: true, seed, step });
  const data = (await traced.output.data()) as Float32Array;
  traced.output.dispose();
  traced.dispose();
  return data;
}

export const cases: Case[] = [
  ...([
    [0.5, [6, 7]],
    [0.1, [1, 5]],
    [0.9, [3, 2, 9]],
    [0.5, [0, 4]],
    [0.25, [257, 33]],
  ] as [number, number[]][]).map(([rate, shape]): Case => ({
    name: `Dropout(${rate}) on [${shape}]: GPU mask equals the CPU twin's bit for bit; backward vs central differences and GPU vs CPU`,
    run: async (rng) => {
      const layer = new Dropout({ rate });
      const x = hostFloats(rng, shape);
      const options = { training: true, seed: Math.floor(rng() * 2 ** 31), step: Math.floor(rng() * 1000) };
      if (shape[0] > 0 && x.data.length < 100) checkFiniteDifferences(layer, [x], [], options, rng, `Dropout ${rate}`);
      await checkTraceAgainstCpu(layer, [x], options, rng, `Dropout ${rate} [${shape}]`, {});
    },
  })),
  {
    name: 'Dropout drops about rate of the elements, scales the rest by 1 / (1 - rate), and the mask follows step, seed and layer',
    run: async (rng) => {
      const n = 200_000;
      const ones = tensor(new Float32Array(n).fill(1), [n / 100, 100]);
      for (const rate of [0.1, 0.5, 0.8]) {
        const out = await masked(new Dropout({ rate, name: `rate_${rate * 10}` }), ones, 1, 0);
        const kept = out.filter((v) => v !== 0);
        assert(Math.abs(1 - kept.length / n - rate) < 0.01, `rate ${rate}: dropped ${1 - kept.length / n}`);
        assert(kept.every((v) => v === Math.fround(1 / (1 - rate))), `rate ${rate}: kept elements scaled by 1 / (1 - rate)`);
      }
      const layer = new Dropout({ rate: 0.5, name: 'mask_keys' });
      const seed = Math.floor(rng() * 1e9);
      const base = await masked(layer, ones, seed, 4);
      const differs = (a: Float32Array, b: Float32Array) => a.some((v, i) => v !== b[i]);
      assert(!differs(base, await masked(layer, ones, seed, 4)), 'same seed and step, same mask');
      assert(differs(base, await masked(layer, ones, seed, 5)), 'another step, another mask');
      assert(differs(base, await masked(layer, ones, seed + 1, 4)), 'another seed, another mask');
      assert(differs(base, await masked(new Dropout({ rate: 0.5, name: 'other_layer' }), ones, seed, 4)), 'another layer, another mask');
      const own = new Dropout({ rate: 0.5, seed: 42, name: 'mask_keys' });
      assert(!differs(await masked(own, ones, 1, 4), await masked(own, ones, 2, 4)), "a layer's own seed overrides fit's");
      const expected = cpu.dropout({ data: new Float32Array(n).fill(1), shape: [n] }, 0.5, { seed: 42, layer: cpu.layerKey('mask_keys'), step: 4 });
      assertAllClose(await masked(own, ones, 1, 4), expected.data, 'the CPU reference draws the same mask');
      ones.dispose();
    },
  },
  {
    name: 'Dropout acts only in training: predict, call and a non-training trace pass the input through',
    run: async (rng) => {
      const layer = new Dropout({ rate: 0.7 });
      const values = randomFloats(rng, 60);
      const x = tensor(values, [6, 10]);
      const view = layer.apply(x);
      assert(view.buffer === x.buffer, 'apply outside training is a view of the input');
      view.dispose();
      const traced = layer.trace([x], { training: false, seed: 1, step: 1 });
      assertAllClose(await traced.output.data(), values, 'non-training trace');
      traced.output.dispose();
      const input = Input({ shape: [10], dtype: 'float32' });
      const model = new Model({ inputs: input, outputs: new Dense({ units: 3, seed: 1 }).apply(layer.apply(input)) });
      const plain = new Model({ inputs: input, outputs: model.layers[2].apply(input) });
      const [a, b] = [model.predict(x) as Tensor, plain.predict(x) as Tensor];
      assertAllClose(await a.data(), await b.data(), 'predict ignores Dropout');
      const zero = new Dropout({ rate: 0 });
      assertAllClose(await masked(zero, x, 3, 3), values, 'rate 0 keeps everything in training');
      const training = layer.call([x], { training: true });
      assert((await training.data()).some((v) => v === 0), 'call with training: true drops');
      [a, b, training, x].forEach((t) => t.dispose());
      model.dispose();
      plain.dispose();
    },
  },
  {
    name: 'Dropout checks rate and seed; getConfig round-trips',
    run: async () => {
      expectThrowsWithoutLeak(() => new Dropout({ rate: 1 }), RangeError, 'expected rate to be a number in [0, 1), received 1');
      expectThrowsWithoutLeak(() => new Dropout({ rate: -0.1 }), RangeError, 'received -0.1');
      expectThrowsWithoutLeak(() => new Dropout({ rate: 0.5, seed: 1.5 }), TypeError, 'expected seed to be an integer');
      expectThrowsWithoutLeak(() => new Dropout({ rate: 0.5 }).apply(Input({ shape: [2] })), TypeError, 'expected float32 inputs, received int32');
      const twin = Dropout.fromConfig(new Dropout({ rate: 0.3, seed: 9, name: 'cfg_dropout' }).getConfig());
      assert(JSON.stringify(twin.getConfig()) === JSON.stringify({ name: 'cfg_dropout', trainable: true, rate: 0.3, seed: 9 }), JSON.stringify(twin.getConfig()));
    },
  },
];
