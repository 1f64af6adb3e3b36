/**
 * Browser storage, run by the browser tier only (its page picks up every
 * file here; no Node test imports this one): indexeddb:// in TF.js's own
 * database, both ways with TF.js; downloads:// (the two files the page
 * offers, read back from their blob URLs); and a path relative to the page,
 * fetched with the weight files relative to model.json.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { Embedding, Flatten, Input, loadModel, Model, type FetchLike } from '../../src/index.js';
import { assert, assertAllClose } from '../support/close.js';
import { randomFloats, randomInts, type Random } from '../support/random.js';
import { expectSamePredictions, memoryHandler } from '../support/saved-models.js';
import type { Case } from './case.js';

function tableModel(rng: Random): Model {
  const x = Input({ shape: [2], name: 'ids' });
  const table = new Embedding({ inputDim: 12, outputDim: 3, name: 'table', weights: [randomFloats(rng, 36)] });
  return new Model({ inputs: x, outputs: new Flatten({ name: 'flat' }).apply(table.apply(x)) });
}

async function sameAsTfjs(model: Model, theirs: tfl.LayersModel, ids: Int32Array): Promise<void> {
  const out = model.predict(ids) as { data(): Promise<Float32Array>; dispose(): void };
  const tfOut = theirs.predict(tf.tensor(ids, [ids.length / 2, 2], 'int32')) as tf.Tensor;
  assertAllClose(await out.data(), await tfOut.data(), 'vs TF.js');
  out.dispose();
  tfOut.dispose();
}

export const cases: Case[] = [
  {
    name: "indexeddb://: saved here, loaded here and by tf.loadLayersModel; saved by TF.js, loaded here (TF.js's database and stores)",
    run: async (rng) => {
      await tf.setBackend('cpu');
      const model = tableModel(rng);
      await model.save('indexeddb://webgpu-embeddings-test');
      const loaded = await loadModel('indexeddb://webgpu-embeddings-test');
      const ids = randomInts(rng, 8, 12);
      await expectSamePredictions(model, loaded, ids, 'indexeddb round trip');
      const theirs = await tfl.loadLayersModel('indexeddb://webgpu-embeddings-test');
      await sameAsTfjs(model, theirs, ids);
      const tfjsModel = tfl.sequential({ layers: [tfl.layers.embedding({ inputDim: 12, outputDim: 3, inputLength: 2 }), tfl.layers.flatten()] });
      await tfjsModel.save('indexeddb://made-by-tfjs');
      const fromTfjs = await loadModel('indexeddb://made-by-tfjs');
      await sameAsTfjs(fromTfjs, tfjsModel, ids);
      let missing = '';
      await loadModel('indexeddb://never-saved').catch((e: Error) => (missing = e.message));
      assert(/no model is saved in IndexedDB under the name 'never-saved'/.test(missing), missing);
      for (const m of [model, loaded, fromTfjs]) m.dispose();
      theirs.dispose();
      tfjsModel.dispose();
    },
  },
  {
    name: 'indexeddb:// with includeOptimizer: loaded here and by tf.loadLayersModel compiled, the optimizer where it stopped',
    run: async (rng) => {
      await tf.setBackend('cpu');
      const model = tableModel(rng);
      model.compile({ optimizer: 'adam', loss: 'mse' });
      await model.fit(randomInts(rng, 16, 12), randomFloats(rng, 48), { epochs: 1, batchSize: 4, verbose: 0 });
      await model.save('indexeddb://with-optimizer', { includeOptimizer: true });
      const loaded = await loadModel('indexeddb://with-optimizer');
      assert(loaded.optimizer?.className === 'Adam' && loaded.optimizer.iterations === 2, `loaded here: ${loaded.optimizer?.className} after ${loaded.optimizer?.iterations} steps`);
      const theirs = await tfl.loadLayersModel('indexeddb://with-optimizer');
      assert(theirs.optimizer?.getClassName() === 'Adam' && theirs.optimizer.iterations === 2, `loaded by TF.js: ${theirs.optimizer?.getClassName()} after ${theirs.optimizer?.iterations} steps`);
      for (const m of [model, loaded]) m.dispose();
      theirs.dispose();
    },
  },
  {
    name: 'downloads://: the page offers name.json and name.weights.bin, which load back with equal predictions',
    run: async (rng) => {
      const model = tableModel(rng);
      const offered: { name: string; href: string }[] = [];
      const click = HTMLAnchorElement.prototype.click;
      HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
        offered.push({ name: this.download, href: this.href });
      };
      try {
        await model.save('downloads://my-model');
      } finally {
        HTMLAnchorElement.prototype.click = click;
      }
      assert(JSON.stringify(offered.map((o) => o.name)) === JSON.stringify(['my-model.json', 'my-model.weights.bin']), JSON.stringify(offered));
      const [json, weights] = await Promise.all(offered.map(async (o) => new Uint8Array(await (await fetch(o.href)).arrayBuffer())));
      const modelJson = JSON.parse(new TextDecoder().decode(json));
      assert(JSON.stringify(modelJson.weightsManifest[0].paths) === '["./my-model.weights.bin"]', JSON.stringify(modelJson.weightsManifest));
      const loaded = await loadModel({ modelJson, weights: { 'my-model.weights.bin': weights } });
      await expectSamePredictions(model, loaded, randomInts(rng, 6, 12), 'downloaded files');
      model.dispose();
      loaded.dispose();
    },
  },
  {
    name: "a path relative to the page: model.json fetched from the page's origin, weight files relative to it",
    run: async (rng) => {
      const model = tableModel(rng);
      const handler = memoryHandler();
      await model.save(handler);
      const a = handler.artifacts!;
      const bytes = new Uint8Array(a.weightData as ArrayBuffer);
      const served = new Map<string, Uint8Array>([
        [new URL('models/m/model.json', location.href).href, new TextEncoder().encode(JSON.stringify({ format: a.format, modelTopology: a.modelTopology, weightsManifest: [{ paths: ['part1.bin', 'sub/part2.bin'], weights: a.weightSpecs }] }))],
        [new URL('models/m/part1.bin', location.href).href, bytes.slice(0, 50)],
        [new URL('models/m/sub/part2.bin', location.href).href, bytes.slice(50)],
      ]);
      const asked: string[] = [];
      const fetcher: FetchLike = async (url) => {
        asked.push(url);
        const body = served.get(url);
        return new Response(body ? (body as unknown as BodyInit) : null, { status: body ? 200 : 404 });
      };
      const loaded = await loadModel('models/m/model.json', { fetch: fetcher });
      assert(JSON.stringify(asked) === JSON.stringify([...served.keys()]), JSON.stringify(asked));
      await expectSamePredictions(model, loaded, randomInts(rng, 4, 12), 'relative path');
      model.dispose();
      loaded.dispose();
    },
  },
];
