/**
 * `loadModel`: a model saved in TF.js's layers-model format (here, by
 * TF.js, or by Keras through tensorflowjs_converter) rebuilt from its
 * topology, with its weights, and compiled as saved when the file holds a
 * `trainingConfig` (TF.js's `includeOptimizer`), its optimizer state restored.
 */
import { readModel, type LoadOptions, type ModelSource } from '../io/model-storage.js';
import { problem } from '../io/problems.js';
import type { StoredWeight } from '../io/weight-data.js';
import { withWeightBudget } from '../layers/initializers.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import { buildGraph } from './graph-config.js';
import { asFormatError, topologyFromJson } from './keras-json.js';
import { Model } from './model.js';
import { checkOptimizerState } from './optimizer-state.js';
import { checkStoredWeights } from './saved-weights.js';
import { buildSequential } from './sequential.js';
import { trainingConfigFromJson } from './training-config.js';
import { formatValue } from '../validate/position.js';

/** Options of `loadModel`. */
export interface LoadModelOptions extends LoadOptions {
  /**
   * Compile the model as saved when the file holds a `trainingConfig`
   * (loss, metrics, optimizer) and restore its optimizer state, as
   * `tf.loadLayersModel` does. Default true; false gives an uncompiled
   * model and ignores the training setup (Keras's `compile=False`).
   */
  compile?: boolean;
}

/**
 * Loads a model saved in TensorFlow.js's layers-model format: a `Model`
 * (functional) or `Sequential` with the saved weights. `source` is a URL
 * (`file://` in Node, `http(s)://`, `indexeddb://`, or in a page a path
 * relative to it), a TF.js-style `IOHandler` with `load` (e.g.
 * `tf.io.fromMemory(...)`), the files in memory, `{ modelJson, weights }`,
 * or TF.js's `ModelArtifacts` as they are. A model saved with
 * `includeOptimizer` comes back compiled, its optimizer where it stopped.
 * The file is untrusted: anything wrong (bad JSON, unknown layers, weights
 * missing, extra, of the wrong shape or truncated, a bad training setup or
 * optimizer state) is a `FormatError` naming the file, the field and the
 * value, and nothing is left allocated.
 *
 * @example
 * ```ts
 * const model = await loadModel('file://./my-model/model.json');
 * const same = await loadModel({ modelJson: JSON.parse(text), weights: bytes });
 * ```
 */
export async function loadModel(source: ModelSource, options: LoadModelOptions = {}): Promise<Model> {
  const { files, weights } = await readModel(source, options);
  const { sequential, config, fail } = topologyFromJson(files.json.modelTopology, files.file);
  const training = options.compile !== false && files.json.trainingConfig !== undefined ? trainingConfigFromJson(files.json.trainingConfig, files.file) : null;
  // The layers' weights may not add up to more values than the files hold: a model.json claiming huge tables fails before they are made.
  const values = weights.reduce((n, w) => n + (w.entry.group === 'optimizer' ? 0 : w.entry.shape.reduce((a, b) => a * b, 1)), 0);
  let model: Model;
  try {
    model = withWeightBudget(values, files.file, () =>
      sequential ? buildSequential(config, fail) : buildGraph(config, (inputs, outputs, name) => new Model({ inputs, outputs, name }), fail),
    );
  } catch (error) {
    training?.optimizer.dispose();
    throw asFormatError(error, files.file, 'modelTopology');
  }
  try {
    const writeWeights = checkStoredWeights(model.weights, weights, files.file);
    const writeState = training ? compiled(model, training, weights, files.file) : null;
    writeWeights();
    writeState?.();
  } catch (error) {
    training?.optimizer.dispose();
    model.dispose();
    throw error;
  }
  return model;
}

/** Compiles `model` as the file says (its optimizer then the model's) and checks the saved optimizer state; returns its write. */
function compiled(model: Model, training: ReturnType<typeof trainingConfigFromJson>, weights: readonly StoredWeight[], file: string): (() => void) | null {
  try {
    model.compileAdopting(training);
  } catch (error) {
    // What compile refuses of a checked config: metrics unknown or unfit for the loss or the output, a model it cannot train.
    const value = formatValue({ loss: training.loss, metrics: training.metrics });
    throw problem(file, 'trainingConfig', value, `trainingConfig ${value} does not fit the model: ${(error as Error).message}`);
  }
  return checkOptimizerState(training.optimizer as Optimizer, model.trainableWeights, weights, file);
}
