/**
 * Optimizer kernels against their CPU twins: one and several steps of every
 * optimizer and variant, on whole weights (dense gradients) and on unique
 * rows of a table (lazy updates, sentinel rows skipped), on weights split
 * across buffers, at awkward sizes. Shared by both tiers.
 */
import { Adagrad, Adam, debug, getDevice, memory, Optimizer, RMSprop, SGD, tensor, type Tensor } from '../../src/index.js';
import { GpuWeightStorage } from '../../src/layers/gpu-weight-storage.js';
import { Weight } from '../../src/layers/weight.js';
import { assert, assertAllClose } from '../support/close.js';
import { expectThrows } from '../support/expect-error.js';
import { randomFloats, randomInts, type Random } from '../support/random.js';
import type { Case } from './case.js';

const variants: [string, () => Optimizer][] = [
  ['SGD', () => new SGD({ learningRate: 0.1 })],
  ['SGD momentum', () => new SGD({ learningRate: 0.05, momentum: 0.9 })],
  ['SGD Nesterov', () => new SGD({ learningRate: 0.05, momentum: 0.8, nesterov: true })],
  ['Adam', () => new Adam()],
  ['Adam custom', () => new Adam({ learningRate: 0.01, beta1: 0.5, beta2: 0.75, epsilon: 1e-4 })],
  ['Adagrad', () => new Adagrad({ learningRate: 0.1 })],
  ['RMSprop', () => new RMSprop({ learningRate: 0.01 })],
  ['RMSprop momentum', () => new RMSprop({ learningRate: 0.01, momentum: 0.5, decay: 0.8 })],
  ['RMSprop centered', () => new RMSprop({ learningRate: 0.01, centered: true })],
];

const tolerance = { atol: 2e-6, rtol: 2e-5 };

function weightOf(name: string, shape: number[], values: Float32Array): Weight {
  return new Weight(name, shape, new GpuWeightStorage(name, shape, values));
}

/**
 * Gradients of magnitude 0.1 to 1: centered RMSprop divides by the root of
 * the gradient's running variance minus epsilon, NaN (in TF.js too) when a
 * gradient stays near zero.
 */
function gradients(rng: Random, n: number): Float32Array {
  return randomFloats(rng, n).map((x) => Math.sign(x || 1) * (0.1 + 0.9 * Math.abs(x)));
}

/** Sorted unique rows of [0, rows) with sentinel slots (index `rows`) at the end, as segmentSumRows returns them. */
function uniqueRows(rng: Random, rows: number, count: number, dim: number): { indices: Int32Array; grads: Float32Array } {
  const picked = [...new Set(randomInts(rng, count, rows))].sort((a, b) => a - b);
  const indices = new Int32Array(count).fill(rows);
  indices.set(picked);
  const grads = gradients(rng, count * dim);
  grads.fill(0, picked.length * dim);
  return { indices, grads };
}

async function stepsCase(rng: Random, make: () => Optimizer, shape: number[], steps: number, rows: boolean, limit = 0): Promise<void> {
  const savedLimit = debug.maxBufferBytes;
  // The weight and its dense gradients split at `limit`; row gradients are small and stay whole.
  const split = <T>(make: () => T): T => {
    debug.maxBufferBytes = limit;
    try {
      return make();
    } finally {
      debug.maxBufferBytes = savedLimit;
    }
  };
  const optimizer = make();
  const twin = optimizer.hostTwin();
  const size = shape.reduce((a, b) => a * b, 1);
  const host = randomFloats(rng, size);
  const weight = split(() => weightOf('w', shape, host));
  const dim = shape[shape.length - 1];
  const expected = host.slice();
  const made: Tensor[] = [];
  try {
    for (let step = 0; step < steps; step++) {
      if (rows) {
        const { indices, grads } = uniqueRows(rng, shape[0], 1 + Math.floor(rng() * shape[0] * 1.5), dim);
        const gi = tensor(indices, [indices.length], 'int32');
        const gr = tensor(grads, [indices.length, dim], 'float32');
        made.push(gi, gr);
        const verdict = await optimizer.applyGradients([{ weight, gradient: { indices: gi, rows: gr } }]);
        if (verdict) throw verdict;
        twin.apply([{ key: weight, weight: expected, gradient: { indices, rows: grads }, dim }]);
      } else {
        const grads = gradients(rng, size);
        const g = split(() => tensor(grads, shape, 'float32'));
        made.push(g);
        const verdict = await optimizer.applyGradients([{ weight, gradient: g }]);
        if (verdict) throw verdict;
        twin.apply([{ key: weight, weight: expected, gradient: grads, dim }]);
      }
    }
    assert(limit === 0 || weight.value().shards.length > 1, 'the weight is split as the case intends');
    const got = weight.read();
    assertAllClose(await got.data(), expected, `${optimizer.className} ${JSON.stringify(optimizer.getConfig())} [${shape}] after ${steps} step(s)${rows ? ' (rows)' : ''}`, tolerance);
    got.dispose();
    assert(optimizer.iterations === steps, 'iterations counts the steps');
  } finally {
    for (const t of made) t.dispose();
    weight.dispose();
    optimizer.dispose();
  }
}

