/**
 * fit against TensorFlow.js's own fit (tfjs-layers on its CPU backend): the
 * same architectures and initial weights (TF.js's, copied over), the same
 * data in order (shuffle: false), the same loss, metrics and optimizer;
 * every epoch's logs (validation too) and the final weights agree within
 * float32 rounding. This is the parity the design asks for: TF.js's rules,
 * defaults, clipping and names.
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adagrad, Adam, Concatenate, Dense, Dot, Embedding, Flatten, Input, Model, RMSprop, SGD, type CompileArgs } from '../../src/index.js';
import { assertAllClose } from '../support/close.js';
import { setupGpu } from '../support/gpu.js';
import { freshSeed, randomFloats, randomInts, seeded } from '../support/random.js';

const seed = freshSeed(process.env.TEST_SEED);
const tolerance = { atol: 5e-5, rtol: 5e-4 };

type Kind = 'dot' | 'deep' | 'softmax' | 'sigmoid';

function ours(kind: Kind): Model {
  if (kind === 'softmax' || kind === 'sigmoid') {
    const x = Input({ shape: [4], dtype: 'float32', name: 'x' });
    const units = kind === 'softmax' ? 3 : 1;
    return new Model({ inputs: x, outputs: new Dense({ units, activation: kind, name: 'out' }).apply(new Dense({ units: 5, activation: 'tanh', name: 'hidden' }).apply(x)) });
  }
  const user = Input({ shape: [1], name: 'user' });
  const item = Input({ shape: [1], name: 'item' });
  const u = new Flatten({ name: 'fu' }).apply(new Embedding({ inputDim: 9, outputDim: 4, name: 'user_embedding' }).apply(user));
  const v = new Flatten({ name: 'fv' }).apply(new Embedding({ inputDim: 14, outputDim: 4, name: 'item_embedding' }).apply(item));
  if (kind === 'dot') return new Model({ inputs: [user, item], outputs: new Dot({ axes: 1, name: 'dot' }).apply([u, v]) });
  const hidden = new Dense({ units: 6, activation: 'relu', name: 'hidden' }).apply(new Concatenate({ name: 'concat' }).apply([u, v]));
  return new Model({ inputs: [user, item], outputs: new Dense({ units: 1, name: 'score' }).apply(hidden) });
}

function theirs(kind: Kind): tfl.LayersModel {
  if (kind === 'softmax' || kind === 'sigmoid') {
    const x = tfl.input({ shape: [4], name: 'x' });
    const units = kind === 'softmax' ? 3 : 1;
    const hidden = tfl.layers.dense({ units: 5, activation: 'tanh', name: 'hidden' }).apply(x);
    return tfl.model({ inputs: x, outputs: tfl.layers.dense({ units, activation: kind, name: 'out' }).apply(hidden) as tfl.SymbolicTensor });
  }
  const user = tfl.input({ shape: [1], name: 'user' });
  const item = tfl.input({ shape: [1], name: 'item' });
  const u = tfl.layers.flatten({ name: 'fu' }).apply(tfl.layers.embedding({ inputDim: 9, outputDim: 4, name: 'user_embedding' }).apply(user)) as tfl.SymbolicTensor;
  const v = tfl.layers.flatten({ name: 'fv' }).apply(tfl.layers.embedding({ inputDim: 14, outputDim: 4, name: 'item_embedding' }).apply(item)) as tfl.SymbolicTensor;
  if (kind === 'dot') return tfl.model({ inputs: [user, item], outputs: tfl.layers.dot({ axes: 1, name: 'dot' }).apply([u, v]) as tfl.SymbolicTensor });
  const hidden = tfl.layers.dense({ units: 6, activation: 'relu', name: 'hidden' }).apply(tfl.layers.concatenate({ name: 'concat' }).apply([u, v]));
  return tfl.model({ inputs: [user, item], outputs: tfl.layers.dense({ units: 1, name: 'score' }).apply(hidden) as tfl.SymbolicTensor });
}

interface Setup {
  kind: Kind;
  ours: () => CompileArgs;
  theirs: () => tfl.ModelCompileArgs;
}

const setups: Setup[] = [
  { kind: 'dot', ours: () => ({ optimizer: 'adam', loss: 'mae', metrics: ['mse'] }), theirs: () => ({ optimizer: 'adam', loss: 'meanAbsoluteError', metrics: ['mse'] }) },
  { kind: 'dot', ours: () => ({ optimizer: new SGD({ learningRate: 0.05, momentum: 0.9, nesterov: true }), loss: 'mse' }), theirs: () => ({ optimizer: tf.train.momentum(0.05, 0.9, true), loss: 'meanSquaredError' }) },
  { kind: 'deep', ours: () => ({ optimizer: new Adam({ learningRate: 0.01 }), loss: 'mse', metrics: ['mae'] }), theirs: () => ({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError', metrics: ['mae'] }) },
  { kind: 'deep', ours: () => ({ optimizer: 'rmsprop', loss: 'mae' }), theirs: () => ({ optimizer: 'rmsprop', loss: 'meanAbsoluteError' }) },
  { kind: 'deep', ours: () => ({ optimizer: new Adagrad({ learningRate: 0.1 }), loss: 'mse' }), theirs: () => ({ optimizer: tf.train.adagrad(0.1), loss: 'meanSquaredError' }) },
  { kind: 'softmax', ours: () => ({ optimizer: 'sgd', loss: 'categoricalCrossentropy', metrics: ['accuracy'] }), theirs: () => ({ optimizer: 'sgd', loss: 'categoricalCrossentropy', metrics: ['accuracy'] }) },
  { kind: 'softmax', ours: () => ({ optimizer: new RMSprop({ learningRate: 0.01, momentum: 0.3 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] }), theirs: () => ({ optimizer: tf.train.rmsprop(0.01, 0.9, 0.3), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] }) },
  { kind: 'sigmoid', ours: () => ({ optimizer: new Adam({ learningRate: 0.02 }), loss: 'binaryCrossentropy', metrics: ['accuracy'] }), theirs: () => ({ optimizer: tf.train.adam(0.02), loss: 'binaryCrossentropy', metrics: ['accuracy'] }) },
];

describe(`fit vs TensorFlow.js's fit (tfjs-layers, CPU backend), seed ${seed}`, () => {
  beforeAll(async () => {
    await setupGpu('Node tier');
    await tf.setBackend('cpu');
  });

  for (const [i, setup] of setups.entries()) {
    it(`${setup.kind}, ${JSON.stringify(setup.theirs().loss)} with ${String(setup.theirs().optimizer instanceof tf.Optimizer ? setup.theirs().optimizer.constructor.name : setup.theirs().optimizer)}: logs per epoch and final weights as TF.js`, async () => {
      const rng = seeded(seed + i);
      const n = 40;
      const model = ours(setup.kind);
      const reference = theirs(setup.kind);
      model.setWeights(await Promise.all(reference.getWeights().map((t) => t.data() as Promise<Float32Array>)));
      const ids = setup.kind === 'dot' || setup.kind === 'deep';
      const x = ids ? [randomInts(rng, n, 9), randomInts(rng, n, 14)] : randomFloats(rng, n * 4);
      const tfX = ids ? (x as Int32Array[]).map((a) => tf.tensor2d(Float32Array.from(a), [n, 1])) : tf.tensor2d(x as Float32Array, [n, 4]);
      let y: Float32Array;
      let tfY: tf.Tensor;
      if (setup.kind === 'softmax') {
        const classes = randomInts(rng, n, 3);
        const sparse = setup.theirs().loss === 'sparseCategoricalCrossentropy';
        y = sparse ? Float32Array.from(classes) : Float32Array.from({ length: n * 3 }, (_, j) => (classes[Math.floor(j / 3)] === j % 3 ? 1 : 0));
        tfY = sparse ? tf.tensor2d(y, [n, 1]) : tf.tensor2d(y, [n, 3]);
      } else {
        y = setup.kind === 'sigmoid' ? Float32Array.from({ length: n }, () => (rng() < 0.5 ? 0 : 1)) : Float32Array.from({ length: n }, () => Math.floor(rng() * 5) - 2);
        tfY = tf.tensor2d(y, [n, 1]);
      }
      model.compile(setup.ours());
      reference.compile(setup.theirs());
      const args = { epochs: 3, batchSize: 6, shuffle: false, validationSplit: 0.2, verbose: 0 as const };
      const history = await model.fit(x, y, args);
      const expected = await reference.fit(tfX, tfY, args);
      expect(Object.keys(history.history).sort()).toEqual(Object.keys(expected.history).sort());
      for (const key of Object.keys(expected.history)) assertAllClose(history.history[key], expected.history[key] as number[], `${setup.kind}: ${key}`, tolerance);
      const weights = model.getWeights();
      const theirWeights = reference.getWeights();
      for (const [j, w] of weights.entries()) assertAllClose(await w.data(), await theirWeights[j].data(), `${setup.kind}: weight ${j} (${model.weights[j].name})`, tolerance);
      const evaluated = await model.evaluate(x, y);
      const theirEvaluation = reference.evaluate(tfX, tfY) as tf.Scalar | tf.Scalar[];
      const theirLoss = (Array.isArray(theirEvaluation) ? theirEvaluation[0] : theirEvaluation).dataSync()[0];
      assertAllClose([evaluated.loss], [theirLoss], `${setup.kind}: evaluate`, tolerance);
      for (const w of weights) w.dispose();
      const layers = model.layers;
      model.dispose();
      for (const layer of layers) layer.dispose();
      reference.dispose();
    });
  }
});
