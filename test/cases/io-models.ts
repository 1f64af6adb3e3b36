/**
 * Models saved and loaded in TF.js's layers-model format, through an
 * in-memory IOHandler and `{ modelJson, weights }` (the storage handlers
 * that need Node or a page are tested in their own tier): model.json as
 * TF.js writes it, predictions, weights and configs equal after the round
 * trip (functional, Sequential, shared layers, several inputs and outputs,
 * compact tables, EmbeddingBag, every option), getConfig/fromConfig of
 * every layer and model, and untrusted files refused with a FormatError
 * that names the file, the field and the value, leaving nothing behind.
 */
import {
  Concatenate,
  Dense,
  Dot,
  Dropout,
  Embedding,
  EmbeddingBag,
  Flatten,
  FormatError,
  Input,
  InputLayer,
  loadModel,
  memory,
  Model,
  Sequential,
  type Layer,
  type ModelArtifacts,
  type ModelJSON,
} from '../../src/index.js';
import { layerConfigFromJson, layerConfigToJson } from '../../src/model/keras-json.js';
import { assert } from '../support/close.js';
import { withBufferLimit } from '../support/buffer-limit.js';
import { expectFormatRejection } from '../support/expect-format.js';
import { joined } from '../support/formats.js';
import { randomFloats, randomInts, type Random } from '../support/random.js';
import { expectSamePredictions, expectSameWeights, memoryHandler } from '../support/saved-models.js';
import type { Case } from './case.js';

const json = (value: unknown) => JSON.stringify(value);

/** Input -> Embedding -> Flatten with random weights, named as the design's example. */
function userModel(rng: Random, options: Record<string, unknown> = {}): Model {
  const user = Input({ shape: [1], name: 'user' });
  const table = new Embedding({ inputDim: 11, outputDim: 5, name: 'user_embedding', weights: [randomFloats(rng, 55)], ...options });
  return new Model({ inputs: user, outputs: new Flatten({ name: 'flatten' }).apply(table.apply(user)), name: 'users' });
}

/** The model.json a handler's artifacts stand for (one weight file). */
function modelJsonOf(a: ModelArtifacts): ModelJSON {
  return { format: a.format, generatedBy: a.generatedBy, convertedBy: a.convertedBy, modelTopology: a.modelTopology as Record<string, unknown>, weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs! }] };
}

async function roundTrip(model: Model): Promise<{ loaded: Model; artifacts: ModelArtifacts }> {
  const handler = memoryHandler();
  await model.save(handler);
  return { loaded: await loadModel(handler), artifacts: handler.artifacts! };
}

function disposeAll(...models: Model[]): void {
  for (const m of models) m.dispose();
}

/** A model.json (and its weights) with one thing wrong, and the error it must meet. */
interface BadFile {
  name: string;
  edit: (json: any, weights: Uint8Array) => { modelJson: unknown; weights: Uint8Array | Uint8Array[] };
  field: string;
  value: string;
  text?: string;
}

