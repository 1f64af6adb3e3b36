/**
 * Models saved with their optimizer, both ways against TensorFlow.js itself
 * (@tensorflow/tfjs-layers on its CPU backend): a model trained and saved
 * here with `includeOptimizer` loads with tf.loadLayersModel compiled, with
 * our optimizer's class, settings and state, and one more epoch there
 * matches one more epoch here; a TF.js model saved with `includeOptimizer`
 * (trained, or not stepped yet: `iter` alone) loads here the same way.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { Adagrad, Adam, Concatenate, Dense, Embedding, Flatten, Input, loadModel, Model, RMSprop, Sequential, SGD, type Optimizer } from '../../src/index.js';
import { assert, assertAllClose } from '../support/close.js';
import { randomInts, type Random } from '../support/random.js';
import { memoryHandler } from '../support/saved-models.js';
import { tfjsArtifacts } from '../support/tfjs-saved.js';
import type { Case } from './case.js';

const tolerance = { atol: 5e-5, rtol: 5e-4 };

function ours(): Model {
  const user = Input({ shape: [1], name: 'user' });
  const item = Input({ shape: [1], name: 'item' });
  const u = new Flatten({ name: 'fu' }).apply(new Embedding({ inputDim: 9, outputDim: 4, name: 'user_embedding' }).apply(user));
  const v = new Flatten({ name: 'fv' }).apply(new Embedding({ inputDim: 14, outputDim: 4, name: 'item_embedding' }).apply(item));
  const hidden = new Dense({ units: 6, activation: 'relu', name: 'hidden' }).apply(new Concatenate({ name: 'concat' }).apply([u, v]));
  return new Model({ inputs: [user, item], outputs: new Dense({ units: 1, name: 'score' }).apply(hidden) });
}

function theirs(): tfl.LayersModel {
  const user = tfl.input({ shape: [1], name: 'user', dtype: 'int32' });
  const item = tfl.input({ shape: [1], name: 'item', dtype: 'int32' });
  const u = tfl.layers.flatten({ name: 'fu' }).apply(tfl.layers.embedding({ inputDim: 9, outputDim: 4, name: 'user_embedding' }).apply(user)) as tfl.SymbolicTensor;
  const v = tfl.layers.flatten({ name: 'fv' }).apply(tfl.layers.embedding({ inputDim: 14, outputDim: 4, name: 'item_embedding' }).apply(item)) as tfl.SymbolicTensor;
  const hidden = tfl.layers.dense({ units: 6, activation: 'relu', name: 'hidden' }).apply(tfl.layers.concatenate({ name: 'concat' }).apply([u, v]));
  return tfl.model({ inputs: [user, item], outputs: tfl.layers.dense({ units: 1, name: 'score' }).apply(hidden) as tfl.SymbolicTensor });
}

/** Each optimizer here and its TF.js twin (TF.js's class name and config as its getConfig gives them). */
const pairs: { ours: () => Optimizer; theirs: () => tf.Optimizer; className: string; config: object }[] = [
  { ours: () => new Adam({ learningRate: 0.01 }), theirs: () => tf.train.adam(0.01), className: 'Adam', config: { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } },
  { ours: () => new SGD({ learningRate: 0.05 }), theirs: () => tf.train.sgd(0.05), className: 'SGD', config: { learningRate: 0.05 } },
  {
    ours: () => new SGD({ learningRate: 0.05, momentum: 0.9, nesterov: true }),
    theirs: () => tf.train.momentum(0.05, 0.9, true),
    className: 'Momentum',
    config: { learningRate: 0.05, momentum: 0.9, useNesterov: true },
  },
  { ours: () => new Adagrad({ learningRate: 0.1 }), theirs: () => tf.train.adagrad(0.1), className: 'Adagrad', config: { learningRate: 0.1, initialAccumulatorValue: 0.1 } },
  {
    ours: () => new RMSprop({ learningRate: 0.01, momentum: 0.3 }),
    theirs: () => tf.train.rmsprop(0.01, 0.9, 0.3),
    className: 'RMSProp',
    config: { learningRate: 0.01, decay: 0.9, momentum: 0.3, epsilon: 1e-7, centered: false },
  },
];

