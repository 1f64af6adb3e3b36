/**
 * A model with one input takes its data as a list of one entry too (Keras
 * and TF.js style: `predict([x])`, `fit([x], [y])`), when that entry can
 * only be the whole data: a tensor, a typed array, or nested arrays with
 * the batch axis. Data read as samples before keeps its meaning: `[[1], [2]]`
 * for `Input({ shape: [1] })` is two samples, `[[3]]` one. Shared by the
 * Node tier and the browser tier.
 */
import { Dense, Embedding, Flatten, Input, Model, tensor, type Tensor } from '../../src/index.js';
import { assert, assertAllClose, assertShape } from '../support/close.js';
import { expectThrowsWithoutLeak } from '../support/expect.js';
import { randomFloats, randomInts, type Random } from '../support/random.js';
import type { Case } from './case.js';

/** Input [1] -> Embedding(rows, 3) -> Flatten: the lab's tower. */
function lookupModel(rng: Random, rows: number) {
  const ids = Input({ shape: [1], name: 'ids' });
  const table = new Embedding({ inputDim: rows, outputDim: 3, seed: Math.floor(rng() * 1e9) });
  return new Model({ inputs: ids, outputs: new Flatten().apply(table.apply(ids)) });
}

/** Input [2] (float32) -> Dense(1). */
function denseModel(seed: number) {
  const x = Input({ shape: [2], dtype: 'float32', name: 'x' });
  return new Model({ inputs: x, outputs: new Dense({ units: 1, seed }).apply(x) });
}

async function read(t: Tensor): Promise<{ data: Float32Array; shape: readonly number[] }> {
  try {
    return { data: (await t.data()) as Float32Array, shape: t.shape };
  } finally {
    t.dispose();
  }
}

async function expectSame(got: Tensor, want: Tensor, label: string): Promise<void> {
  const [g, w] = [await read(got), await read(want)];
  assertShape(g.shape, w.shape, label);
  assertAllClose(g.data, w.data, label, { atol: 0, rtol: 0 });
}

export const cases: Case[] = [
  {
    name: 'predict([x]) of a one-input model: a typed array, a tensor or nested arrays with the batch axis are the data; [[1], [2]] stays two samples, [[3]] one',
    run: async (rng) => {
      const rows = 20;
      const model = lookupModel(rng, rows);
      const ids = randomInts(rng, 50, rows);
      const asTensor = tensor(ids, [50, 1], 'int32');
      const nested = Array.from(ids, (id) => [id]);
      try {
        await expectSame(model.predict([ids]), model.predict(ids), '[Int32Array]');
        await expectSame(model.predict([asTensor]), model.predict(asTensor), '[tensor]');
        assert(!asTensor.isDisposed, 'a tensor in a list stays the caller’s');
        await expectSame(model.predict([nested]), model.predict(nested), '[nested with the batch axis]');
        await expectSame(model.predict([BigInt64Array.from(ids, BigInt)]), model.predict(ids), '[BigInt64Array]');
        const [a, b] = [ids[0], ids[1]];
        const two = await read(model.predict([[a], [b]]));
        assertShape(two.shape, [2, 3], '[[a], [b]]: two samples');
        await expectSame(model.predict([[a], [b]]), model.predict(Int32Array.of(a, b)), '[[a], [b]] values');
        const one = await read(model.predict([[a]]));
        assertShape(one.shape, [1, 3], '[[a]]: one sample');
        // A one-entry list of a 1-D array is not unwrapped: read as data it is one sample of 3 values, which Input [1] refuses.
        expectThrowsWithoutLeak(() => model.predict([[a, b, a]]), RangeError, "input 'ids' expects shape (None, 1), received shape [1, 3]");
        // Two entries for one input are data, and a typed array is not a number.
        expectThrowsWithoutLeak(() => model.predict([ids, ids] as never), TypeError, 'received Int32Array(50) [');
      } finally {
        asTensor.dispose();
        model.dispose();
      }
    },
  },
  {
    name: 'predict([x]) of a float32 input [2]: [[1, 2]] is one sample, [[[1, 2], [3, 4]]] and [Float32Array(4)] two',
    run: async (rng) => {
      const model = denseModel(Math.floor(rng() * 1e9));
      const values = randomFloats(rng, 4);
      const rows = [[values[0], values[1]], [values[2], values[3]]];
      try {
        const one = await read(model.predict([rows[0]]));
        assertShape(one.shape, [1, 1], '[[x0, x1]]: one sample');
        await expectSame(model.predict([rows]), model.predict(rows), '[nested with the batch axis]');
        await expectSame(model.predict([values]), model.predict(rows), '[Float32Array(4)]');
      } finally {
        model.dispose();
      }
    },
  },
  {
    name: 'fit([x], [y]) and evaluate([x], [y]) of a one-input model equal fit(x, y) and evaluate(x, y) bit for bit',
    run: async (rng) => {
      const seed = Math.floor(rng() * 1e9);
      const x = randomFloats(rng, 2 * 40);
      const y = randomFloats(rng, 40);
      const trained: Float32Array[] = [];
      const scores: number[] = [];
      for (const wrap of [false, true]) {
        const model = denseModel(seed);
        try {
          model.compile({ optimizer: 'sgd', loss: 'mse' });
          const args = { epochs: 2, batchSize: 8, shuffle: true, seed: 5, verbose: 0 } as const;
          await (wrap ? model.fit([x], [y], args) : model.fit(x, y, args));
          const weights = model.getWeights();
          trained.push(...(await Promise.all(weights.map((w) => w.data() as Promise<Float32Array>))));
          weights.forEach((w) => w.dispose());
          scores.push((await (wrap ? model.evaluate([x], [y]) : model.evaluate(x, y))).loss);
        } finally {
          model.dispose();
        }
      }
      assertAllClose(trained[2], trained[0], 'kernel', { atol: 0, rtol: 0 });
      assertAllClose(trained[3], trained[1], 'bias', { atol: 0, rtol: 0 });
      assert(scores[0] === scores[1], `evaluate: ${scores[1]} vs ${scores[0]}`);
    },
  },
];
