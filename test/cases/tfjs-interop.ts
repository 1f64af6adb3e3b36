/**
 * Both directions against TensorFlow.js itself (@tensorflow/tfjs-layers on
 * its CPU backend): a model saved here loads with tf.loadLayersModel and
 * predicts the same; a TF.js layers model saved by TF.js loads here and
 * predicts the same; what TF.js cannot read (EmbeddingBag, int8 tables) is
 * refused by TF.js by name instead of misread.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { Concatenate, Dense, Dot, Dropout, Embedding, EmbeddingBag, Flatten, Input, loadModel, Model, Sequential } from '../../src/index.js';
import { assert, assertAllClose, assertShape } from '../support/close.js';
import { randomFloats, randomInts, type Random } from '../support/random.js';
import { memoryHandler } from '../support/saved-models.js';
import { tfjsArtifacts } from '../support/tfjs-saved.js';
import type { Case } from './case.js';

async function cpuBackend(): Promise<void> {
  if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu');
}

/** Our predictions and TF.js's for the same index batches (one array per input). */
async function comparePredictions(ours: Model, theirs: tfl.LayersModel, inputs: Int32Array[], shapes: number[][], label: string, atol = 0): Promise<void> {
  const ourOut = ours.predict(inputs.length === 1 ? inputs[0] : inputs);
  const tfIn = inputs.map((ids, i) => tf.tensor(ids, [ids.length / shapes[i].reduce((a, b) => a * b, 1), ...shapes[i]], 'int32'));
  const tfOut = theirs.predict(tfIn.length === 1 ? tfIn[0] : tfIn);
  const ourList = Array.isArray(ourOut) ? ourOut : [ourOut];
  const tfList = Array.isArray(tfOut) ? tfOut : [tfOut];
  assert(ourList.length === tfList.length, `${label}: ${ourList.length} outputs vs TF.js's ${tfList.length}`);
  for (const [i, t] of ourList.entries()) {
    assertShape(t.shape, tfList[i].shape, `${label} output ${i}`);
    assertAllClose(await t.data(), await tfList[i].data(), `${label} output ${i} vs TF.js`, { atol });
    t.dispose();
  }
  tf.dispose([...tfIn, ...tfList]);
}

async function loadInTfjs(model: Model): Promise<tfl.LayersModel> {
  const handler = memoryHandler();
  await model.save(handler);
  return tfl.loadLayersModel(tf.io.fromMemory(handler.artifacts as tf.io.ModelArtifacts));
}

function ours(rng: Random, options: Record<string, unknown> = {}) {
  const user = Input({ shape: [1], name: 'user' });
  const item = Input({ shape: [2], name: 'items' });
  const users = new Embedding({ inputDim: 13, outputDim: 4, name: 'user_embedding', weights: [randomFloats(rng, 52)], ...options });
  const items = new Embedding({ inputDim: 9, outputDim: 3, name: 'item_embedding', weights: [randomFloats(rng, 27)] });
  const flat = new Flatten({ name: 'flatten' });
  return new Model({ inputs: [user, item], outputs: [flat.apply(users.apply(user)), items.apply(item), users.apply(item)], name: 'towers' });
}

