/**
 * Where models are saved and loaded from, chosen by URL scheme as TF.js's
 * IO router does: `file://` (Node), `http(s)://`, `indexeddb://`,
 * `downloads://` (save only), a TF.js-style `IOHandler`, or the files
 * themselves in memory (`{ modelJson, weights }`).
 */
import { asBytes, type Bytes } from './bytes.js';
import { artifactsOf, filesOfArtifacts, saveResult, type ModelFiles, type ModelToSave } from './artifacts.js';
import { readModelIndexedDB, writeModelDownloads, writeModelIndexedDB } from './browser-storage.js';
import { readModelFiles, writeModelFiles } from './file-storage.js';
import { readModelHttp, writeModelHttp, type FetchLike } from './http-storage.js';
import { parseModelJson, type IOHandler, type ModelArtifacts, type ModelJSON, type SaveResult } from './model-json.js';
import { formatValue } from '../validate/position.js';
import { expected } from './problems.js';
import { checkGroupBytes, DEFAULT_SHARD_BYTES, locateWeights, type StoredWeight } from './weight-data.js';

/**
 * The weight files of a model in memory: one buffer (all files one after
 * another), a list (the files in manifest order), or an object from file
 * name (as in model.json's `paths`) to bytes.
 */
export type WeightsInput = Bytes | readonly Bytes[] | Readonly<Record<string, Bytes>>;

/** A model's files in memory: model.json (parsed, text or bytes) and its weight files. */
export interface ModelInMemory {
  modelJson: ModelJSON | string | Bytes;
  weights?: WeightsInput;
}

/** What `loadModel` reads from: a URL, an IOHandler, the files in memory, or TF.js's `ModelArtifacts` themselves. */
export type ModelSource = string | IOHandler | ModelInMemory | ModelArtifacts;

/** Where `model.save` writes to. */
export type ModelDestination = string | IOHandler;

/** Options of `loadModel`. */
export interface LoadOptions {
  /** The `fetch` for http(s) URLs (default: the global one). */
  fetch?: FetchLike;
}

/** Options of `model.save`. */
export interface SaveOptions {
  /** Largest weight file for `file://` (default 4 MiB, as TF.js's converter; larger models get several shards). */
  shardSizeBytes?: number;
  /** The `fetch` for http(s) URLs (default: the global one). */
  fetch?: FetchLike;
  /**
   * Also save a compiled model's training setup and optimizer state
   * (TensorFlow.js's option): `trainingConfig` (loss, metrics, optimizer)
   * and the optimizer's weights, so a loaded model resumes `fit` exactly.
   * An uncompiled model has none to save. Default false.
   */
  includeOptimizer?: boolean;
}

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

/**
 * Reads a model's files from any source and finds each weight's bytes.
 * Everything is checked; a `FormatError` names the source, the field and the value.
 *
 * @example
 * ```ts
 * const { files, weights } = await readModel('file://./my-model/model.json');
 * ```
 */
export async function readModel(source: ModelSource, options: LoadOptions = {}): Promise<{ files: ModelFiles; weights: StoredWeight[] }> {
  const files = await readFiles(source, options);
  const entries = files.json.weightsManifest.flatMap((g) => g.weights);
  return { files, weights: locateWeights(entries, files.pieces, files.file) };
}

async function readFiles(source: ModelSource, options: LoadOptions): Promise<ModelFiles> {
  if (typeof source === 'string') {
    const scheme = SCHEME.exec(source)?.[1].toLowerCase();
    if (scheme === 'file') return readModelFiles(source);
    if (scheme === 'http' || scheme === 'https') return readModelHttp(source, options.fetch);
    if (scheme === 'indexeddb') return readModelIndexedDB(source);
    // Like TF.js: a path without a scheme is fetched relative to the page.
    if (!scheme && (globalThis as { location?: unknown }).location) return readModelHttp(source, options.fetch);
    throw new TypeError(
      `loadModel: expected a URL starting with file://, http://, https:// or indexeddb://, an IOHandler, { modelJson, weights } or ModelArtifacts, received ${formatValue(source)}.`,
    );
  }
  if (typeof source === 'object' && source !== null && typeof (source as IOHandler).load === 'function') {
    return filesOfArtifacts(await (source as Required<IOHandler>).load(), 'IOHandler');
  }
  if (typeof source === 'object' && source !== null && 'modelJson' in source) return filesInMemory(source as ModelInMemory);
  if (typeof source === 'object' && source !== null && 'modelTopology' in source) return filesOfArtifacts(source, 'ModelArtifacts');
  throw new TypeError(`loadModel: expected a URL, an IOHandler, { modelJson, weights } or ModelArtifacts, received ${formatValue(source)}.`);
}

