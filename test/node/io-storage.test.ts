/**
 * Storage handlers that need Node: file:// (a folder with model.json and
 * weights.bin or 4 MiB shards; weight files confined to the model's
 * folder) and http(s):// against a real local server (loading with shard
 * paths relative to model.json; saving as TF.js's multipart POST). Files
 * written here also load in TF.js. Browser storage is refused clearly.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { createServer, type Server } from 'node:http';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Embedding, FormatError, Flatten, Input, loadModel, Model, memory } from '../../src/index.js';
import { freshSeed, randomFloats, randomInts, seeded } from '../support/random.js';
import { setupGpu } from '../support/gpu.js';
import { expectSamePredictions } from '../support/saved-models.js';

const seed = freshSeed(process.env.TEST_SEED);
const rng = seeded(seed);
let dir: string;

function tableModel(rows: number, dim: number): Model {
  const x = Input({ shape: [2], name: 'ids' });
  const table = new Embedding({ inputDim: rows, outputDim: dim, name: 'table', weights: [randomFloats(rng, rows * dim)] });
  return new Model({ inputs: x, outputs: new Flatten({ name: 'flat' }).apply(table.apply(x)) });
}

beforeAll(async () => {
  await setupGpu('Node tier');
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'webgpu-embeddings-io-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe(`file:// in Node, seed ${seed}`, () => {
  it('saves model.json and weights.bin into a folder; loadModel reads the file or the folder, with equal predictions; TF.js loads the files too', async () => {
    const model = tableModel(30, 6);
    const folder = join(dir, 'small');
    const result = await model.save(`file://${folder}`);
    expect(result.modelArtifactsInfo.weightDataBytes).toBe(30 * 6 * 4);
    expect((await readdir(folder)).sort()).toEqual(['model.json', 'weights.bin']);
    const json = JSON.parse(await readFile(join(folder, 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest).toEqual([{ paths: ['weights.bin'], weights: [{ name: 'table/embeddings', shape: [30, 6], dtype: 'float32' }] }]);
    const ids = randomInts(rng, 10, 30);
    for (const url of [`file://${folder}/model.json`, `file://${folder}`]) {
      const loaded = await loadModel(url);
      await expectSamePredictions(model, loaded, ids, url);
      loaded.dispose();
    }
    const weights = await readFile(join(folder, 'weights.bin'));
    const theirs = await tfl.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) }));
    const out = model.predict(ids) as { data(): Promise<Float32Array>; dispose(): void };
    const tfOut = theirs.predict(tf.tensor(ids, [5, 2], 'int32')) as tf.Tensor;
    expect(Array.from(await tfOut.data())).toEqual(Array.from(await out.data()));
    out.dispose();
    tfOut.dispose();
    theirs.dispose();
    model.dispose();
  });

  it('with includeOptimizer: model.json holds trainingConfig and the optimizer weights (group optimizer, possibly straddling shards); loadModel resumes fit exactly', async () => {
    const [model, straight] = [tableModel(30, 6), tableModel(30, 6)];
    straight.setWeights(model.getWeights());
    const ids = randomInts(rng, 40, 30);
    const y = Float32Array.from({ length: 20 * 12 }, () => rng());
    for (const m of [model, straight]) m.compile({ optimizer: 'adam', loss: 'mse' });
    const args = { batchSize: 8, shuffle: false, verbose: 0 as const };
    await straight.fit(ids, y, { ...args, epochs: 2 });
    await model.fit(ids, y, { ...args, epochs: 1 });
    const folder = join(dir, 'with-optimizer');
    await model.save(`file://${folder}`, { includeOptimizer: true, shardSizeBytes: 500 });
    const json = JSON.parse(await readFile(join(folder, 'model.json'), 'utf8'));
    expect(json.trainingConfig).toEqual({ loss: 'mean_squared_error', metrics: [], optimizer_config: { class_name: 'Adam', config: { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } } });
    expect(json.weightsManifest[0].weights).toEqual([
      { name: 'table/embeddings', shape: [30, 6], dtype: 'float32' },
      { name: 'iter', shape: [], dtype: 'int32', group: 'optimizer' },
      { name: 'table/embeddings/m', shape: [30, 6], dtype: 'float32', group: 'optimizer' },
      { name: 'table/embeddings/v', shape: [30, 6], dtype: 'float32', group: 'optimizer' },
    ]);
    expect(json.weightsManifest[0].paths).toHaveLength(5);
    const loaded = await loadModel(`file://${folder}`);
    expect(loaded.optimizer?.iterations).toBe(3);
    await loaded.fit(ids, y, { ...args, epochs: 1 });
    const [a, b] = [loaded.getWeights(), straight.getWeights()];
    expect(Array.from(await a[0].data())).toEqual(Array.from(await b[0].data()));
    for (const t of [...a, ...b]) t.dispose();
    for (const m of [model, straight, loaded]) m.dispose();
  });

  it('splits weights over 4 MiB into shards named as TF.js\'s converter does; smaller shards on request, a weight straddling two', async () => {
    const big = tableModel(20_000, 64);
    const folder = join(dir, 'big');
    await big.save(`file://${folder}`);
    expect((await readdir(folder)).sort()).toEqual(['group1-shard1of2.bin', 'group1-shard2of2.bin', 'model.json']);
    expect((await readFile(join(folder, 'group1-shard1of2.bin'))).byteLength).toBe(4 * 1024 * 1024);
    const loaded = await loadModel(`file://${folder}/model.json`);
    await expectSamePredictions(big, loaded, [[0, 19_999], [16_384, 16_385]], 'two shards');
    loaded.dispose();
    big.dispose();
    const small = tableModel(7, 3);
    await small.save(`file://${join(dir, 'tiny')}`, { shardSizeBytes: 10 });
    expect((await readdir(join(dir, 'tiny'))).length).toBe(1 + Math.ceil(84 / 10));
    const tiny = await loadModel(`file://${join(dir, 'tiny')}`);
    await expectSamePredictions(small, tiny, [[0, 6], [3, 4]], '10-byte shards');
    tiny.dispose();
    small.dispose();
  });

  it("refuses weight files outside model.json's folder, and says which file is missing", async () => {
    const model = tableModel(4, 2);
    const folder = join(dir, 'escape');
    await model.save(`file://${folder}`);
    model.dispose();
    const json = JSON.parse(await readFile(join(folder, 'model.json'), 'utf8'));
    for (const path of ['../secret.bin', '/etc/passwd', 'file:///etc/passwd']) {
      json.weightsManifest[0].paths = [path];
      await writeFile(join(folder, 'model.json'), JSON.stringify(json));
      const before = memory();
      const error = await loadModel(`file://${folder}`).catch((e) => e);
      expect(error).toBeInstanceOf(FormatError);
      expect(error.field).toBe('weightsManifest[0].paths[0]');
      expect(error.value).toBe(JSON.stringify(path));
      expect(error.file).toBe(join(folder, 'model.json'));
      expect(memory()).toEqual(before);
    }
    json.weightsManifest[0].paths = ['gone.bin'];
    await writeFile(join(folder, 'model.json'), JSON.stringify(json));
    await expect(loadModel(`file://${folder}`)).rejects.toThrow(/weightsManifest\[0\]\.paths\[0\].*gone\.bin/);
    await expect(loadModel(`file://${join(dir, 'nowhere')}`)).rejects.toThrow(/nowhere/);
  });
});

describe('http(s):// against a local server', () => {
  let server: Server;
  let base = '';
  const files = new Map<string, Buffer>();
  let posted: { type: string; body: Buffer } | null = null;
  const requested: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      requested.push(request.url ?? '');
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        if (request.method === 'POST') {
          posted = { type: String(request.headers['content-type']), body: Buffer.concat(chunks) };
          response.writeHead(200).end('{}');
          return;
        }
        const file = files.get(request.url ?? '');
        if (file) response.writeHead(200).end(file);
        else response.writeHead(404, 'Not Found').end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address() as { port: number };
    base = `http://127.0.0.1:${address.port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('loads model.json and shards relative to it (fetched, checked), with equal predictions', async () => {
    const model = tableModel(50, 8);
    const folder = join(dir, 'served');
    await model.save(`file://${folder}`, { shardSizeBytes: 512 });
    for (const name of await readdir(folder)) files.set(`/models/m/${name}`, await readFile(join(folder, name)));
    const loaded = await loadModel(`${base}/models/m/model.json`);
    await expectSamePredictions(model, loaded, randomInts(rng, 8, 50), 'over http');
    loaded.dispose();
    const json = JSON.parse(files.get('/models/m/model.json')!.toString());
    json.weightsManifest[0].paths[1] = 'http://elsewhere.example/weights.bin';
    files.set('/models/other/model.json', Buffer.from(JSON.stringify(json)));
    const error = await loadModel(`${base}/models/other/model.json`).catch((e) => e);
    expect(error).toBeInstanceOf(FormatError);
    expect(error.field).toBe('weightsManifest[0].paths[1]');
    // Refused before any weight file was fetched.
    expect(requested.filter((url) => url.startsWith('/models/other/'))).toEqual(['/models/other/model.json']);
    await expect(loadModel(`${base}/models/none/model.json`)).rejects.toThrow(/HTTP 404/);
    model.dispose();
  });

  it("saves with a multipart POST of model.json and model.weights.bin, as TF.js's http handler", async () => {
    const model = tableModel(9, 4);
    await model.save(`${base}/upload`);
    expect(posted!.type).toMatch(/^multipart\/form-data; boundary=/);
    const form = await new Request(`${base}/upload`, { method: 'POST', headers: { 'content-type': posted!.type }, body: new Uint8Array(posted!.body) }).formData();
    const modelJson = JSON.parse(await (form.get('model.json') as Blob).text());
    expect(modelJson.weightsManifest[0].paths).toEqual(['./model.weights.bin']);
    const weights = new Uint8Array(await (form.get('model.weights.bin') as Blob).arrayBuffer());
    const loaded = await loadModel({ modelJson, weights: { 'model.weights.bin': weights } });
    await expectSamePredictions(model, loaded, [[1, 8]], 'posted files');
    loaded.dispose();
    model.dispose();
  });
});

describe('browser storage and unknown destinations in Node', () => {
  it('indexeddb://, downloads://, other schemes and bare paths are refused with what to use instead', async () => {
    const model = tableModel(3, 2);
    await expect(model.save('indexeddb://m')).rejects.toThrow(/indexeddb:\/\/ needs a browser with IndexedDB/);
    await expect(model.save('downloads://m')).rejects.toThrow(/downloads:\/\/ needs a browser page .* use file:\/\//);
    await expect(loadModel('indexeddb://m')).rejects.toThrow(/IndexedDB/);
    await expect(model.save('ftp://host/m')).rejects.toThrow(TypeError);
    await expect(loadModel('./my-model/model.json')).rejects.toThrow(/expected a URL starting with file:\/\//);
    model.dispose();
  });
});