export const cases: Case[] = [
  {
    name: 'ours -> TF.js: a functional model (two inputs, a shared table, three outputs) loads with tf.loadLayersModel and predicts the same',
    run: async (rng) => {
      await cpuBackend();
      for (const options of [{}, { lookup: 'onehot', outOfRange: 'zero', maskZero: false, seed: 9 }]) {
        const model = ours(rng, options);
        const theirs = await loadInTfjs(model);
        assert(JSON.stringify(theirs.weights.map((w) => w.originalName)) === JSON.stringify(['user_embedding/embeddings', 'item_embedding/embeddings']), theirs.weights.map((w) => w.originalName).join());
        await comparePredictions(model, theirs, [randomInts(rng, 6, 13), randomInts(rng, 12, 9)], [[1], [2]], JSON.stringify(options));
        model.dispose();
        theirs.dispose();
      }
    },
  },
  {
    name: 'ours -> TF.js: a Sequential model and a float16 table (TF.js float16 quantisation) predict the same in TF.js',
    run: async (rng) => {
      await cpuBackend();
      const stack = new Sequential([new Embedding({ inputDim: 10, outputDim: 3, inputLength: 4, weights: [randomFloats(rng, 30)], name: 'tokens' }), new Flatten()]);
      const theirs = await loadInTfjs(stack);
      await comparePredictions(stack, theirs, [randomInts(rng, 20, 10)], [[4]], 'Sequential');
      const x = Input({ shape: [3] });
      const half = new Model({ inputs: x, outputs: new Embedding({ inputDim: 50, outputDim: 6, dtype: 'float16', weights: [randomFloats(rng, 300)] }).apply(x) });
      const halfTheirs = await loadInTfjs(half);
      await comparePredictions(half, halfTheirs, [randomInts(rng, 15, 50)], [[3]], 'float16 table');
      for (const m of [stack, half]) m.dispose();
      theirs.dispose();
      halfTheirs.dispose();
    },
  },
  {
    name: 'TF.js -> ours: functional and Sequential TF.js models (TF.js names, batch_input_shape, null mask_zero) load here and predict the same',
    run: async (rng) => {
      await cpuBackend();
      const user = tfl.input({ shape: [1], dtype: 'int32', name: 'user' });
      const items = tfl.input({ shape: [3], dtype: 'int32', name: 'items' });
      const userTable = tfl.layers.embedding({ inputDim: 12, outputDim: 5, name: 'user_embedding' });
      const itemTable = tfl.layers.embedding({ inputDim: 8, outputDim: 5, embeddingsInitializer: 'randomNormal' });
      const functional = tfl.model({ inputs: [user, items], outputs: [tfl.layers.flatten().apply(userTable.apply(user)) as tfl.SymbolicTensor, itemTable.apply(items) as tfl.SymbolicTensor] });
      const sequential = tfl.sequential({ layers: [tfl.layers.embedding({ inputDim: 20, outputDim: 2, inputLength: 5 }), tfl.layers.flatten()] });
      for (const [theirs, inputs, shapes] of [
        [functional, [randomInts(rng, 7, 12), randomInts(rng, 21, 8)], [[1], [3]]],
        [sequential, [randomInts(rng, 15, 20)], [[5]]],
      ] as const) {
        const artifacts = await tfjsArtifacts(theirs);
        const loaded = await loadModel(tf.io.fromMemory(artifacts as tf.io.ModelArtifacts));
        const names = (ws: readonly { name: string }[]) => JSON.stringify(ws.map((w) => w.name));
        assert(names(loaded.weights) === JSON.stringify(theirs.weights.map((w) => w.originalName)), `${names(loaded.weights)} vs TF.js's ${theirs.weights.map((w) => w.originalName)}`);
        assert(loaded instanceof Sequential === theirs instanceof tfl.Sequential, 'model class');
        await comparePredictions(loaded, theirs, [...inputs], shapes.map((s) => [...s]), theirs instanceof tfl.Sequential ? 'TF.js Sequential' : 'TF.js functional');
        loaded.dispose();
      }
      functional.dispose();
      sequential.dispose();
    },
  },
  {
    name: 'ours -> TF.js and TF.js -> ours with Dense, Dot (plain and cosine), Concatenate and Dropout, functional and Sequential: the same predictions',
    run: async (rng) => {
      await cpuBackend();
      const user = Input({ shape: [1], name: 'user' });
      const item = Input({ shape: [1], name: 'item' });
      const u = new Flatten().apply(new Embedding({ inputDim: 20, outputDim: 6, name: 'user_embedding' }).apply(user));
      const v = new Flatten().apply(new Embedding({ inputDim: 25, outputDim: 6, name: 'item_embedding' }).apply(item));
      const hidden = new Dense({ units: 5, activation: 'relu', name: 'dense' }).apply(new Dropout({ rate: 0.4 }).apply(new Concatenate().apply([u, v])));
      const deep = new Model({ inputs: [user, item], outputs: [new Dense({ units: 1, activation: 'sigmoid', name: 'score' }).apply(hidden), new Dot({ axes: 1 }).apply([u, v]), new Dot({ axes: 1, normalize: true }).apply([u, v])] });
      const stack = new Sequential([new Embedding({ inputDim: 9, outputDim: 4, inputLength: 3 }), new Flatten(), new Dense({ units: 4, activation: 'tanh' }), new Dense({ units: 3, activation: 'softmax' })]);
      const pairs = [randomInts(rng, 8, 20), randomInts(rng, 8, 25)];
      const deepTheirs = await loadInTfjs(deep);
      await comparePredictions(deep, deepTheirs, pairs, [[1], [1]], 'deep model in TF.js', 1e-5);
      const stackTheirs = await loadInTfjs(stack);
      await comparePredictions(stack, stackTheirs, [randomInts(rng, 12, 9)], [[3]], 'Dense stack in TF.js', 1e-5);

      const tu = tfl.input({ shape: [1], dtype: 'int32', name: 'user' });
      const ti = tfl.input({ shape: [1], dtype: 'int32', name: 'item' });
      const tuv = tfl.layers.flatten().apply(tfl.layers.embedding({ inputDim: 20, outputDim: 6 }).apply(tu)) as tfl.SymbolicTensor;
      const tiv = tfl.layers.flatten().apply(tfl.layers.embedding({ inputDim: 25, outputDim: 6 }).apply(ti)) as tfl.SymbolicTensor;
      const joined = tfl.layers.dropout({ rate: 0.2 }).apply(tfl.layers.concatenate().apply([tuv, tiv])) as tfl.SymbolicTensor;
      const tfDeep = tfl.model({
        inputs: [tu, ti],
        outputs: [
          tfl.layers.dense({ units: 1, activation: 'sigmoid' }).apply(tfl.layers.dense({ units: 7, activation: 'relu' }).apply(joined)) as tfl.SymbolicTensor,
          tfl.layers.dot({ axes: 1, normalize: true }).apply([tuv, tiv]) as tfl.SymbolicTensor,
        ],
      });
      const tfStack = tfl.sequential({ layers: [tfl.layers.dense({ units: 3, inputShape: [4], activation: 'relu', kernelInitializer: 'heUniform' }), tfl.layers.dense({ units: 2 })] });
      const fromDeep = await loadModel(tf.io.fromMemory((await tfjsArtifacts(tfDeep)) as tf.io.ModelArtifacts));
      await comparePredictions(fromDeep, tfDeep, pairs, [[1], [1]], 'TF.js deep model here', 1e-5);
      const fromStack = await loadModel(tf.io.fromMemory((await tfjsArtifacts(tfStack)) as tf.io.ModelArtifacts));
      assert(fromStack.inputs[0].dtype === 'float32', `a Dense-first Sequential takes floats, not ${fromStack.inputs[0].dtype}`);
      const floats = randomFloats(rng, 20);
      const ours = (await (fromStack.predict(floats) as { data(): Promise<Float32Array> }).data());
      const tfOut = tfStack.predict(tf.tensor(floats, [5, 4])) as tf.Tensor;
      assertAllClose(ours, await tfOut.data(), 'TF.js Dense stack here', { atol: 1e-5 });
      tfOut.dispose();
      for (const m of [deep, stack, fromDeep, fromStack]) m.dispose();
      for (const m of [deepTheirs, stackTheirs, tfDeep, tfStack]) m.dispose();
    },
  },
  {
    name: 'what TF.js cannot read is refused by TF.js by name, never misread: EmbeddingBag (unknown layer), int8 tables (unknown quantisation)',
    run: async (rng) => {
      await cpuBackend();
      const x = Input({ shape: [3] });
      const bag = new Model({ inputs: x, outputs: new EmbeddingBag({ inputDim: 5, outputDim: 2, mode: 'sum' }).apply(x) });
      const table = new Embedding({ inputDim: 5, outputDim: 2, weights: [randomFloats(rng, 10)] });
      const y = Input({ shape: [1] });
      const int8 = new Model({ inputs: y, outputs: table.apply(y) });
      table.quantize('int8');
      for (const [model, pattern] of [
        [bag, /Unknown layer: EmbeddingBag/],
        [int8, /unknown quantization dtype int8/],
      ] as const) {
        try {
          const theirs = await loadInTfjs(model);
          theirs.dispose();
          throw new Error(`TF.js loaded ${model.layers.map((l) => l.className)} without complaint`);
        } catch (error) {
          assert(pattern.test((error as Error).message), `TF.js said: ${(error as Error).message}`);
        }
        model.dispose();
      }
    },
  },
];
