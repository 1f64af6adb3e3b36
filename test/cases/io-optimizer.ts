/**
 * Models saved with their optimizer (`includeOptimizer`, TF.js's option):
 * model.json's `trainingConfig` and the optimizer's weights as TF.js writes
 * them; a loaded model comes back compiled with its optimizer's state, so
 * fit(2) -> save -> load -> fit(2 more) gives bit for bit the weights of one
 * fit(4) (and with shuffling and Dropout, through `initialEpoch`); untrusted
 * training configs and optimizer weights are refused with a FormatError
 * that names the file, the field and the value, changing nothing.
 */
import {
  Adagrad,
  Adam,
  Concatenate,
  Dense,
  Dropout,
  Embedding,
  Flatten,
  FormatError,
  Input,
  loadModel,
  memory,
  Model,
  NotCompiledError,
  RMSprop,
  SGD,
  type ModelArtifacts,
  type Optimizer,
  type WeightsManifestEntry,
} from '../../src/index.js';
import { assert, assertAllClose } from '../support/close.js';
import { expectFormatRejection } from '../support/expect-format.js';
import { randomFloats, randomInts, seeded, type Random } from '../support/random.js';
import { memoryHandler } from '../support/saved-models.js';
import type { Case } from './case.js';

/** Two tables, joined, (Dropout,) Dense: every optimizer slot kind on tables and dense weights. */
function recommender(seed: number, dropout = 0): Model {
  const rng = seeded(seed);
  const user = Input({ shape: [1], name: 'user' });
  const item = Input({ shape: [1], name: 'item' });
  const u = new Flatten({ name: 'fu' }).apply(new Embedding({ inputDim: 11, outputDim: 4, name: 'user_embedding', weights: [randomFloats(rng, 44)] }).apply(user));
  const v = new Flatten({ name: 'fv' }).apply(new Embedding({ inputDim: 7, outputDim: 3, name: 'item_embedding', weights: [randomFloats(rng, 21)] }).apply(item));
  let joined = new Concatenate({ name: 'concat' }).apply([u, v]);
  if (dropout > 0) joined = new Dropout({ rate: dropout, name: 'drop' }).apply(joined);
  return new Model({ inputs: [user, item], outputs: new Dense({ units: 1, name: 'score', seed }).apply(joined), name: 'rec' });
}

function data(rng: Random, n = 30): { x: Int32Array[]; y: Float32Array } {
  return { x: [randomInts(rng, n, 11), randomInts(rng, n, 7)], y: Float32Array.from({ length: n }, () => Math.floor(rng() * 5) - 2) };
}

const optimizers: [string, () => Optimizer][] = [
  ['Adam', () => new Adam({ learningRate: 0.02 })],
  ['lazy Adam', () => new Adam({ learningRate: 0.02, lazy: true })],
  ['SGD', () => new SGD({ learningRate: 0.05 })],
  ['SGD with Nesterov momentum', () => new SGD({ learningRate: 0.05, momentum: 0.8, nesterov: true })],
  ['Adagrad', () => new Adagrad({ learningRate: 0.1, initialAccumulatorValue: 0.2 })],
  ['centered RMSprop with momentum', () => new RMSprop({ learningRate: 0.01, momentum: 0.3, centered: true })],
];

async function values(tensors: { data(): Promise<ArrayLike<number>>; dispose(): void }[]): Promise<number[][]> {
  try {
    return await Promise.all(tensors.map(async (t) => Array.from(await t.data())));
  } finally {
    for (const t of tensors) t.dispose();
  }
}

const weightsOf = (model: Model) => values(model.getWeights());

async function stateOf(optimizer: Optimizer): Promise<{ names: string[]; values: number[][] }> {
  const named = await optimizer.getWeights();
  return { names: named.map((n) => n.name), values: await values(named.map((n) => n.tensor)) };
}

