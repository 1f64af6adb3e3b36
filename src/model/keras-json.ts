/**
 * model.json's `modelTopology`: a model's config (`getConfig()`, camelCase)
 * written the way Keras and TF.js write it (snake_case keys, initialisers
 * as `{ class_name, config }`), and read back from files written here, by
 * TF.js or by Keras (through tensorflowjs_converter). Keys of ours that
 * Keras lacks (e.g. an Embedding's `lookup`) are written as extra keys,
 * which TF.js ignores; Keras keys that would change the results here
 * (regularisers, constraints, channels_first) are refused.
 */
import { FormatError } from '../errors.js';
import { expected } from '../io/problems.js';
import type { ConfigFail, ModelTopologyConfig } from './graph-config.js';

/** The `keras_version` and `backend` written into model.json. */
const GENERATOR = { keras_version: 'webgpu-embeddings', backend: 'webgpu' };

/** Keras class and config of each named initialiser (the seed is added where the layer has one). */
const INITIALIZERS: Record<string, [string, Record<string, unknown>]> = {
  uniform: ['RandomUniform', { minval: -0.05, maxval: 0.05 }],
  normal: ['RandomNormal', { mean: 0, stddev: 0.05 }],
  zeros: ['Zeros', {}],
  ones: ['Ones', {}],
  glorotUniform: ['GlorotUniform', {}],
  glorotNormal: ['GlorotNormal', {}],
  heUniform: ['HeUniform', {}],
  heNormal: ['HeNormal', {}],
};

/** VarianceScaling's parameters for the named initialisers (TF.js writes glorot/he initialisers as VarianceScaling). */
const VARIANCE_SCALING: [string, number, string, string[]][] = [
  ['glorotUniform', 1, 'fan_avg', ['uniform']],
  ['glorotNormal', 1, 'fan_avg', ['normal', 'truncated_normal']],
  ['heUniform', 2, 'fan_in', ['uniform']],
  ['heNormal', 2, 'fan_in', ['normal', 'truncated_normal']],
];

/** Our keys that Keras spells otherwise than plain snake_case (the table's storage dtype is not Keras's layer dtype). */
const RENAMED: Record<string, Record<string, string>> = {
  Embedding: { dtype: 'embeddings_dtype' },
  EmbeddingBag: { dtype: 'embeddings_dtype' },
};

/** Keras bookkeeping a layer here does not take: the compute dtype, Keras 3's class paths and build records. */
const IGNORED = new Set(['dtype', 'input_dtype', 'module', 'registered_name', 'build_config']);

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const camel = (key: string) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A layer's config as model.json holds it. Throws a TypeError for what
 * cannot be saved (a function initialiser).
 *
 * @example
 * ```ts
 * layerConfigToJson('Embedding', layer.getConfig(), layer.describe()); // { input_dim: 10, ..., embeddings_initializer: { class_name: 'RandomUniform', ... } }
 * ```
 */
export function layerConfigToJson(className: string, config: object, owner: string): Record<string, unknown> {
  const entries = Object.entries(config).filter(([, v]) => v !== undefined);
  const seeded = entries.some(([key]) => key.endsWith('Initializer'));
  const seed = (config as { seed?: number }).seed;
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    if (key === 'seed' && seeded) continue;
    const name = Object.hasOwn(RENAMED, className) && Object.hasOwn(RENAMED[className], key) ? RENAMED[className][key] : snake(key);
    out[name] = key.endsWith('Initializer') ? initializerToJson(value, seed, owner, key) : value;
  }
  return out;
}

function initializerToJson(init: unknown, seed: number | undefined, owner: string, option: string): Record<string, unknown> {
  if (typeof init === 'function') {
    throw new TypeError(
      `${owner}: cannot save ${option}, a function: model.json can only name an initialiser. ` +
        `Build the layer with a named one (${Object.keys(INITIALIZERS).map((n) => `'${n}'`).join(', ')}) or pass its values as weights.`,
    );
  }
  if (typeof init !== 'string' || !Object.hasOwn(INITIALIZERS, init)) throw new TypeError(`${owner}: cannot save ${option} ${String(init)}: model.json has no name for it.`);
  const [className, config] = INITIALIZERS[init];
  return { class_name: className, config: className === 'Zeros' || className === 'Ones' ? {} : { ...config, seed: seed ?? null } };
}