interface Data {
  x: (Int32Array | Float32Array)[];
  y: Float32Array;
  tfX: tf.Tensor[];
  tfY: tf.Tensor;
}

function makeData(rng: Random, n = 40): Data {
  const x = [randomInts(rng, n, 9), randomInts(rng, n, 14)];
  const y = Float32Array.from({ length: n }, () => Math.floor(rng() * 5) - 2);
  return { x, y, tfX: x.map((ids) => tf.tensor2d(ids, [n, 1], 'int32')), tfY: tf.tensor2d(y, [n, 1]) };
}

const args = { batchSize: 6, shuffle: false, verbose: 0 as const };

async function tfjsState(optimizer: tf.Optimizer): Promise<{ names: string[]; values: Float32Array[] }> {
  const named = await optimizer.getWeights();
  return { names: named.map((n) => n.name), values: await Promise.all(named.map(async (n) => Float32Array.from(await n.tensor.data()))) };
}

async function ourState(optimizer: Optimizer): Promise<{ names: string[]; values: Float32Array[] }> {
  const named = await optimizer.getWeights();
  const values = await Promise.all(named.map(async (n) => Float32Array.from(await n.tensor.data())));
  for (const n of named) n.tensor.dispose();
  return { names: named.map((n) => n.name), values };
}

/** One more epoch in both; their losses and final weights agree within float32 rounding. */
async function oneMoreEpoch(model: Model, reference: tfl.LayersModel, d: Data, label: string): Promise<void> {
  const one = d.x.length === 1;
  const history = await model.fit(one ? d.x[0] : d.x, d.y, { ...args, epochs: 1 });
  const expected = await reference.fit(one ? d.tfX[0] : d.tfX, d.tfY, { ...args, epochs: 1 });
  assertAllClose(history.history.loss, expected.history.loss as number[], `${label}: loss of the next epoch`, tolerance);
  const weights = model.getWeights();
  const theirWeights = reference.getWeights();
  for (const [j, w] of weights.entries()) assertAllClose(await w.data(), await theirWeights[j].data(), `${label}: weight ${model.weights[j].name} after the next epoch`, tolerance);
  for (const w of weights) w.dispose();
}

function disposeOurs(model: Model): void {
  const layers = model.layers;
  model.dispose();
  for (const layer of layers) layer.dispose();
}

