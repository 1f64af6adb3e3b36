/**
 * Saving a model and loading one: model.json's `modelTopology` from the
 * model's config, the weights under their TF.js names, and with
 * `includeOptimizer` the training setup and optimizer state, through any
 * storage handler (file://, http(s)://, indexeddb://, downloads://, an
 * IOHandler, or files in memory).
 */
import { concatBytes } from '../io/bytes.js';
import { readModel, writeModel, type LoadOptions, type ModelDestination, type ModelSource, type SaveOptions } from '../io/model-storage.js';
import { problem } from '../io/problems.js';
import type { SaveResult } from '../io/model-json.js';
import type { Layer } from '../layers/layer.js';
import type { Weight } from '../layers/weight.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import type { ModelTopologyConfig } from './graph-config.js';
import { topologyToJson } from './keras-json.js';
import { checkOptimizerState, optimizerStateToSave } from './optimizer-state.js';
import { checkStoredWeights, weightsToSave } from './saved-weights.js';
import { trainingConfigToJson } from './training-config.js';

/** What saving needs of a model. */
interface Savable {
  className: string;
  layers: readonly Layer[];
  weights: readonly Weight[];
  trainableWeights: readonly Weight[];
  optimizer: Optimizer | null;
  compiledWith: { loss: string; metrics: string[] } | null;
  getConfig(): ModelTopologyConfig;
  describe(): string;
}

/** Options of `model.loadWeights`. */
export interface LoadWeightsOptions extends LoadOptions {
  /**
   * Also restore the optimizer state the file holds (saved with
   * `includeOptimizer`) into the model's optimizer, so `fit` resumes where
   * the saved run stopped. The model must be compiled, with an optimizer of
   * the saved one's kind. Default false: model weights only.
   */
  includeOptimizer?: boolean;
}

/** The library and version model.json names as its generator. */
const GENERATED_BY = 'webgpu-embeddings';

/**
 * Writes `model` in TF.js's layers-model format; with `includeOptimizer`
 * (and a compiled model) also `trainingConfig` and the optimizer's weights.
 * The topology and training config are made first, so a model that cannot
 * be saved (a function initialiser) fails before anything is read or written.
 *
 * @example
 * ```ts
 * await saveModel(model, 'file://./my-model', { includeOptimizer: true });
 * ```
 */
export async function saveModel(model: Savable, destination: ModelDestination, options: SaveOptions = {}): Promise<SaveResult> {
  const owner = `${model.describe()}.save`;
  const modelTopology = topologyToJson(model.className, model.getConfig(), model.describe());
  const { optimizer, compiledWith } = model;
  const training = options.includeOptimizer && optimizer && compiledWith ? { optimizer, trainingConfig: trainingConfigToJson(compiledWith, optimizer, owner) } : null;
  const { specs, data } = await weightsToSave(model.weights);
  const state = training ? await optimizerStateToSave(training.optimizer, model.trainableWeights) : null;
  return writeModel(
    destination,
    {
      modelTopology,
      weightSpecs: state ? [...specs, ...state.specs] : specs,
      weightData: state ? concatBytes([data, state.data]) : data,
      format: 'layers-model',
      generatedBy: GENERATED_BY,
      convertedBy: null,
      ...(training ? { trainingConfig: training.trainingConfig } : {}),
    },
    options,
  );
}

/**
 * Loads weights saved in the layers-model format into the model's weights
 * by name (the topology is not read), and with `includeOptimizer` the saved
 * optimizer state into its optimizer; nothing is written unless everything fits.
 *
 * @example
 * ```ts
 * await loadWeightsInto(model, 'file://./my-model/model.json', { includeOptimizer: true });
 * ```
 */
export async function loadWeightsInto(model: Savable, source: ModelSource, options: LoadWeightsOptions = {}): Promise<void> {
  const optimizer = options.includeOptimizer ? model.optimizer : null;
  if (options.includeOptimizer && !optimizer) throw new TypeError(`${model.describe()}.loadWeights: includeOptimizer restores the optimizer of a compiled model; call compile() first.`);
  const { files, weights: stored } = await readModel(source, options);
  const writeWeights = checkStoredWeights(model.weights, stored, files.file);
  let writeState: (() => void) | null = null;
  if (optimizer) {
    writeState = checkOptimizerState(optimizer, model.trainableWeights, stored, files.file);
    if (!writeState) throw problem(files.file, 'weightsManifest', 'no optimizer weights', `the file holds no optimizer state (save the model with { includeOptimizer: true }).`);
  }
  writeWeights();
  writeState?.();
}