const asIs = (modelJson: unknown, weights: Uint8Array) => ({ modelJson, weights });
const badFiles: BadFile[] = [
  { name: 'text that is not JSON', edit: (_, w) => asIs('{"modelTopology": ', w), field: 'model.json', value: '"{\\"modelTopology\\": "' },
  { name: 'JSON that is not an object', edit: (_, w) => asIs('[1, 2]', w), field: 'model.json', value: '[1, 2]' },
  { name: 'a graph model', edit: (j, w) => asIs({ ...j, format: 'graph-model' }, w), field: 'format', value: '"graph-model"' },
  { name: 'no weightsManifest', edit: (j, w) => asIs({ ...j, weightsManifest: 'weights.bin' }, w), field: 'weightsManifest', value: '"weights.bin"' },
  { name: 'a negative dimension', edit: (j, w) => ((j.weightsManifest[0].weights[0].shape = [11, -5]), asIs(j, w)), field: 'weightsManifest[0].weights[0].shape', value: '[11, -5]' },
  { name: 'NaN in a shape', edit: (j, w) => ((j.weightsManifest[0].weights[0].shape = [NaN, 5]), asIs(j, w)), field: 'weightsManifest[0].weights[0].shape', value: '[NaN, 5]' },
  { name: 'a non-integer dimension', edit: (j, w) => ((j.weightsManifest[0].weights[0].shape = [11, 2.5]), asIs(j, w)), field: 'weightsManifest[0].weights[0].shape', value: '[11, 2.5]' },
  { name: 'an unknown dtype', edit: (j, w) => ((j.weightsManifest[0].weights[0].dtype = 'float64'), asIs(j, w)), field: 'weightsManifest[0].weights[0].dtype', value: '"float64"' },
  { name: 'an unknown quantisation', edit: (j, w) => ((j.weightsManifest[0].weights[0].quantization = { dtype: 'int4' }), asIs(j, w)), field: 'weightsManifest[0].weights[0].quantization.dtype', value: '"int4"' },
  { name: 'truncated weights', edit: (j, w) => asIs(j, w.subarray(0, w.length - 4)), field: 'weightsManifest[0].paths', value: '216 bytes', text: 'truncated' },
  { name: 'bytes beyond the weights', edit: (j, w) => asIs(j, new Uint8Array(w.length + 8)), field: 'weightsManifest[0].paths', value: '228 bytes' },
  { name: 'a missing weight', edit: (j, w) => ((j.weightsManifest[0].weights[0].name = 'other/embeddings'), asIs(j, w)), field: 'weightsManifest', value: 'user_embedding/embeddings', text: 'missing' },
  {
    name: 'an extra weight',
    edit: (j, w) => (j.weightsManifest[0].weights.push({ name: 'extra/bias', shape: [2], dtype: 'float32' }), asIs(j, joined(w, new Uint8Array(8)))),
    field: 'weightsManifest',
    value: 'extra/bias',
    text: 'does not have',
  },
  {
    name: 'a weight of another shape',
    edit: (j, w) => ((j.weightsManifest[0].weights[0].shape = [5, 11]), asIs(j, w)),
    field: 'weights["user_embedding/embeddings"].shape',
    value: '[5, 11]',
  },
  { name: 'NaN among the weights', edit: (j, w) => (new DataView(w.buffer, w.byteOffset).setFloat32(12, NaN, true), asIs(j, w)), field: 'weights["user_embedding/embeddings"]', value: 'NaN', text: 'at [0, 3]' },
  { name: 'an unknown layer class', edit: (j, w) => ((j.modelTopology.config.layers[1].class_name = 'LSTM'), asIs(j, w)), field: 'modelTopology.config.layers[1].config', value: '', text: 'Unknown layer class "LSTM"' },
  { name: 'a layer config that is not an object', edit: (j, w) => ((j.modelTopology.config.layers[1].config = 7), asIs(j, w)), field: 'modelTopology.config.layers[1].config', value: '7' },
  { name: 'a bad layer option', edit: (j, w) => ((j.modelTopology.config.layers[1].config.input_dim = 0), asIs(j, w)), field: 'modelTopology.config.layers[1].config', value: '', text: 'inputDim' },
  {
    name: 'a link to a layer that is not there',
    edit: (j, w) => ((j.modelTopology.config.layers[1].inbound_nodes = [[['nobody', 0, 0, {}]]]), asIs(j, w)),
    field: 'modelTopology.config.layers[1].inbound_nodes[0]',
    value: '[["nobody", 0, 0, {}]]',
  },
  { name: 'call arguments', edit: (j, w) => ((j.modelTopology.config.layers[1].inbound_nodes[0][0][3] = { training: true }), asIs(j, w)), field: 'modelTopology.config.layers[1].inbound_nodes[0][0][3]', value: '{"training": true}' },
  {
    name: 'a regulariser',
    edit: (j, w) => ((j.modelTopology.config.layers[1].config.embeddings_regularizer = { class_name: 'L2', config: { l2: 0.01 } }), asIs(j, w)),
    field: 'modelTopology.config.layers[1].config.embeddings_regularizer',
    value: '{"class_name": "L2", "config": {"l2": 0.01}}',
  },
  {
    name: 'a table far larger than the files hold (refused before it is allocated)',
    edit: (j, w) => ((j.modelTopology.config.layers[1].config.input_dim = 1e9), asIs(j, w)),
    field: 'modelTopology',
    value: undefined as never,
    text: 'is more than modelJson holds',
  },
  { name: 'an unknown model class', edit: (j, w) => ((j.modelTopology.class_name = 'Subclassed'), asIs(j, w)), field: 'modelTopology.class_name', value: '"Subclassed"' },
];