function sameValues(actual: number[][], expected: number[][], label: string): void {
  assert(actual.length === expected.length, `${label}: ${actual.length} arrays, expected ${expected.length}`);
  actual.forEach((a, i) => assertAllClose(a, expected[i], `${label} ${i} (exact)`));
}

function disposeAll(...models: Model[]): void {
  for (const model of models) {
    const layers = model.layers;
    model.dispose();
    for (const layer of layers) layer.dispose();
  }
}

async function savedWithOptimizer(model: Model): Promise<ModelArtifacts> {
  const handler = memoryHandler();
  await model.save(handler, { includeOptimizer: true });
  return handler.artifacts!;
}

/** Each stored weight of artifacts with its bytes (float32 / int32, unquantised). */
function entriesOf(a: ModelArtifacts): { spec: WeightsManifestEntry; bytes: Uint8Array }[] {
  const all = new Uint8Array(a.weightData as ArrayBuffer);
  let offset = 0;
  return a.weightSpecs!.map((spec) => {
    const length = spec.shape.reduce((x, y) => x * y, 1) * 4;
    const bytes = all.slice(offset, (offset += length));
    return { spec: { ...spec, shape: [...spec.shape] }, bytes };
  });
}

/** Artifacts with `entries` as weights, and `trainingConfig` changed as `edit` says. */
function rebuilt(a: ModelArtifacts, entries: { spec: WeightsManifestEntry; bytes: Uint8Array }[], trainingConfig: unknown = a.trainingConfig): ModelArtifacts {
  const data = new Uint8Array(entries.reduce((n, e) => n + e.bytes.length, 0));
  let offset = 0;
  for (const e of entries) data.set(e.bytes, (offset += e.bytes.length) - e.bytes.length);
  return { ...a, weightSpecs: entries.map((e) => e.spec), weightData: data.buffer, trainingConfig: trainingConfig as object };
}

const float32 = (...v: number[]) => new Uint8Array(Float32Array.from(v).buffer);
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

/** A file with a bad training config or optimizer state, and the error it must meet. */
interface BadState {
  name: string;
  edit: (a: ModelArtifacts) => ModelArtifacts;
  field: string;
  value?: string;
  text?: string;
}

const config = (a: ModelArtifacts) => clone(a.trainingConfig) as Record<string, any>;
const withConfig = (a: ModelArtifacts, change: (c: Record<string, any>) => void) => {
  const c = config(a);
  change(c);
  return rebuilt(a, entriesOf(a), c);
};
const withEntries = (a: ModelArtifacts, change: (e: ReturnType<typeof entriesOf>) => ReturnType<typeof entriesOf>) => rebuilt(a, change(entriesOf(a)));
const named = (e: ReturnType<typeof entriesOf>, name: string) => e.find((x) => x.spec.name === name)!;

