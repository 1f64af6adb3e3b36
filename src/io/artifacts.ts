/**
 * A model as storage handlers read and write it: the checked `model.json`
 * and the weight files' bytes, and the conversions from and to TF.js's
 * `ModelArtifacts`.
 */
import { asBytes } from './bytes.js';
import { checkEntries, checkTopology, type ModelArtifacts, type ModelJSON, type SaveResult, type WeightsManifestEntry } from './model-json.js';
import { expected } from './problems.js';

/** A model read from storage: its checked model.json and the weight files' bytes in manifest order. */
export interface ModelFiles {
  json: ModelJSON;
  pieces: Uint8Array[];
  /** How errors name the source (a path, a URL, `indexeddb://name`, `modelJson`). */
  file: string;
}

/** A model to be written: what the model serialised, weights as one buffer. */
export interface ModelToSave {
  modelTopology: Record<string, unknown>;
  weightSpecs: WeightsManifestEntry[];
  weightData: Uint8Array;
  format: 'layers-model';
  generatedBy: string;
  convertedBy: null;
  trainingConfig?: Record<string, unknown>;
}

/**
 * The model.json of a model whose weights are in `paths` (one group).
 *
 * @example
 * ```ts
 * const json = modelJsonOf(model, ['weights.bin']);
 * ```
 */
export function modelJsonOf(model: ModelToSave, paths: string[]): ModelJSON {
  const json: ModelJSON = {
    format: model.format,
    generatedBy: model.generatedBy,
    convertedBy: model.convertedBy,
    modelTopology: model.modelTopology,
    weightsManifest: [{ paths, weights: model.weightSpecs }],
  };
  if (model.trainingConfig) json.trainingConfig = model.trainingConfig;
  return json;
}

/**
 * TF.js's `ModelArtifacts` for a model to save (weightData an exact ArrayBuffer, as TF.js handlers expect).
 *
 * @example
 * ```ts
 * await handler.save(artifactsOf(model));
 * ```
 */
export function artifactsOf(model: ModelToSave): ModelArtifacts {
  const data = model.weightData;
  const exact = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer ? data.buffer : data.slice().buffer;
  const artifacts: ModelArtifacts = {
    modelTopology: model.modelTopology,
    weightSpecs: model.weightSpecs,
    weightData: exact,
    format: model.format,
    generatedBy: model.generatedBy,
    convertedBy: model.convertedBy,
  };
  if (model.trainingConfig) artifacts.trainingConfig = model.trainingConfig;
  return artifacts;
}

/**
 * Checks TF.js `ModelArtifacts` (from an `IOHandler` or IndexedDB) and turns them into model files.
 *
 * @example
 * ```ts
 * const files = filesOfArtifacts(await handler.load(), 'IOHandler');
 * ```
 */
export function filesOfArtifacts(artifacts: unknown, file: string): ModelFiles {
  if (typeof artifacts !== 'object' || artifacts === null) throw expected(file, 'artifacts', 'TF.js ModelArtifacts { modelTopology, weightSpecs, weightData }', artifacts);
  const a = artifacts as ModelArtifacts;
  if (a.format !== undefined && a.format !== null && a.format !== 'layers-model') throw expected(file, 'format', '"layers-model" (graph models cannot be loaded)', a.format);
  if (a.modelTopology instanceof ArrayBuffer) throw expected(file, 'modelTopology', 'a layers model topology (JSON), not a graph model (GraphDef bytes)', a.modelTopology);
  const modelTopology = checkTopology(a.modelTopology, file, 'modelTopology');
  const weights = checkEntries(a.weightSpecs ?? [], file, 'weightSpecs');
  const data = a.weightData;
  const parts = data === undefined || data === null ? [] : Array.isArray(data) ? data : [data];
  const pieces = parts.map((p, i) => {
    if (!(p instanceof ArrayBuffer) && !ArrayBuffer.isView(p)) throw expected(file, `weightData${Array.isArray(data) ? `[${i}]` : ''}`, 'an ArrayBuffer', p);
    return asBytes(p, file);
  });
  const json: ModelJSON = { modelTopology, weightsManifest: [{ paths: [], weights }] };
  if (a.trainingConfig) json.trainingConfig = a.trainingConfig;
  return { json, pieces, file };
}

/**
 * What saving reports, as TF.js's `SaveResult`.
 *
 * @example
 * ```ts
 * return saveResult(model);
 * ```
 */
export function saveResult(model: ModelToSave): SaveResult {
  return {
    modelArtifactsInfo: {
      dateSaved: new Date(),
      modelTopologyType: 'JSON',
      modelTopologyBytes: new TextEncoder().encode(JSON.stringify(model.modelTopology)).byteLength,
      weightSpecsBytes: new TextEncoder().encode(JSON.stringify(model.weightSpecs)).byteLength,
      weightDataBytes: model.weightData.byteLength,
    },
  };
}