export const cases: Case[] = [
  {
    name: "ours -> TF.js: a model trained and saved with includeOptimizer loads with tf.loadLayersModel compiled with the same optimizer and state; one more epoch there matches one more here (every optimizer TF.js has)",
    run: async (rng) => {
      await tf.setBackend('cpu');
      const d = makeData(rng);
      for (const pair of pairs) {
        const model = ours();
        model.compile({ optimizer: pair.ours(), loss: 'mse', metrics: ['meanAbsoluteError'] });
        await model.fit(d.x, d.y, { ...args, epochs: 2 });
        const handler = memoryHandler();
        await model.save(handler, { includeOptimizer: true });
        const reference = await tfl.loadLayersModel(tf.io.fromMemory(handler.artifacts as tf.io.ModelArtifacts));
        const label = `${pair.className} here -> TF.js`;
        const optimizer = reference.optimizer;
        assert(optimizer && optimizer.getClassName() === pair.className, `${label}: TF.js compiled with ${optimizer?.getClassName()}`);
        assert(JSON.stringify(optimizer.getConfig()) === JSON.stringify(pair.config), `${label}: TF.js's config ${JSON.stringify(optimizer.getConfig())}`);
        assert(reference.loss === 'meanSquaredError' && reference.metricsNames.join() === 'loss,mae', `${label}: TF.js's loss ${String(reference.loss)}, logs ${reference.metricsNames}`);
        assert(optimizer.iterations === model.optimizer!.iterations, `${label}: TF.js's iterations ${optimizer.iterations}, ours ${model.optimizer!.iterations}`);
        const [mine, there] = [await ourState(model.optimizer!), await tfjsState(optimizer)];
        assert(JSON.stringify(there.names) === JSON.stringify(mine.names), `${label}: TF.js's state ${there.names} vs ours ${mine.names}`);
        there.values.forEach((v, i) => assertAllClose(v, mine.values[i], `${label}: ${there.names[i]} in TF.js (exact)`));
        await oneMoreEpoch(model, reference, d, label);
        model.optimizer!.dispose();
        disposeOurs(model);
        reference.dispose();
      }
      tf.dispose([...d.tfX, d.tfY]);
    },
  },
  {
    name: 'TF.js -> ours: a TF.js model trained and saved with includeOptimizer loads here compiled with the same optimizer and state; one more epoch here matches one more there (every optimizer; iter alone for one that has not stepped)',
    run: async (rng) => {
      await tf.setBackend('cpu');
      const d = makeData(rng);
      for (const [i, pair] of pairs.entries()) {
        const reference = theirs();
        reference.compile({ optimizer: pair.theirs(), loss: 'meanSquaredError', metrics: ['mae'] });
        // The first pair is saved before any step: TF.js then writes iter alone (its slots come with the first step).
        if (i > 0) await reference.fit(d.tfX, d.tfY, { ...args, epochs: 2 });
        const artifacts = await tfjsArtifacts(reference, { includeOptimizer: true });
        const label = `${pair.className} TF.js -> here${i === 0 ? ' (not stepped)' : ''}`;
        assert(i > 0 || artifacts.weightSpecs!.filter((s) => s.group === 'optimizer').length === 1, `${label}: TF.js wrote more than iter before the first step`);
        const model = await loadModel(artifacts);
        const optimizer = model.optimizer!;
        assert(optimizer && JSON.stringify(optimizer.getConfig()) === JSON.stringify({ ...pair.ours().getConfig() }), `${label}: ours ${optimizer?.className} ${JSON.stringify(optimizer?.getConfig())}`);
        assert(optimizer.iterations === reference.optimizer.iterations, `${label}: iterations ${optimizer.iterations}, TF.js's ${reference.optimizer.iterations}`);
        if (i > 0) {
          const [mine, there] = [await ourState(optimizer), await tfjsState(reference.optimizer)];
          assert(mine.values.length === there.values.length, `${label}: ${mine.names} vs TF.js's ${there.names}`);
          mine.values.forEach((v, j) => assertAllClose(v, there.values[j], `${label}: ${mine.names[j]} vs TF.js's ${there.names[j]} (exact)`));
        }
        await oneMoreEpoch(model, reference, d, label);
        disposeOurs(model);
        reference.dispose();
      }
      tf.dispose([...d.tfX, d.tfY]);
    },
  },
  {
    name: 'TF.js -> ours: a tf.sequential model of Dense layers trained with Adam and saved with includeOptimizer loads here as a compiled Sequential; one more epoch agrees',
    run: async (rng) => {
      await tf.setBackend('cpu');
      const n = 30;
      const x = Float32Array.from({ length: n * 4 }, () => rng() * 2 - 1);
      const y = Float32Array.from({ length: n }, () => rng());
      const tfX = tf.tensor2d(x, [n, 4]);
      const tfY = tf.tensor2d(y, [n, 1]);
      const reference = tfl.sequential({ layers: [tfl.layers.dense({ units: 5, activation: 'tanh', inputShape: [4], name: 'hidden' }), tfl.layers.dense({ units: 1, name: 'out' })] });
      reference.compile({ optimizer: tf.train.adam(0.02), loss: 'meanSquaredError' });
      await reference.fit(tfX, tfY, { ...args, epochs: 2 });
      const model = await loadModel(await tfjsArtifacts(reference, { includeOptimizer: true }));
      assert(model instanceof Sequential && model.optimizer instanceof Adam && model.optimizer.iterations === reference.optimizer.iterations, `loaded ${model.className} with ${model.optimizer?.className} after ${model.optimizer?.iterations} steps`);
      await oneMoreEpoch(model, reference, { x: [x], y, tfX: [tfX], tfY }, 'tf.sequential with Adam');
      disposeOurs(model);
      reference.dispose();
      tf.dispose([tfX, tfY]);
    },
  },
];