const badStates: BadState[] = [
  { name: 'a trainingConfig that is not an object', edit: (a) => ({ ...a, trainingConfig: 'adam' as never }), field: 'trainingConfig', value: '"adam"' },
  { name: 'an unknown loss', edit: (a) => withConfig(a, (c) => (c.loss = 'hinge')), field: 'trainingConfig.loss', value: '"hinge"' },
  { name: 'a loss that is a number', edit: (a) => withConfig(a, (c) => (c.loss = 3)), field: 'trainingConfig.loss', value: '3' },
  { name: 'a loss per output (two)', edit: (a) => withConfig(a, (c) => (c.loss = ['mse', 'mae'])), field: 'trainingConfig.loss', value: '["mse", "mae"]' },
  { name: 'metrics that are not a list', edit: (a) => withConfig(a, (c) => (c.metrics = 'mse')), field: 'trainingConfig.metrics', value: '"mse"' },
  { name: 'metrics per output', edit: (a) => withConfig(a, (c) => (c.metrics = { score: ['mse'] })), field: 'trainingConfig.metrics', value: '{"score": ["mse"]}' },
  { name: 'an unknown metric', edit: (a) => withConfig(a, (c) => (c.metrics = ['mae', 'top_k'])), field: 'trainingConfig', value: '{"loss": "meanSquaredError", "metrics": ["mae", "topK"]}', text: 'received "topK"' },
  { name: 'loss weights', edit: (a) => withConfig(a, (c) => (c.loss_weights = [2])), field: 'trainingConfig.loss_weights', value: '[2]' },
  { name: 'no optimizer_config', edit: (a) => withConfig(a, (c) => delete c.optimizer_config), field: 'trainingConfig.optimizer_config', value: 'undefined' },
  { name: 'an optimizer this library does not have', edit: (a) => withConfig(a, (c) => (c.optimizer_config.class_name = 'Adamax')), field: 'trainingConfig.optimizer_config.class_name', value: '"Adamax"' },
  { name: 'a learning rate that is a string', edit: (a) => withConfig(a, (c) => (c.optimizer_config.config.learningRate = 'fast')), field: 'trainingConfig.optimizer_config.config.learningRate', value: '"fast"' },
  { name: 'a snake_case setting of the wrong type', edit: (a) => withConfig(a, (c) => (c.optimizer_config.config.beta_1 = true)), field: 'trainingConfig.optimizer_config.config.beta_1', value: 'true' },
  { name: 'beta1 out of range', edit: (a) => withConfig(a, (c) => (c.optimizer_config.config.beta1 = 1.5)), field: 'trainingConfig.optimizer_config.config', text: 'beta1' },
  { name: 'a config that is not an object', edit: (a) => withConfig(a, (c) => (c.optimizer_config.config = [0.1])), field: 'trainingConfig.optimizer_config.config', value: '[0.1]' },
  { name: 'a missing slot', edit: (a) => withEntries(a, (e) => e.slice(0, -1)), field: 'weightsManifest', value: 'score/bias/v', text: 'missing' },
  { name: 'an extra optimizer weight', edit: (a) => withEntries(a, (e) => [...e, { spec: { name: 'score/bias/w', shape: [1], dtype: 'float32', group: 'optimizer' }, bytes: float32(0) }]), field: 'weightsManifest', value: 'score/bias/w', text: 'does not have' },
  {
    name: 'slots in another order',
    edit: (a) => withEntries(a, (e) => [...e.slice(0, -2), e[e.length - 1], e[e.length - 2]]),
    field: 'weights["score/bias/v"]',
    value: '"score/bias/v"',
    text: '"score/kernel/v"',
  },
  { name: 'a slot of another shape', edit: (a) => withEntries(a, (e) => ((named(e, 'user_embedding/embeddings/m').spec.shape = [4, 11]), e)), field: 'weights["user_embedding/embeddings/m"].shape', value: '[4, 11]' },
  { name: 'a slot stored as int32', edit: (a) => withEntries(a, (e) => ((named(e, 'score/bias/m').spec.dtype = 'int32'), e)), field: 'weights["score/bias/m"].dtype', value: '"int32"' },
  { name: 'NaN in a slot', edit: (a) => withEntries(a, (e) => ((named(e, 'score/kernel/m').bytes = float32(0, 0, NaN, 0, 0, 0, 0)), e)), field: 'weights["score/kernel/m"]', value: 'NaN', text: 'at [2, 0]' },
  { name: 'a negative second moment', edit: (a) => withEntries(a, (e) => ((named(e, 'score/bias/v').bytes = float32(-1)), e)), field: 'weights["score/bias/v"]', value: '-1', text: '>= 0' },
  { name: 'a negative step count', edit: (a) => withEntries(a, (e) => ((named(e, 'iter').bytes = new Uint8Array(Int32Array.of(-3).buffer)), e)), field: 'weights["iter"]', value: '-3' },
  {
    name: 'a step count that is not an integer',
    edit: (a) => withEntries(a, (e) => ((named(e, 'iter').spec.dtype = 'float32'), (named(e, 'iter').bytes = float32(2.5)), e)),
    field: 'weights["iter"]',
    value: '2.5',
  },
  { name: 'a step count of two values', edit: (a) => withEntries(a, (e) => ((named(e, 'iter').spec.shape = [2]), (named(e, 'iter').bytes = float32(1, 1)), e)), field: 'weights["iter"].shape', value: '[2]' },
  { name: 'a slot under another weight\'s name', edit: (a) => withEntries(a, (e) => ((named(e, 'score/bias/m').spec.name = 'scores/bias/m'), e)), field: 'weights["scores/bias/m"]', value: '"scores/bias/m"' },
];