/** Every layer class with options set away from their defaults. */
function layersToRoundTrip(): Layer[] {
  return [
    new Embedding({ inputDim: 9, outputDim: 3, inputLength: 2, embeddingsInitializer: 'normal', seed: 5, maskZero: true, lookup: 'onehot', outOfRange: 'zero', trainable: false, name: 'e1' }),
    new Embedding({ inputDim: 9, outputDim: 3, dtype: 'int8', keepHostCopy: false, name: 'e2' }),
    new Embedding({ inputDim: 9, outputDim: 3, dtype: 'float16', embeddingsInitializer: 'zeros', keepHostCopy: false, name: 'e3' }),
    new Embedding({ inputDim: 9, outputDim: 3, keepHostCopy: true, embeddingsInitializer: 'ones', name: 'e4' }),
    new EmbeddingBag({ inputDim: 9, outputDim: 3, mode: 'max', paddingIdx: -1, includeLastOffset: true, seed: 2, name: 'b1' }),
    new Flatten({ name: 'f1', trainable: false }),
    new Dense({ units: 4, activation: 'relu', useBias: false, kernelInitializer: 'heNormal', seed: 3, name: 'd1' }),
    new Dense({ units: 2, activation: 'sigmoid', kernelInitializer: 'glorotNormal', biasInitializer: 'ones', inputDim: 6, trainable: false, name: 'd2' }),
    new Dot({ axes: [2, 1], normalize: true, name: 'dot1' }),
    new Concatenate({ axis: 1, name: 'c1' }),
    new Dropout({ rate: 0.3, seed: 8, name: 'drop1' }),
    Input({ shape: [4, null], dtype: 'float32', name: 'in1' }).layer,
  ];
}

