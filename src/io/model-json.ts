/**
 * TensorFlow.js's layers-model format: `model.json` (`modelTopology`,
 * `weightsManifest`, `format: "layers-model"`) and binary weight files, and
 * the TF.js `ModelArtifacts` / `IOHandler` shapes that storage handlers pass
 * around. Everything read here is untrusted: each field is checked and a
 * bad one is a `FormatError` naming the file, the field and the value.
 */
import { expected, problem } from './problems.js';

/** How a weight's values are stored: TF.js's float16/uint8/uint16 quantisations, and int8 with one scale per row. */
export interface WeightQuantization {
  dtype: 'float16' | 'uint8' | 'uint16' | 'int8';
  /** uint8/uint16: value = stored * scale + min. */
  scale?: number;
  min?: number;
}

/** One weight in a manifest, as TF.js writes it (TF.js's type; weights here are float32, or int32). */
export interface WeightsManifestEntry {
  /** e.g. `user_embedding/embeddings`, `dense/kernel`. */
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool' | 'string' | 'complex64';
  /** `'optimizer'` for optimizer state (TF.js's `includeOptimizer`); model weights otherwise. */
  group?: 'model' | 'optimizer';
  quantization?: WeightQuantization;
}

/** Weights stored one after another across the files `paths` (a weight may straddle two files). */
export interface WeightsManifestGroup {
  paths: string[];
  weights: WeightsManifestEntry[];
}

/** The contents of `model.json`. */
export interface ModelJSON {
  /** Keras's model config: `{ class_name: 'Model' | 'Sequential', config, keras_version, backend }`. */
  modelTopology: Record<string, unknown>;
  weightsManifest: WeightsManifestGroup[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  trainingConfig?: object;
  userDefinedMetadata?: Record<string, unknown>;
}

/** TF.js's in-memory form of a model (what an `IOHandler` saves and loads), typed as TF.js types it. */
export interface ModelArtifacts {
  modelTopology?: {} | ArrayBuffer;
  weightSpecs?: WeightsManifestEntry[];
  /** The weights' bytes, in `weightSpecs` order: one buffer, or several (shards) to be read as one. */
  weightData?: ArrayBuffer | ArrayBuffer[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  trainingConfig?: object;
  userDefinedMetadata?: { [key: string]: {} };
}

/** What saving reports, as TF.js's `SaveResult`. */
export interface SaveResult {
  modelArtifactsInfo: {
    dateSaved: Date;
    modelTopologyType: 'JSON' | 'GraphDef';
    modelTopologyBytes?: number;
    weightSpecsBytes?: number;
    weightDataBytes?: number;
  };
}

/**
 * A storage handler, as TF.js's `io.IOHandler`: TF.js's own handlers
 * (`tf.io.fromMemory(...)`, `tf.io.withSaveHandler(...)`) work here too.
 * What `load` returns is checked like a file.
 */
export interface IOHandler {
  save?(artifacts: ModelArtifacts): Promise<SaveResult>;
  load?(): Promise<ModelArtifacts>;
}

/** Bytes per stored value of a manifest entry. */
const VALUE_BYTES = { float32: 4, int32: 4, float16: 2, uint8: 1, uint16: 2, int8: 1 } as const;

/**
 * Bytes an entry takes in the weight files.
 *
 * @example
 * ```ts
 * entryBytes({ name: 'e/embeddings', shape: [10, 4], dtype: 'float32' }); // 160
 * ```
 */
export function entryBytes(entry: WeightsManifestEntry): number {
  const count = entry.shape.reduce((a, b) => a * b, 1);
  // Entries are checked (float32 or int32) before their bytes are counted.
  return count * VALUE_BYTES[(entry.quantization?.dtype ?? entry.dtype) as keyof typeof VALUE_BYTES];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof ArrayBuffer);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * Parses and checks `model.json` (text, bytes or an object already parsed).
 *
 * @example
 * ```ts
 * const json = parseModelJson(await readFile('model.json', 'utf8'), 'model.json');
 * ```
 */
export function parseModelJson(input: unknown, file: string): ModelJSON {
  let json = input;
  if (typeof input === 'string' || input instanceof ArrayBuffer || ArrayBuffer.isView(input)) {
    let text: string;
    try {
      text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: true }).decode(input as ArrayBuffer);
    } catch {
      throw problem(file, 'model.json', 'invalid UTF-8', 'expected UTF-8 JSON text, received bytes that are not UTF-8.');
    }
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw problem(file, 'model.json', JSON.stringify(text.slice(0, 20)), `expected JSON, received ${JSON.stringify(text.slice(0, 20))}...: ${(error as Error).message}.`);
    }
  }
  if (!isObject(json)) throw expected(file, 'model.json', 'a JSON object { modelTopology, weightsManifest, format }', json);
  const format = json.format;
  if (format !== undefined && format !== null && format !== 'layers-model') {
    throw expected(file, 'format', '"layers-model" (a TF.js layers model; graph models and others cannot be loaded)', format);
  }
  const topology = checkTopology(json.modelTopology, file, 'modelTopology');
  // TF.js's ModelArtifacts spell the manifest as a flat weightSpecs list; accepted too.
  const manifest = json.weightsManifest === undefined && Array.isArray(json.weightSpecs) ? [{ paths: [], weights: json.weightSpecs }] : json.weightsManifest;
  if (!Array.isArray(manifest)) throw expected(file, 'weightsManifest', 'an array of { paths, weights } groups', manifest);
  const weightsManifest = manifest.map((group, g) => checkGroup(group, file, `weightsManifest[${g}]`));
  const out: ModelJSON = { modelTopology: topology, weightsManifest };
  if (typeof format === 'string') out.format = format;
  if (typeof json.generatedBy === 'string') out.generatedBy = json.generatedBy;
  if (typeof json.convertedBy === 'string' || json.convertedBy === null) out.convertedBy = json.convertedBy;
  if (json.trainingConfig !== undefined && json.trainingConfig !== null) out.trainingConfig = checkObject(json.trainingConfig, file, 'trainingConfig');
  if (json.userDefinedMetadata !== undefined && json.userDefinedMetadata !== null) out.userDefinedMetadata = checkObject(json.userDefinedMetadata, file, 'userDefinedMetadata');
  return out;
}