export const cases: Case[] = [
  {
    name: "save with includeOptimizer writes TF.js's trainingConfig (TF.js's names for the loss and metrics) and the optimizer's state (iter int32, then each slot kind for every trainable weight, group 'optimizer'); without it, or uncompiled, nothing changes",
    run: async (rng) => {
      const model = recommender(1);
      const expectedConfigs: Record<string, object> = {
        Adam: { class_name: 'Adam', config: { learningRate: 0.02, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } },
        'lazy Adam': { class_name: 'Adam', config: { learningRate: 0.02, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, lazy: true } },
        SGD: { class_name: 'SGD', config: { learningRate: 0.05 } },
        'SGD with Nesterov momentum': { class_name: 'Momentum', config: { learningRate: 0.05, momentum: 0.8, useNesterov: true } },
        Adagrad: { class_name: 'Adagrad', config: { learningRate: 0.1, initialAccumulatorValue: 0.2 } },
        'centered RMSprop with momentum': { class_name: 'RMSProp', config: { learningRate: 0.01, decay: 0.9, momentum: 0.3, epsilon: 1e-7, centered: true } },
      };
      const plain = memoryHandler();
      await model.save(plain, { includeOptimizer: true });
      assert(plain.artifacts!.trainingConfig === undefined, 'an uncompiled model saved a trainingConfig');
      const modelSpecs = JSON.stringify(plain.artifacts!.weightSpecs);
      const { x, y } = data(rng);
      for (const [label, make] of optimizers) {
        const optimizer = make();
        model.compile({ optimizer, loss: 'mse', metrics: ['meanAbsoluteError', 'accuracy'] });
        await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
        const without = memoryHandler();
        await model.save(without);
        assert(without.artifacts!.trainingConfig === undefined && JSON.stringify(without.artifacts!.weightSpecs) === modelSpecs, `${label}: a save without includeOptimizer changed`);
        const a = await savedWithOptimizer(model);
        const expected = { loss: 'mean_squared_error', metrics: ['mae', 'accuracy'], optimizer_config: expectedConfigs[label] };
        assert(JSON.stringify(a.trainingConfig) === JSON.stringify(expected), `${label}: trainingConfig ${JSON.stringify(a.trainingConfig)}`);
        const state = await stateOf(optimizer);
        const entries = entriesOf(a);
        const optimizerEntries = entries.filter((e) => e.spec.group === 'optimizer');
        assert(JSON.stringify(entries.filter((e) => e.spec.group !== 'optimizer').map((e) => e.spec)) === modelSpecs, `${label}: model weights first, as without the optimizer`);
        assert(JSON.stringify(optimizerEntries.map((e) => e.spec.name)) === JSON.stringify(state.names), `${label}: optimizer weights ${optimizerEntries.map((e) => e.spec.name)} vs getWeights ${state.names}`);
        assert(JSON.stringify(optimizerEntries[0].spec) === JSON.stringify({ name: 'iter', shape: [], dtype: 'int32', group: 'optimizer' }), `${label}: iter ${JSON.stringify(optimizerEntries[0].spec)}`);
        assert(new Int32Array(optimizerEntries[0].bytes.buffer)[0] === 4 && optimizer.iterations === 4, `${label}: iter ${new Int32Array(optimizerEntries[0].bytes.buffer)[0]}, 4 steps`);
        optimizerEntries.slice(1).forEach((e, i) => {
          assert(e.spec.dtype === 'float32' && e.spec.shape.join() === model.trainableWeights[i % model.trainableWeights.length].shape.join(), `${label}: ${e.spec.name} ${JSON.stringify(e.spec)}`);
          assertAllClose(new Float32Array(e.bytes.buffer), state.values[i + 1], `${label}: ${e.spec.name} (exact)`);
        });
        optimizer.dispose();
      }
      disposeAll(model);
    },
  },
  {
    name: 'fit(2 epochs) -> save with the optimizer -> loadModel -> fit(2 more) gives bit-identical weights and losses to one fit(4 epochs) (shuffle: false), for every optimizer',
    run: async (rng) => {
      const { x, y } = data(rng);
      const args = { batchSize: 7, shuffle: false, seed: 3, verbose: 0 as const };
      for (const [label, make] of optimizers) {
        const seed = Math.floor(rng() * 1000);
        const straight = recommender(seed);
        const first = recommender(seed);
        const [o1, o2] = [make(), make()];
        straight.compile({ optimizer: o1, loss: 'mse', metrics: ['mae'] });
        first.compile({ optimizer: o2, loss: 'mse', metrics: ['mae'] });
        const whole = await straight.fit(x, y, { ...args, epochs: 4 });
        await first.fit(x, y, { ...args, epochs: 2 });
        const loaded = await loadModel(await savedWithOptimizer(first));
        const optimizer = loaded.optimizer!;
        assert(optimizer && optimizer.constructor === o1.constructor && JSON.stringify(optimizer.getConfig()) === JSON.stringify(o1.getConfig()), `${label}: loaded optimizer ${optimizer?.className} ${JSON.stringify(optimizer?.getConfig())}`);
        assert(optimizer.iterations === o2.iterations, `${label}: iterations ${optimizer.iterations} vs ${o2.iterations}`);
        sameValues((await stateOf(optimizer)).values, (await stateOf(o2)).values, `${label}: restored optimizer state`);
        const rest = await loaded.fit(x, y, { ...args, epochs: 2 });
        sameValues(await weightsOf(loaded), await weightsOf(straight), `${label}: weights after 2 + 2 epochs vs 4`);
        assertAllClose(rest.history.loss, whole.history.loss.slice(2), `${label}: losses of epochs 3 and 4 (exact)`);
        assertAllClose(rest.history.mae, whole.history.mae.slice(2), `${label}: mae of epochs 3 and 4 (exact)`);
        disposeAll(straight, first, loaded);
        o1.dispose();
        o2.dispose();
      }
    },
  },
  {
    name: 'with shuffling and Dropout, fit(initialEpoch: 2) after loading resumes exactly: the same sample orders and masks as epochs 3 and 4 of one fit with the same seed (without initialEpoch they differ)',
    run: async (rng) => {
      const { x, y } = data(rng, 26);
      const args = { batchSize: 5, seed: 11, verbose: 0 as const };
      const straight = recommender(4, 0.4);
      const first = recommender(4, 0.4);
      straight.compile({ optimizer: 'adam', loss: 'mae' });
      first.compile({ optimizer: 'adam', loss: 'mae' });
      const whole = await straight.fit(x, y, { ...args, epochs: 4 });
      await first.fit(x, y, { ...args, epochs: 2 });
      const saved = await savedWithOptimizer(first);
      const [resumed, restarted] = [await loadModel(saved), await loadModel(saved)];
      const rest = await resumed.fit(x, y, { ...args, epochs: 4, initialEpoch: 2 });
      assert(JSON.stringify(rest.epoch) === '[2,3]', `history.epoch ${JSON.stringify(rest.epoch)}`);
      sameValues(await weightsOf(resumed), await weightsOf(straight), 'weights after resuming at epoch 2 vs 4 epochs');
      assertAllClose(rest.history.loss, whole.history.loss.slice(2), 'losses of epochs 3 and 4 (exact)');
      await restarted.fit(x, y, { ...args, epochs: 2 });
      const [other, reference] = [await weightsOf(restarted), await weightsOf(straight)];
      assert(other.some((w, i) => w.some((v, j) => v !== reference[i][j])), 'a fit from epoch 0 after loading gave the same weights as epochs 3 and 4: initialEpoch changes nothing?');
      for (const bad of [-1, 1.5, '2']) {
        let error: unknown;
        await resumed.fit(x, y, { ...args, epochs: 4, initialEpoch: bad as number }).catch((e) => (error = e));
        assert(error instanceof RangeError && error.message.includes('initialEpoch'), `initialEpoch ${bad}: ${String(error)}`);
      }
      const none = await resumed.fit(x, y, { ...args, epochs: 2, initialEpoch: 2 });
      assert(none.epoch.length === 0, 'initialEpoch >= epochs runs no epoch, as in TF.js');
      disposeAll(straight, first, resumed, restarted);
    },
  },
  {
    name: 'model.loadWeights(src, { includeOptimizer: true }) restores a compiled model\'s optimizer; a model saved without it, or loaded with compile: false, comes back uncompiled',
    run: async (rng) => {
      const { x, y } = data(rng);
      const args = { batchSize: 6, shuffle: false, verbose: 0 as const };
      const [straight, first, second] = [recommender(5), recommender(5), recommender(6)];
      for (const m of [straight, first, second]) m.compile({ optimizer: 'rmsprop', loss: 'mse' });
      await straight.fit(x, y, { ...args, epochs: 3 });
      await first.fit(x, y, { ...args, epochs: 1 });
      await second.fit(x, y, { ...args, epochs: 2 });
      const saved = await savedWithOptimizer(first);
      await second.loadWeights(saved, { includeOptimizer: true });
      assert(second.optimizer!.iterations === first.optimizer!.iterations, `iterations ${second.optimizer!.iterations}`);
      await second.fit(x, y, { ...args, epochs: 2 });
      sameValues(await weightsOf(second), await weightsOf(straight), 'loadWeights with the optimizer, then 2 epochs, vs 3 epochs');
      const plain = await loadModel(saved, { compile: false });
      const handler = memoryHandler();
      await first.save(handler);
      const withoutOptimizer = await loadModel(handler);
      for (const [label, m] of [['compile: false', plain], ['saved without the optimizer', withoutOptimizer]] as const) {
        assert(m.optimizer === null, `${label}: loaded compiled`);
        let error: unknown;
        await m.fit(x, y, args).catch((e) => (error = e));
        assert(error instanceof NotCompiledError, `${label}: fit gave ${String(error)}`);
      }
      let error: unknown;
      await plain.loadWeights(saved, { includeOptimizer: true }).catch((e) => (error = e));
      assert(error instanceof TypeError && error.message.includes('compile'), `includeOptimizer into an uncompiled model: ${String(error)}`);
      plain.compile({ optimizer: 'rmsprop', loss: 'mse' });
      await expectFormatRejection(() => plain.loadWeights(handler, { includeOptimizer: true }), { file: 'IOHandler', field: 'weightsManifest', text: 'no optimizer state' }, 'a file without optimizer state');
      disposeAll(straight, first, second, plain, withoutOptimizer);
    },
  },
  {
    name: "iter alone (an optimizer that has not stepped, as TF.js writes one) gives fresh slots; TF.js's _1 suffix on a variable's name is accepted; a loaded model frees the optimizer it was compiled with",
    run: async (rng) => {
      const { x, y } = data(rng);
      const model = recommender(7);
      model.compile({ optimizer: new Adagrad({ learningRate: 0.1, initialAccumulatorValue: 0.25 }), loss: 'mse' });
      await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
      const saved = await savedWithOptimizer(model);
      const before = await stateOf(model.optimizer!);
      const iterOnly = withEntries(saved, (e) => e.filter((w) => w.spec.group !== 'optimizer' || w.spec.name === 'iter').map((w) => (w.spec.name === 'iter' ? { ...w, bytes: new Uint8Array(4) } : w)));
      await model.loadWeights(iterOnly, { includeOptimizer: true });
      const state = await stateOf(model.optimizer!);
      assert(model.optimizer!.iterations === 0 && state.values.slice(1).every((v) => v.every((a) => a === Math.fround(0.25))), 'slots after iter alone are not fresh');
      const loaded = await loadModel(iterOnly);
      assert(loaded.optimizer!.iterations === 0, 'loadModel of iter alone');
      const start = memory();
      const owned = await loadModel(saved);
      disposeAll(owned);
      const end = memory();
      assert(end.numTensors === start.numTensors && end.numBytes === start.numBytes, "a loaded model's dispose() left its optimizer's slots behind");
      const renamed = withEntries(saved, (e) => ((named(e, 'score/kernel/accumulator').spec.name = 'score/kernel_1/accumulator'), e));
      const twin = await loadModel(renamed);
      sameValues((await stateOf(twin.optimizer!)).values, before.values, 'state with a _1 name');
      await expectFormatRejection(
        () => loadModel(withEntries(saved, (e) => ((named(e, 'score/kernel/accumulator').spec.name = 'score/kernel_x/accumulator'), e))),
        { file: 'ModelArtifacts', field: 'weights["score/kernel_x/accumulator"]', value: '"score/kernel_x/accumulator"' },
        'a suffix that is not a number',
      );
      disposeAll(model, loaded, twin);
    },
  },
  {
    name: 'untrusted training configs and optimizer weights: a FormatError naming the file, the field and the value; loadModel leaves nothing on the GPU, loadWeights changes no weight and no optimizer state',
    run: async (rng) => {
      const { x, y } = data(rng);
      const source = recommender(8);
      source.compile({ optimizer: 'adam', loss: 'mse', metrics: ['mae'] });
      await source.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
      const saved = await savedWithOptimizer(source);
      const target = recommender(9);
      target.compile({ optimizer: 'adam', loss: 'mse' });
      await target.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0 });
      const [weights, state] = [await weightsOf(target), await stateOf(target.optimizer!)];
      for (const bad of badStates) {
        const artifacts = bad.edit(saved);
        await expectFormatRejection(() => loadModel(artifacts), { file: 'ModelArtifacts', field: bad.field, value: bad.value, text: bad.text }, `loadModel: ${bad.name}`);
        if (bad.field.startsWith('weights')) {
          await expectFormatRejection(() => target.loadWeights(artifacts, { includeOptimizer: true }), { file: 'ModelArtifacts', field: bad.field, value: bad.value, text: bad.text }, `loadWeights: ${bad.name}`);
        }
      }
      sameValues(await weightsOf(target), weights, 'weights after refused files');
      const after = await stateOf(target.optimizer!);
      assert(target.optimizer!.iterations === 8 && after.names.join() === state.names.join(), 'optimizer state names after refused files');
      sameValues(after.values, state.values, 'optimizer state after refused files');
      const modelJson = { modelTopology: saved.modelTopology as Record<string, unknown>, weightsManifest: [{ paths: ['weights.bin'], weights: saved.weightSpecs! }], trainingConfig: { ...config(saved), loss: 'hinge' } };
      const viaJson = { modelJson, weights: saved.weightData as ArrayBuffer };
      const error = await expectFormatRejection(() => loadModel(viaJson), { file: 'modelJson', field: 'trainingConfig.loss', value: '"hinge"' }, 'model.json with a bad loss');
      assert(error instanceof FormatError && error.message.includes('"mean_squared_error"'), `the message lists the losses: ${error.message}`);
      const ignored = await loadModel(viaJson, { compile: false });
      assert(ignored.optimizer === null, 'compile: false reads no training config');
      disposeAll(source, target, ignored);
    },
  },
];