export const cases: Case[] = [
  {
    name: "save: model.json as TF.js writes it (format, generator, Keras's snake_case topology, weight names) and loadModel gives equal predictions, weights and config",
    run: async (rng) => {
      const model = userModel(rng);
      const { loaded, artifacts } = await roundTrip(model);
      assert(artifacts.format === 'layers-model' && /webgpu-embeddings/.test(artifacts.generatedBy!) && artifacts.convertedBy === null, json([artifacts.format, artifacts.generatedBy]));
      assert(json(artifacts.weightSpecs) === json([{ name: 'user_embedding/embeddings', shape: [11, 5], dtype: 'float32' }]), json(artifacts.weightSpecs));
      const topology = artifacts.modelTopology as any;
      assert(topology.class_name === 'Model' && topology.config.name === 'users', json(topology).slice(0, 200));
      const [input, table, flatten] = topology.config.layers;
      assert(input.class_name === 'InputLayer' && json(input.config.batch_input_shape) === '[null,1]' && input.config.dtype === 'int32' && json(input.inbound_nodes) === '[]', json(input));
      assert(table.config.input_dim === 11 && table.config.output_dim === 5 && table.config.mask_zero === false, json(table.config));
      assert(json(table.config.embeddings_initializer) === json({ class_name: 'RandomUniform', config: { minval: -0.05, maxval: 0.05, seed: null } }), json(table.config.embeddings_initializer));
      assert(json(table.inbound_nodes) === json([[['user', 0, 0, {}]]]) && json(flatten.inbound_nodes) === json([[['user_embedding', 0, 0, {}]]]), json(flatten));
      assert(json(topology.config.input_layers) === json([['user', 0, 0]]) && json(topology.config.output_layers) === json([['flatten', 0, 0]]), json(topology.config));
      assert(new Float32Array(artifacts.weightData as ArrayBuffer).length === 55, 'weight bytes');
      assert(loaded instanceof Model && !(loaded instanceof Sequential) && loaded.name === 'users', `${loaded}`);
      await expectSamePredictions(model, loaded, randomInts(rng, 9, 11), 'predictions');
      await expectSameWeights(model, loaded, 'weights');
      assert(json(loaded.getConfig()) === json(model.getConfig()), `config\n${json(loaded.getConfig())}\n${json(model.getConfig())}`);
      const fromFiles = await loadModel({ modelJson: JSON.stringify(modelJsonOf(artifacts)), weights: { 'weights.bin': new Uint8Array(artifacts.weightData as ArrayBuffer) } });
      await expectSamePredictions(model, fromFiles, [[3], [10]], '{ modelJson, weights }');
      const fromArtifacts = await loadModel(artifacts);
      const fromSpecs = await loadModel({ modelJson: { modelTopology: artifacts.modelTopology, weightSpecs: artifacts.weightSpecs } as never, weights: artifacts.weightData as ArrayBuffer });
      for (const m of [fromArtifacts, fromSpecs]) await expectSamePredictions(model, m, [[1]], 'ModelArtifacts as they are');
      disposeAll(model, loaded, fromFiles, fromArtifacts, fromSpecs);
    },
  },
  {
    name: 'Sequential, shared layers, several inputs and outputs: topology and node indices survive, predictions equal',
    run: async (rng) => {
      const stack = new Sequential([new Embedding({ inputDim: 7, outputDim: 4, inputLength: 3, weights: [randomFloats(rng, 28)] }), new Flatten()], { name: 'stack' });
      const a = Input({ shape: [2], name: 'a' });
      const b = Input({ shape: [2], name: 'b' });
      const shared = new Embedding({ inputDim: 7, outputDim: 3, name: 'shared', weights: [randomFloats(rng, 21)] });
      const flat = new Flatten({ name: 'flat_shared' });
      const sharedA = shared.apply(a);
      const sharedB = shared.apply(b);
      const outputs = [flat.apply(sharedA), flat.apply(sharedB), sharedB];
      const graph = new Model({ inputs: [a, b], outputs, name: 'two_towers' });
      const { loaded: stackBack, artifacts: stackArtifacts } = await roundTrip(stack);
      const layers = (stackArtifacts.modelTopology as any).config.layers;
      assert((stackArtifacts.modelTopology as any).class_name === 'Sequential' && layers[0].class_name === 'InputLayer' && layers.length === 3, json(layers));
      assert(stackBack instanceof Sequential && stackBack.layers.length === 2, `${stackBack.layers.length} layers`);
      await expectSamePredictions(stack, stackBack, [[0, 1, 6], [5, 5, 2]], 'Sequential');
      const { loaded: graphBack, artifacts } = await roundTrip(graph);
      const sharedJson = (artifacts.modelTopology as any).config.layers.find((l: any) => l.name === 'shared');
      assert(json(sharedJson.inbound_nodes) === json([[['a', 0, 0, {}]], [['b', 0, 0, {}]]]), json(sharedJson.inbound_nodes));
      const flatJson = (artifacts.modelTopology as any).config.layers.find((l: any) => l.name === 'flat_shared');
      assert(json(flatJson.inbound_nodes) === json([[['shared', 0, 0, {}]], [['shared', 1, 0, {}]]]), json(flatJson.inbound_nodes));
      assert(json((artifacts.modelTopology as any).config.output_layers) === json([['flat_shared', 0, 0], ['flat_shared', 1, 0], ['shared', 1, 0]]), 'outputs');
      assert(graphBack.layers.length === graph.layers.length && graphBack.weights.length === 1, `${graphBack.layers.length} layers, ${graphBack.weights.length} weights`);
      await expectSamePredictions(graph, graphBack, [[[1, 2], [6, 0]], [[3, 3], [4, 5]]], 'shared layer, two inputs, three outputs');
      disposeAll(stack, stackBack, graph, graphBack);
    },
  },
  {
    name: "compact tables (float16, int8 + scales), lookup 'onehot', outOfRange, maskZero and EmbeddingBag survive a round trip exactly",
    run: async (rng) => {
      const int8 = userModel(rng);
      (int8.getLayer('user_embedding') as Embedding).quantize('int8');
      const models = [
        userModel(rng, { dtype: 'float16' }),
        int8,
        userModel(rng, { lookup: 'onehot', maskZero: true, seed: 3 }),
        userModel(rng, { outOfRange: 'zero' }),
      ];
      for (const model of models) {
        const { loaded, artifacts } = await roundTrip(model);
        const layer = loaded.getLayer('user_embedding') as Embedding;
        const original = model.getLayer('user_embedding') as Embedding;
        assert(json(layer.getConfig()) === json(original.getConfig()), `config ${json(layer.getConfig())}`);
        assert(layer.dtype === original.dtype && layer.embeddings!.dtype === original.dtype, `${layer.dtype}`);
        await expectSamePredictions(model, loaded, [[0], [4], [10]], `${original.dtype} ${original.lookup}`);
        await expectSameWeights(model, loaded, `${original.dtype} weights`);
        const specs = artifacts.weightSpecs!;
        if (original.dtype === 'float16') assert(specs[0].quantization?.dtype === 'float16' && (artifacts.weightData as ArrayBuffer).byteLength === 110, json(specs));
        if (original.dtype === 'int8') {
          assert(specs[0].quantization?.dtype === 'int8' && specs[1].name === 'user_embedding/embeddings_scale' && json(specs[1].shape) === '[11]', json(specs));
          const [mine, theirs] = await Promise.all([original.embeddings!.readInt8(), layer.embeddings!.readInt8()]);
          assert(json([...mine.values]) === json([...theirs.values]) && json([...mine.scales]) === json([...theirs.scales]), 'int8 values and scales bit-equal');
        }
        if (original.outOfRange === 'zero') await expectSamePredictions(model, loaded, [[11], [2]], 'out of range rows are zeros');
        disposeAll(model, loaded);
      }
      const x = Input({ shape: [4], name: 'ids' });
      const bag = new EmbeddingBag({ inputDim: 8, outputDim: 3, mode: 'max', paddingIdx: 0, name: 'bag', weights: [randomFloats(rng, 24)] });
      const bags = new Model({ inputs: x, outputs: bag.apply(x) });
      const { loaded, artifacts } = await roundTrip(bags);
      const bagJson = (artifacts.modelTopology as any).config.layers[1];
      assert(bagJson.class_name === 'EmbeddingBag' && bagJson.config.mode === 'max' && bagJson.config.padding_idx === 0, json(bagJson));
      await expectSamePredictions(bags, loaded, [[1, 2, 0, 0], [7, 7, 3, 5]], 'EmbeddingBag');
      disposeAll(bags, loaded);
    },
  },
  {
    name: "the design's two towers (Embedding, Flatten, Dot) and a deep model (Concatenate, Dropout, Dense relu/sigmoid): weights in Keras order under TF.js names, equal predictions after the round trip",
    run: async (rng) => {
      const user = Input({ shape: [1], name: 'user' });
      const item = Input({ shape: [1], name: 'item' });
      const u = new Flatten().apply(new Embedding({ inputDim: 30, outputDim: 8, name: 'user_embedding' }).apply(user));
      const v = new Flatten().apply(new Embedding({ inputDim: 40, outputDim: 8, name: 'item_embedding' }).apply(item));
      const towers = new Model({ inputs: [user, item], outputs: new Dot({ axes: 1 }).apply([u, v]) });
      const joined = new Concatenate().apply([u, v]);
      const hidden = new Dense({ units: 6, activation: 'relu', name: 'dense' }).apply(new Dropout({ rate: 0.5 }).apply(joined));
      const deep = new Model({ inputs: [user, item], outputs: [new Dense({ units: 1, activation: 'sigmoid', name: 'score' }).apply(hidden), new Dot({ axes: 1, normalize: true }).apply([u, v])] });
      const batch = [randomInts(rng, 7, 30), randomInts(rng, 7, 40)];
      for (const model of [towers, deep]) {
        const { loaded, artifacts } = await roundTrip(model);
        const names = artifacts.weightSpecs!.map((w) => w.name);
        assert(json(names) === json(model.weights.map((w) => w.name)) && names[0] === 'user_embedding/embeddings', json(names));
        if (model === deep) assert(names.includes('dense/kernel') && names.includes('dense/bias') && names.includes('score/kernel'), json(names));
        assert(json(loaded.getConfig()) === json(model.getConfig()), 'config');
        await expectSamePredictions(model, loaded, batch, model === towers ? 'two towers' : 'deep');
        await expectSameWeights(model, loaded, 'weights');
        loaded.dispose();
      }
      disposeAll(towers, deep);
    },
  },
  {
    name: 'getConfig/fromConfig round-trips every layer (all options) and every model; models from a config have fresh weights',
    run: async (rng) => {
      for (const layer of layersToRoundTrip()) {
        const cls = layer.constructor as unknown as { fromConfig(config: unknown): Layer };
        const twin = cls.fromConfig(layer.getConfig());
        assert(twin.className === layer.className && json(twin.getConfig()) === json(layer.getConfig()), `${layer.className}: ${json(twin.getConfig())} vs ${json(layer.getConfig())}`);
        // Through model.json's snake_case form and back (key order aside).
        const written = JSON.parse(json(layerConfigToJson(layer.className, layer.getConfig(), layer.describe())));
        assert(!Object.keys(written).some((k) => /[A-Z]/.test(k)), `snake_case keys: ${Object.keys(written)}`);
        const read = layerConfigFromJson(layer.className, written, 'model.json', 'config');
        const sorted = (o: object) => json(Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b))));
        assert(sorted(read) === sorted(layer.getConfig()), `${layer.className} through JSON: ${sorted(read)} vs ${sorted(layer.getConfig())}`);
        twin.dispose();
        layer.dispose();
      }
      const model = userModel(rng, { seed: 11 });
      const twin = Model.fromConfig(model.getConfig());
      assert(json(twin.getConfig()) === json(model.getConfig()) && twin.getLayer('user_embedding') !== model.getLayer('user_embedding'), 'functional twin');
      const stack = new Sequential([Input({ shape: [2], name: 'ids' }), new Embedding({ inputDim: 5, outputDim: 2, name: 'e' }), new Flatten({ name: 'f' })], { name: 's' });
      const stackTwin = Sequential.fromConfig(stack.getConfig());
      assert(stackTwin instanceof Sequential && json(stackTwin.getConfig()) === json(stack.getConfig()), json(stackTwin.getConfig()));
      assert(stack.getConfig().layers[0].className === 'InputLayer' && InputLayer.fromConfig(stack.getConfig().layers[0].config as never).dtype === 'int32', 'input first');
      disposeAll(model, twin, stack, stackTwin);
    },
  },
  {
    name: 'save refuses a function initialiser with a TypeError before anything is read or written',
    run: async () => {
      const x = Input({ shape: [1] });
      const layer = new Embedding({ inputDim: 3, outputDim: 2, embeddingsInitializer: (shape) => new Float32Array(shape[0] * shape[1]).fill(0.5), name: 'custom' });
      const model = new Model({ inputs: x, outputs: layer.apply(x) });
      const handler = memoryHandler();
      const before = memory();
      try {
        await model.save(handler);
        throw new Error('saved a model with a function initialiser');
      } catch (error) {
        assert(error instanceof TypeError && /Embedding 'custom'.*embeddingsInitializer, a function/.test((error as Error).message), String(error));
      }
      assert(handler.saves === 0 && memory().numTensors === before.numTensors, 'nothing written or left behind');
      model.dispose();
    },
  },
  {
    name: 'weights split across files at any byte (a weight straddling files) load as one',
    run: async (rng) => {
      const model = userModel(rng);
      const handler = memoryHandler();
      await model.save(handler);
      const bytes = new Uint8Array(handler.artifacts!.weightData as ArrayBuffer);
      const cuts = [0, 1 + Math.floor(rng() * 100), 107, 150 + Math.floor(rng() * 60), bytes.length].sort((p, q) => p - q);
      const pieces = cuts.slice(1).map((end, i) => bytes.slice(cuts[i], end));
      const modelJson = modelJsonOf(handler.artifacts!);
      modelJson.weightsManifest[0].paths = pieces.map((_, i) => `group1-shard${i + 1}of${pieces.length}.bin`);
      const loaded = await loadModel({ modelJson, weights: pieces });
      await expectSameWeights(model, loaded, `shards cut at ${cuts}`);
      disposeAll(model, loaded);
    },
  },
  {
    name: 'a table larger than one GPU buffer loads split by rows, straight from the weight file, with equal predictions',
    run: async (rng) => {
      const model = userModel(rng);
      const handler = memoryHandler();
      await model.save(handler);
      await withBufferLimit(64, async () => {
        const loaded = await loadModel(handler);
        const table = (loaded.getLayer('user_embedding') as Embedding).embeddings!.value();
        assert(table.shards.length === Math.ceil(11 / Math.floor(64 / 20)), `${table.shards.length} buffers`);
        await expectSamePredictions(model, loaded, [[0], [5], [10]], 'split table');
        loaded.dispose();
      });
      model.dispose();
    },
  },
  ...badFiles.map(
    (bad): Case => ({
      name: `loadModel refuses ${bad.name}: FormatError naming the file, "${bad.field}" and the value; nothing left on the GPU`,
      run: async (rng) => {
        const model = userModel(rng);
        const handler = memoryHandler();
        await model.save(handler);
        model.dispose();
        const modelJson = JSON.parse(JSON.stringify(modelJsonOf(handler.artifacts!)));
        const source = bad.edit(modelJson, new Uint8Array((handler.artifacts!.weightData as ArrayBuffer).slice(0)));
        const error = await expectFormatRejection(() => loadModel(source as never), { file: 'modelJson', field: bad.field, value: bad.value || undefined, text: bad.text }, bad.name);
        assert(error instanceof FormatError, bad.name);
      },
    }),
  ),
  {
    name: 'loadWeights: a file that does not fit changes no weight; one that fits replaces them all',
    run: async (rng) => {
      const model = userModel(rng);
      const other = userModel(rng);
      const saved = memoryHandler();
      await other.save(saved);
      const good = modelJsonOf(saved.artifacts!);
      const bad = JSON.parse(JSON.stringify(good));
      bad.weightsManifest[0].weights[0].shape = [55];
      const values = async () => Promise.all(model.getWeights().map(async (t) => [...(await t.data())].concat((t.dispose(), []))));
      const before = await values();
      await expectFormatRejection(() => model.loadWeights({ modelJson: bad, weights: new Uint8Array(saved.artifacts!.weightData as ArrayBuffer) }), { file: 'modelJson', field: 'weights["user_embedding/embeddings"].shape', value: '[55]' }, 'shape');
      assert(json(await values()) === json(before), 'weights changed by a refused file');
      await model.loadWeights({ modelJson: good, weights: new Uint8Array(saved.artifacts!.weightData as ArrayBuffer) });
      await expectSameWeights(other, model, 'loadWeights');
      disposeAll(model, other);
    },
  },
];