function checkObject(value: unknown, file: string, field: string): Record<string, unknown> {
  if (!isObject(value)) throw expected(file, field, 'an object', value);
  return value;
}

/**
 * Checks a `modelTopology` (unwrapping Keras's `model_config` wrapper).
 *
 * @example
 * ```ts
 * checkTopology(artifacts.modelTopology, 'model.json', 'modelTopology');
 * ```
 */
export function checkTopology(value: unknown, file: string, field: string): Record<string, unknown> {
  if (!isObject(value)) throw expected(file, field, 'an object { class_name, config }', value);
  if (isObject(value.model_config)) return checkTopology(value.model_config, file, `${field}.model_config`);
  return value;
}

function checkGroup(value: unknown, file: string, field: string): WeightsManifestGroup {
  if (!isObject(value)) throw expected(file, field, 'an object { paths, weights }', value);
  const { paths, weights } = value;
  if (!Array.isArray(paths)) throw expected(file, `${field}.paths`, 'an array of file names', paths);
  paths.forEach((p, i) => {
    if (typeof p !== 'string' || p === '') throw expected(file, `${field}.paths[${i}]`, 'a file name', p);
  });
  if (!Array.isArray(weights)) throw expected(file, `${field}.weights`, 'an array of { name, shape, dtype }', weights);
  return { paths: paths as string[], weights: checkEntries(weights, file, `${field}.weights`) };
}

/**
 * Checks weight specs (a manifest group's `weights`, or TF.js artifacts' `weightSpecs`): names
 * unique and non-empty, shapes of non-negative integers, dtype float32 or int32, a known quantisation.
 *
 * @example
 * ```ts
 * checkEntries(artifacts.weightSpecs, 'memory', 'weightSpecs');
 * ```
 */
export function checkEntries(weights: unknown, file: string, field: string): WeightsManifestEntry[] {
  if (!Array.isArray(weights)) throw expected(file, field, 'an array of { name, shape, dtype }', weights);
  return weights.map((entry, i) => {
    const at = `${field}[${i}]`;
    if (!isObject(entry)) throw expected(file, at, 'an object { name, shape, dtype }', entry);
    const { name, shape, dtype, group, quantization } = entry;
    if (typeof name !== 'string' || name === '') throw expected(file, `${at}.name`, 'a weight name such as "dense/kernel"', name);
    if (!Array.isArray(shape) || !shape.every(isCount) || !Number.isSafeInteger(shape.reduce((a: number, b: number) => a * b, 1) * 4)) {
      throw expected(file, `${at}.shape`, 'an array of non-negative integers', shape);
    }
    if (dtype !== 'float32' && dtype !== 'int32') throw expected(file, `${at}.dtype`, '"float32" or "int32"', dtype);
    if (group !== undefined && group !== null && group !== 'model' && group !== 'optimizer') throw expected(file, `${at}.group`, '"model" or "optimizer"', group);
    const out: WeightsManifestEntry = { name, shape: [...shape] as number[], dtype };
    if (group === 'model' || group === 'optimizer') out.group = group;
    if (quantization !== undefined && quantization !== null) out.quantization = checkQuantization(quantization, dtype, file, `${at}.quantization`);
    return out;
  });
}

function checkQuantization(value: unknown, dtype: string, file: string, field: string): WeightQuantization {
  if (!isObject(value)) throw expected(file, field, 'an object { dtype, scale?, min? }', value);
  const q = value.dtype;
  if (q !== 'float16' && q !== 'uint8' && q !== 'uint16' && q !== 'int8') throw expected(file, `${field}.dtype`, '"float16", "uint8", "uint16" or "int8"', q);
  if ((q === 'float16' || q === 'int8') && dtype !== 'float32') throw expected(file, `${field}.dtype`, `a quantisation of float32 weights (the weight is ${dtype})`, q);
  if (q === 'uint8' || q === 'uint16') {
    for (const key of ['scale', 'min'] as const) {
      if (typeof value[key] !== 'number' || !Number.isFinite(value[key])) throw expected(file, `${field}.${key}`, 'a finite number', value[key]);
    }
    return { dtype: q, scale: value.scale as number, min: value.min as number };
  }
  return { dtype: q };
}