/**
 * `modelTopology` for a model's config: `{ class_name, config, keras_version, backend }`.
 *
 * @example
 * ```ts
 * topologyToJson(model.className, model.getConfig(), model.describe());
 * ```
 */
export function topologyToJson(className: string, config: ModelTopologyConfig, owner: string): Record<string, unknown> {
  const layerJson = (layer: { className: string; config: object }) =>
    layerConfigToJson(layer.className, layer.config, `${owner}: ${layer.className} '${String((layer.config as { name?: string }).name)}'`);
  if (!('inputLayers' in config)) {
    return { class_name: 'Sequential', config: { name: config.name, layers: config.layers.map((l) => ({ class_name: l.className, config: layerJson(l) })) }, ...GENERATOR };
  }
  const layers = config.layers.map((l) => ({ name: l.name, class_name: l.className, config: layerJson(l), inbound_nodes: l.inboundNodes }));
  return { class_name: className, config: { name: config.name, layers, input_layers: config.inputLayers, output_layers: config.outputLayers }, ...GENERATOR };
}

/**
 * A layer's config read from model.json (camelCase, for `fromConfig`).
 *
 * @example
 * ```ts
 * layerConfigFromJson('Embedding', json, 'model.json', 'modelTopology.config.layers[1].config');
 * ```
 */
export function layerConfigFromJson(className: string, json: unknown, file: string, field: string): Record<string, unknown> {
  if (!isObject(json)) throw expected(file, field, 'a layer config object', json);
  const renamed: Record<string, string> = Object.fromEntries(Object.entries(Object.hasOwn(RENAMED, className) ? RENAMED[className] : {}).map(([ours, theirs]) => [theirs, ours]));
  const out: Record<string, unknown> = {};
  let seed: unknown = null;
  for (const [key, value] of Object.entries(json)) {
    if (value === null || value === undefined) continue;
    const at = `${field}.${key}`;
    if (/_(regularizer|constraint)$/.test(key)) throw expected(file, at, 'null (regularisers and constraints are not supported)', value);
    if (key === 'data_format' && value !== 'channels_last') throw expected(file, at, '"channels_last"', value);
    if (key === 'noise_shape') throw expected(file, at, 'null (Dropout here drops single elements)', value);
    if ((key === 'sparse' || key === 'ragged') && value !== false) throw expected(file, at, 'false (sparse and ragged inputs are not supported)', value);
    if (key === 'sparse' || key === 'ragged' || (IGNORED.has(key) && className !== 'InputLayer')) continue;
    // Defined, not assigned: a key "__proto__" from a file stays an ordinary (ignored) key.
    const set = (name: string, v: unknown) => Object.defineProperty(out, name, { value: v, enumerable: true, writable: true, configurable: true });
    if (key.endsWith('_initializer')) {
      const init = initializerFromJson(value, file, at);
      seed ??= init.seed;
      set(camel(key), init.name);
      continue;
    }
    set(Object.hasOwn(renamed, key) ? renamed[key] : camel(key === 'batch_shape' ? 'batch_input_shape' : key), value);
  }
  if (seed !== null && out.seed === undefined) out.seed = seed;
  return out;
}

