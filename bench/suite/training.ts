/**
 * Issue 11's cases: one training epoch of the lab's models, ours against
 * TensorFlow.js (tf.layers + model.fit) on the same device. User and item
 * Embedding(64) on 944 / 1,683 rows, then Dot (fit-regression) or
 * Concatenate -> Dense(64, relu) -> Dense(1) (fit-deep); MAE, Adam(1e-3),
 * batch 64, shuffled. One call is one epoch of N samples (`shape.N`),
 * timed on the host from the call to its promise settling.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { Adam, Concatenate, Dense, Dot, Embedding, Flatten, Input, Model } from '../../src/index.js';
import { seeded } from '../../test/support/random.js';
import type { Shape } from './results.js';
import type { Entry, Runner } from './runner.js';
import { useDevice } from './tfjs.js';

/** The lab's sizes. */
export const USERS = 944;
export const ITEMS = 1683;
const DIM = 64;
const BATCH = 64;

/** The training cases' shape: V = item rows, D = embedding size, N = samples per timed epoch. */
export const trainingShape: Shape = { V: ITEMS, D: DIM, N: 3200 };

type Kind = 'fit-regression' | 'fit-deep';

/** Synthetic ratings: user and item ids and a rating in 1..5 for each sample, the same for every implementation. */
function ratingsOf(samples: number): { users: Int32Array; items: Int32Array; ratings: Float32Array } {
  const rng = seeded(11);
  return {
    users: Int32Array.from({ length: samples }, () => Math.floor(rng() * USERS)),
    items: Int32Array.from({ length: samples }, () => Math.floor(rng() * ITEMS)),
    ratings: Float32Array.from({ length: samples }, () => 1 + Math.floor(rng() * 5)),
  };
}

function oursModel(kind: Kind): Model {
  const user = Input({ shape: [1], name: 'user' });
  const item = Input({ shape: [1], name: 'item' });
  const u = new Flatten().apply(new Embedding({ inputDim: USERS, outputDim: DIM, name: 'user_embedding', seed: 1 }).apply(user));
  const v = new Flatten().apply(new Embedding({ inputDim: ITEMS, outputDim: DIM, name: 'item_embedding', seed: 2 }).apply(item));
  const output =
    kind === 'fit-regression'
      ? new Dot({ axes: 1 }).apply([u, v])
      : new Dense({ units: 1 }).apply(new Dense({ units: 64, activation: 'relu' }).apply(new Concatenate().apply([u, v])));
  return new Model({ inputs: [user, item], outputs: output });
}

function ours(kind: Kind): Entry {
  return {
    op: kind,
    impl: 'ours',
    groups: ['training'],
    setup(w): Runner {
      const { users, items, ratings } = ratingsOf(w.shape.N);
      const model = oursModel(kind);
      model.compile({ optimizer: new Adam({ learningRate: 1e-3 }), loss: 'mae' });
      let epoch = 0;
      return {
        clock: 'host',
        run: async () => void (await model.fit([users, items], ratings, { epochs: 1, batchSize: BATCH, seed: epoch++, verbose: 0 })),
        dispose: () => {
          const layers = model.layers;
          model.dispose();
          for (const layer of layers) layer.dispose();
        },
      };
    },
  };
}

function tfjsModel(kind: Kind): tfl.LayersModel {
  const user = tfl.input({ shape: [1], dtype: 'int32', name: 'user' });
  const item = tfl.input({ shape: [1], dtype: 'int32', name: 'item' });
  const embed = (input: tfl.SymbolicTensor, rows: number, name: string) =>
    tfl.layers.flatten().apply(tfl.layers.embedding({ inputDim: rows, outputDim: DIM, name }).apply(input)) as tfl.SymbolicTensor;
  const u = embed(user, USERS, 'user_embedding');
  const v = embed(item, ITEMS, 'item_embedding');
  const output =
    kind === 'fit-regression'
      ? tfl.layers.dot({ axes: 1 }).apply([u, v])
      : tfl.layers.dense({ units: 1 }).apply(tfl.layers.dense({ units: 64, activation: 'relu' }).apply(tfl.layers.concatenate().apply([u, v])));
  return tfl.model({ inputs: [user, item], outputs: output as tfl.SymbolicTensor });
}

function tfjs(kind: Kind): Entry {
  return {
    op: kind,
    impl: 'tfjs-webgpu',
    groups: ['training'],
    async setup(w, device): Promise<Runner> {
      await useDevice(device);
      const { users, items, ratings } = ratingsOf(w.shape.N);
      const model = tfjsModel(kind);
      model.compile({ optimizer: tf.train.adam(1e-3), loss: 'meanAbsoluteError' });
      const xs = [tf.tensor2d(users, [users.length, 1], 'int32'), tf.tensor2d(items, [items.length, 1], 'int32')];
      const ys = tf.tensor2d(ratings, [ratings.length, 1]);
      return {
        clock: 'host',
        run: async () => void (await model.fit(xs, ys, { epochs: 1, batchSize: BATCH, shuffle: true, verbose: 0 })),
        dispose: () => {
          tf.dispose([...xs, ys]);
          model.dispose();
        },
      };
    },
  };
}

/** Issue 11's entries. */
export const trainingEntries: Entry[] = [ours('fit-regression'), tfjs('fit-regression'), ours('fit-deep'), tfjs('fit-deep')];
