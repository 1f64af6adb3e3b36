/**
 * `loadModel`: a model saved in TF.js's layers-model format (here, by
 * TF.js, or by Keras through tensorflowjs_converter) rebuilt from its
 * topology, with its weights.
 */
import { readModel, type LoadOptions, type ModelSource } from '../io/model-storage.js';
import { withWeightBudget } from '../layers/initializers.js';
import { buildGraph } from './graph-config.js';
import { asFormatError, topologyFromJson } from './keras-json.js';
import { Model } from './model.js';
import { writeStoredWeights } from './saved-weights.js';
import { buildSequential } from './sequential.js';

/**
 * Loads a model saved in TensorFlow.js's layers-model format: a `Model`
 * (functional) or `Sequential` with the saved weights. `source` is a URL
 * (`file://` in Node, `http(s)://`, `indexeddb://`, or in a page a path
 * relative to it), a TF.js-style `IOHandler` with `load` (e.g.
 * `tf.io.fromMemory(...)`), the files in memory, `{ modelJson, weights }`,
 * or TF.js's `ModelArtifacts` as they are.
 * The file is untrusted: anything wrong (bad JSON, unknown layers, weights
 * missing, extra, of the wrong shape or truncated) is a `FormatError`
 * naming the file, the field and the value, and nothing is left allocated.
 *
 * @example
 * ```ts
 * const model = await loadModel('file://./my-model/model.json');
 * const same = await loadModel({ modelJson: JSON.parse(text), weights: bytes });
 * ```
 */
export async function loadModel(source: ModelSource, options: LoadOptions = {}): Promise<Model> {
  const { files, weights } = await readModel(source, options);
  const { sequential, config, fail } = topologyFromJson(files.json.modelTopology, files.file);
  // The layers' weights may not add up to more values than the files hold: a model.json claiming huge tables fails before they are made.
  const values = weights.reduce((n, w) => n + (w.entry.group === 'optimizer' ? 0 : w.entry.shape.reduce((a, b) => a * b, 1)), 0);
  let model: Model;
  try {
    model = withWeightBudget(values, files.file, () =>
      sequential ? buildSequential(config, fail) : buildGraph(config, (inputs, outputs, name) => new Model({ inputs, outputs, name }), fail),
    );
  } catch (error) {
    throw asFormatError(error, files.file, 'modelTopology');
  }
  try {
    writeStoredWeights(model.weights, weights, files.file);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}