function filesInMemory(source: ModelInMemory): ModelFiles {
  const file = 'modelJson';
  const json = parseModelJson(source.modelJson, file);
  const groups = json.weightsManifest;
  const weights = source.weights;
  if (weights === undefined || weights === null) return { json, pieces: [], file };
  let files: Uint8Array[][] | null;
  let pieces: Uint8Array[];
  if (weights instanceof ArrayBuffer || ArrayBuffer.isView(weights)) {
    pieces = [asBytes(weights, 'weights')];
    files = groups.length === 1 ? [pieces] : null;
  } else if (Array.isArray(weights)) {
    pieces = weights.map((w, i) => asBytes(w, `weights[${i}]`));
    // One piece per path: each group's files are known, and checked as such.
    let next = 0;
    files = pieces.length === groups.reduce((n, g) => n + g.paths.length, 0) ? groups.map((g) => pieces.slice(next, (next += g.paths.length))) : null;
  } else if (typeof weights === 'object') {
    files = filesByName(json, weights as Readonly<Record<string, Bytes>>);
    pieces = files.flat();
  } else {
    throw expected('weights', 'weights', 'bytes, a list of bytes, or an object from file name to bytes', weights);
  }
  files?.forEach((group, g) => checkGroupBytes(groups[g].weights, group, file, `weightsManifest[${g}]`));
  return { json, pieces, file };
}

function filesByName(json: ModelJSON, byName: Readonly<Record<string, Bytes>>): Uint8Array[][] {
  const paths = json.weightsManifest.flatMap((g) => g.paths);
  const extra = Object.keys(byName).filter((name) => !paths.includes(name) && !paths.includes(`./${name}`));
  if (extra.length) throw expected('weights', 'weights', `only the files model.json lists (${paths.join(', ')})`, extra);
  return json.weightsManifest.map((group, g) =>
    group.paths.map((path, i) => {
      const bare = path.replace(/^\.\//, '');
      const bytes = Object.hasOwn(byName, path) ? byName[path] : Object.hasOwn(byName, bare) ? byName[bare] : undefined;
      if (bytes === undefined) throw expected('weights', `weights[${JSON.stringify(path)}]`, `the bytes of ${path} (model.json's weightsManifest[${g}].paths[${i}])`, Object.keys(byName));
      return asBytes(bytes, path);
    }),
  );
}

/**
 * Writes a serialised model to a destination URL or IOHandler.
 *
 * @example
 * ```ts
 * await writeModel('file://./my-model', serialised);
 * ```
 */
export async function writeModel(destination: ModelDestination, model: ModelToSave, options: SaveOptions = {}): Promise<SaveResult> {
  const shardBytes = options.shardSizeBytes ?? DEFAULT_SHARD_BYTES;
  if (!Number.isSafeInteger(shardBytes) || shardBytes < 1) throw new RangeError(`save: expected shardSizeBytes to be a positive integer, received ${formatValue(shardBytes)}.`);
  if (typeof destination === 'string') {
    const scheme = SCHEME.exec(destination)?.[1].toLowerCase();
    if (scheme === 'file') return writeModelFiles(destination, model, shardBytes);
    if (scheme === 'http' || scheme === 'https') return writeModelHttp(destination, model, options.fetch);
    if (scheme === 'indexeddb') return writeModelIndexedDB(destination, model);
    if (scheme === 'downloads') return writeModelDownloads(destination, model);
    throw new TypeError(`save: expected a URL starting with file://, http://, https://, indexeddb:// or downloads://, or an IOHandler, received ${formatValue(destination)}.`);
  }
  if (typeof destination === 'object' && destination !== null && typeof destination.save === 'function') {
    const result = await destination.save(artifactsOf(model));
    return result ?? saveResult(model);
  }
  throw new TypeError(`save: expected a URL or an IOHandler with save(), received ${formatValue(destination)}.`);
}
