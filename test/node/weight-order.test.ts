/**
 * Weight order and numbers against TensorFlow.js (tfjs-layers on its CPU
 * backend): the same functional architectures built in both list their
 * layers and weights (names, shapes) in the same order, and TF.js's weights
 * copied over with setWeights give the same predictions.
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { Concatenate, Dense, Dot, Embedding, Flatten, Input, Model, type Tensor } from '../../src/index.js';
import { setupGpu } from '../support/gpu.js';
import { freshSeed, randomInts, seeded } from '../support/random.js';

const seed = freshSeed(process.env.TEST_SEED);

type Spec = { deep: boolean; users: number; items: number; dim: number };

function ours({ deep, users, items, dim }: Spec): Model {
  const user = Input({ shape: [1], name: 'user' });
  const item = Input({ shape: [1], name: 'item' });
  const u = new Flatten({ name: 'flatten_u' }).apply(new Embedding({ inputDim: users, outputDim: dim, name: 'user_embedding' }).apply(user));
  const v = new Flatten({ name: 'flatten_v' }).apply(new Embedding({ inputDim: items, outputDim: dim, name: 'item_embedding' }).apply(item));
  if (!deep) return new Model({ inputs: [user, item], outputs: new Dot({ axes: 1, name: 'dot' }).apply([u, v]) });
  const hidden = new Dense({ units: 16, activation: 'relu', name: 'hidden' }).apply(new Concatenate({ name: 'concat' }).apply([u, v]));
  return new Model({ inputs: [user, item], outputs: new Dense({ units: 1, name: 'score' }).apply(hidden) });
}

function theirs({ deep, users, items, dim }: Spec): tfl.LayersModel {
  const user = tfl.input({ shape: [1], name: 'user' });
  const item = tfl.input({ shape: [1], name: 'item' });
  const u = tfl.layers.flatten({ name: 'flatten_u' }).apply(tfl.layers.embedding({ inputDim: users, outputDim: dim, name: 'user_embedding' }).apply(user)) as tfl.SymbolicTensor;
  const v = tfl.layers.flatten({ name: 'flatten_v' }).apply(tfl.layers.embedding({ inputDim: items, outputDim: dim, name: 'item_embedding' }).apply(item)) as tfl.SymbolicTensor;
  if (!deep) return tfl.model({ inputs: [user, item], outputs: tfl.layers.dot({ axes: 1, name: 'dot' }).apply([u, v]) as tfl.SymbolicTensor });
  const hidden = tfl.layers.dense({ units: 16, activation: 'relu', name: 'hidden' }).apply(tfl.layers.concatenate({ name: 'concat' }).apply([u, v])) as tfl.SymbolicTensor;
  return tfl.model({ inputs: [user, item], outputs: tfl.layers.dense({ units: 1, name: 'score' }).apply(hidden) as tfl.SymbolicTensor });
}

describe(`weight order and predictions vs TensorFlow.js (tfjs-layers, CPU backend), seed ${seed}`, () => {
  beforeAll(async () => {
    await setupGpu('Node tier');
    await tf.setBackend('cpu');
  });

  for (const deep of [false, true]) {
    it(`${deep ? 'concat -> Dense(16, relu) -> Dense(1)' : 'Dot of two embeddings'}: same layer and weight order; TF.js's weights give TF.js's predictions`, async () => {
      const spec = { deep, users: 13, items: 21, dim: 6 };
      const model = ours(spec);
      const reference = theirs(spec);
      expect(model.layers.map((l) => l.name)).toEqual(reference.layers.map((l) => l.name));
      expect(model.weights.map((w) => [w.name, ...w.shape])).toEqual(reference.weights.map((w) => [w.originalName, ...w.shape]));
      model.setWeights(await Promise.all(reference.getWeights().map((t) => t.data() as Promise<Float32Array>)));
      const rng = seeded(seed);
      const n = 40;
      const users = randomInts(rng, n, spec.users);
      const items = randomInts(rng, n, spec.items);
      const expected = reference.predict([tf.tensor2d(Float32Array.from(users), [n, 1]), tf.tensor2d(Float32Array.from(items), [n, 1])]) as tf.Tensor;
      const got = model.predict([users, items]) as Tensor;
      expect(got.shape).toEqual(expected.shape);
      const [a, b] = [await got.data(), await expected.data()];
      for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(1e-5 + 1e-5 * Math.abs(b[i]));
      got.dispose();
      model.dispose();
    });
  }
});