function initializerFromJson(json: unknown, file: string, field: string): { name: string; seed: unknown } {
  const supported = `one of ${Object.values(INITIALIZERS).map(([c]) => c).join(', ')}, RandomUniform(-0.05, 0.05), RandomNormal(0, 0.05) or the matching VarianceScaling`;
  if (typeof json === 'string') {
    // Keras's 'glorot_uniform', TF.js's 'glorotUniform' and 'randomUniform' (its defaults are ours), or our own names.
    const key = camel(json);
    const name = ({ randomUniform: 'uniform', randomNormal: 'normal' } as Record<string, string>)[key] ?? key;
    if (Object.hasOwn(INITIALIZERS, name)) return { name, seed: null };
    throw expected(file, field, supported, json);
  }
  const config = isObject(json) && isObject(json.config) ? json.config : {};
  const className = isObject(json) ? json.class_name : undefined;
  const near = (value: unknown, target: number) => (value === undefined ? true : typeof value === 'number' && Math.abs(value - target) < 1e-9);
  const seed = config.seed ?? null;
  let name: string | undefined;
  if (className === 'RandomUniform' && near(config.minval, -0.05) && near(config.maxval, 0.05)) name = 'uniform';
  else if (className === 'RandomNormal' && near(config.mean, 0) && near(config.stddev, 0.05)) name = 'normal';
  else if (className === 'VarianceScaling') {
    const match = VARIANCE_SCALING.find(([, scale, mode, kinds]) => near(config.scale, scale) && config.mode === mode && typeof config.distribution === 'string' && kinds.includes(config.distribution));
    name = match?.[0];
  } else name = Object.keys(INITIALIZERS).find((n) => INITIALIZERS[n][0] === className && !['uniform', 'normal'].includes(n));
  if (!name) throw expected(file, field, supported, json);
  return { name, seed };
}

/**
 * A model's config (camelCase) from model.json's `modelTopology`, and which
 * class it is. Structure is checked here; `fail` reports what the model
 * builder finds (fields named in camelCase, reported in model.json's names).
 *
 * @example
 * ```ts
 * const { sequential, config, fail } = topologyFromJson(json.modelTopology, 'model.json');
 * ```
 */
export function topologyFromJson(topology: Record<string, unknown>, file: string): { sequential: boolean; config: ModelTopologyConfig; fail: ConfigFail } {
  const base = 'modelTopology';
  const fail: ConfigFail = (field, what, value) => expected(file, `${base}.config.${snake(field)}`, what, value);
  const className = topology.class_name;
  if (className !== 'Model' && className !== 'Functional' && className !== 'Sequential') {
    throw expected(file, `${base}.class_name`, '"Model", "Functional" or "Sequential"', className);
  }
  const config = topology.config;
  const sequential = className === 'Sequential';
  const layers = sequential && Array.isArray(config) ? config : isObject(config) ? config.layers : undefined;
  if (!Array.isArray(layers)) throw expected(file, `${base}.config`, sequential ? '{ name, layers }' : '{ name, layers, input_layers, output_layers }', config);
  const name = isObject(config) && typeof config.name === 'string' ? config.name : undefined;
  const entries = layers.map((entry, i) => {
    const at = `${base}.config.layers[${i}]`;
    if (!isObject(entry)) throw expected(file, at, 'a layer { class_name, config }', entry);
    if (typeof entry.class_name !== 'string') throw expected(file, `${at}.class_name`, 'a layer class name', entry.class_name);
    return { entry, className: entry.class_name, config: layerConfigFromJson(entry.class_name, entry.config, file, `${at}.config`) };
  });
  if (sequential) {
    return { sequential, fail, config: { name: name ?? 'sequential', layers: entries.map((e) => ({ className: e.className, config: e.config as never })) } };
  }
  const graph = config as Record<string, unknown>;
  return {
    sequential,
    fail,
    config: {
      name: name ?? 'model',
      layers: entries.map((e, i) => {
        const entryName = e.entry.name ?? e.config.name;
        if (typeof entryName !== 'string') throw expected(file, `${base}.config.layers[${i}].name`, 'a layer name', entryName);
        return { className: e.className, name: entryName, config: e.config as never, inboundNodes: e.entry.inbound_nodes as never };
      }),
      inputLayers: graph.input_layers as never,
      outputLayers: graph.output_layers as never,
    },
  };
}

/**
 * Wraps an error a layer or model constructor threw while being rebuilt
 * from a file as a `FormatError` of that file (a `FormatError` passes through).
 *
 * @example
 * ```ts
 * catch (error) { throw asFormatError(error, 'model.json', 'modelTopology'); }
 * ```
 */
export function asFormatError(error: unknown, file: string, field: string): FormatError {
  if (error instanceof FormatError) return error;
  const message = (error as Error).message;
  return new FormatError(`${file}: ${field}: ${message}`, file, field, message);
}