export const cases: Case[] = [
  ...variants.flatMap(([name, make]): Case[] => [
    { name: `${name}: one step on a dense gradient equals the CPU twin ([7, 3], [1, 1], [5])`, run: async (rng) => {
      for (const shape of [[7, 3], [1, 1], [5]]) await stepsCase(rng, make, shape, 1, false);
    } },
    { name: `${name}: four steps equal the CPU twin, whole weight and unique rows (lazy), sentinels skipped`, run: async (rng) => {
      await stepsCase(rng, make, [33, 5], 4, false);
      await stepsCase(rng, make, [33, 5], 4, true);
    } },
    { name: `${name}: a weight split across three buffers steps like one buffer (dense and rows)`, run: async (rng) => {
      await stepsCase(rng, make, [30, 6], 3, false, 10 * 6 * 4);
      await stepsCase(rng, make, [30, 6], 3, true, 10 * 6 * 4);
    } },
  ]),
  {
    name: 'SGD over more than 65,535 workgroups (2-D folded dispatch)',
    run: (rng) => stepsCase(rng, () => new SGD({ learningRate: 0.5 }), [65536 * 256 + 64], 1, false),
  },
  {
    name: 'optimizers: defaults as TensorFlow.js (SGD 0.01, Adam 0.001/0.9/0.999/1e-7, Adagrad 0.01/0.1, RMSprop 0.001/0.9/0/1e-7), bad hyperparameters throw',
    run: async () => {
      const same = (a: object, b: object, label: string) => assert(JSON.stringify(a) === JSON.stringify(b), `${label}: ${JSON.stringify(a)}`);
      same(new SGD().getConfig(), { learningRate: 0.01, momentum: 0, nesterov: false, lazy: false }, 'SGD');
      same(new Adam().getConfig(), { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, lazy: false }, 'Adam');
      same(new Adagrad().getConfig(), { learningRate: 0.01, initialAccumulatorValue: 0.1, lazy: false }, 'Adagrad');
      same(new RMSprop().getConfig(), { learningRate: 0.001, decay: 0.9, momentum: 0, epsilon: 1e-7, centered: false, lazy: false }, 'RMSprop');
      expectThrows(() => new Adam({ learningRate: -1 }), RangeError, ['Adam', 'learningRate', '-1'], 'negative rate');
      expectThrows(() => new SGD({ momentum: 2 }), RangeError, ['momentum', '[0, 1]', '2'], 'momentum > 1');
      expectThrows(() => new Adam({ beta1: NaN }), RangeError, ['beta1', 'NaN'], 'NaN beta');
      expectThrows(() => new RMSprop({ centered: 'yes' as unknown as boolean }), TypeError, ['centered', 'yes'], 'centered not boolean');
      expectThrows(() => new Adagrad({ initialAccumulatorValue: 0 }), RangeError, ['initialAccumulatorValue', '> 0'], 'zero accumulator');
    },
  },
  {
    name: 'optimizer state: getWeights lists iter then each slot kind per weight (TF.js names); setWeights restores it into a new optimizer, which then steps as the old one; dispose frees the slots',
    run: async (rng) => {
      await getDevice();
      const before = memory();
      const host = randomFloats(rng, 12);
      const [a, b] = [weightOf('layer/kernel', [4, 3], host.slice()), weightOf('layer/kernel', [4, 3], host.slice())];
      const first = new Adam({ learningRate: 0.01 });
      const grads = [randomFloats(rng, 12), randomFloats(rng, 12)];
      const g = grads.map((d) => tensor(d, [4, 3], 'float32'));
      await first.applyGradients([{ weight: a, gradient: g[0] }]);
      const state = await first.getWeights();
      assert(state.map((s) => s.name).join() === 'iter,layer/kernel/m,layer/kernel/v', `names ${state.map((s) => s.name)}`);
      assert((await state[0].tensor.data())[0] === 1, 'iter is 1');
      // b gets a's values after the first step, then both take the same second step.
      const copy = a.read();
      b.write(copy);
      copy.dispose();
      const second = new Adam({ learningRate: 0.01 });
      await second.setWeights(state);
      for (const s of state) s.tensor.dispose();
      await first.applyGradients([{ weight: a, gradient: g[1] }]);
      await second.applyGradients([{ weight: b, gradient: g[1] }]);
      const [ra, rb] = [a.read(), b.read()];
      assertAllClose(await rb.data(), await ra.data(), 'restored state steps the same');
      for (const t of [ra, rb, ...g]) t.dispose();
      first.dispose();
      second.dispose();
      second.dispose();
      a.dispose();
      b.dispose();
      const after = memory();
      assert(after.numTensors === before.numTensors && after.numBytes === before.numBytes, `memory back to ${JSON.stringify(before)}: ${JSON.stringify(after)}`);
    },
  },
];
