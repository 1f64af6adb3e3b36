/**
 * Saving a model and loading one: model.json's `modelTopology` from the
 * model's config, the weights under their TF.js names, through any storage
 * handler (file://, http(s)://, indexeddb://, downloads://, an IOHandler,
 * or files in memory).
 */
import { readModel, writeModel, type LoadOptions, type ModelDestination, type ModelSource, type SaveOptions } from '../io/model-storage.js';
import type { SaveResult } from '../io/model-json.js';
import type { Layer } from '../layers/layer.js';
import type { Weight } from '../layers/weight.js';
import type { ModelTopologyConfig } from './graph-config.js';
import { topologyToJson } from './keras-json.js';
import { weightsToSave, writeStoredWeights } from './saved-weights.js';

/** What saving needs of a model. */
interface Savable {
  className: string;
  layers: readonly Layer[];
  weights: readonly Weight[];
  getConfig(): ModelTopologyConfig;
  describe(): string;
}

/** The library and version model.json names as its generator. */
const GENERATED_BY = 'webgpu-embeddings';

/**
 * Writes `model` in TF.js's layers-model format. The topology is made first,
 * so a model that cannot be saved (a function initialiser) fails before
 * anything is read or written.
 *
 * @example
 * ```ts
 * await saveModel(model, 'file://./my-model');
 * ```
 */
export async function saveModel(model: Savable, destination: ModelDestination, options: SaveOptions = {}): Promise<SaveResult> {
  const modelTopology = topologyToJson(model.className, model.getConfig(), model.describe());
  const { specs, data } = await weightsToSave(model.weights);
  return writeModel(destination, { modelTopology, weightSpecs: specs, weightData: data, format: 'layers-model', generatedBy: GENERATED_BY, convertedBy: null }, options);
}

/**
 * Loads weights saved in the layers-model format into `weights` by name
 * (the topology is not read); nothing is written unless everything fits.
 *
 * @example
 * ```ts
 * await loadWeightsInto(model.weights, 'file://./my-model/model.json');
 * ```
 */
export async function loadWeightsInto(weights: readonly Weight[], source: ModelSource, options: LoadOptions = {}): Promise<void> {
  const { files, weights: stored } = await readModel(source, options);
  writeStoredWeights(weights, stored, files.file);
}
