/**
 * Model: a functional graph from `Input`s to outputs through layers, run
 * on the GPU by `predict`.
 */
import { DisposedError } from '../errors.js';
import { InputLayer } from '../layers/input.js';
import { writeWeights, type Layer } from '../layers/layer.js';
import { uniqueName } from '../layers/names.js';
import type { Shape } from '../layers/shape.js';
import { SymbolicTensor } from '../layers/symbolic.js';
import type { Weight } from '../layers/weight.js';
import type { ModelDestination, ModelSource, SaveOptions } from '../io/model-storage.js';
import type { SaveResult } from '../io/model-json.js';
import type { TensorLike } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { formatValue } from '../validate/position.js';
import { checkFeeds } from '../train/feed.js';
import { Trainer } from '../train/trainer.js';
import { orderGraph } from './graph.js';
import { buildGraph, graphConfigOf, type ModelTopologyConfig } from './graph-config.js';
import { orderLayers } from './layer-order.js';
import { predictInBatches, type ModelInput, type PredictOptions } from './predict.js';
import type { ModelConfig, ModelOutputs, OutputShapeOf, PredictResult } from './model-types.js';
import { loadWeightsInto, saveModel, type LoadWeightsOptions } from './saving.js';
import { formatSummary } from './summary.js';

function list(value: SymbolicTensor | readonly SymbolicTensor[], what: string, owner: string): SymbolicTensor[] {
  const items = Array.isArray(value) ? [...value] : [value];
  if (items.length === 0 || items.some((t) => !(t instanceof SymbolicTensor))) {
    throw new TypeError(`${owner}: expected ${what} to be symbolic tensors (from Input() and layer.apply()), received ${formatValue(value)}.`);
  }
  return items as SymbolicTensor[];
}

/**
 * A model wired from symbolic tensors, Keras's functional API. Layers it
 * contains may also belong to other models; they then share one GPU copy
 * of the weights.
 *
 * Ownership: the model holds its layers. `dispose()` lets go of them; a
 * layer's weights are freed once no undisposed model holds it, so
 * disposing one model never frees weights that another still uses.
 *
 * @example
 * ```ts
 * const x = Input({ shape: [1], name: 'input' });
 * const layer = new Embedding({ inputDim: 10, outputDim: 4, inputLength: 1 });
 * const model = new Model({ inputs: x, outputs: layer.apply(x) });
 * const y = model.predict([[0], [3]]); // Tensor float32 [2, 1, 4] (typed Tensor: one output)
 * ```
 */
export class Model<const O extends ModelOutputs = ModelOutputs> extends Trainer {
  readonly name: string;
  #inputs: readonly SymbolicTensor[] = [];
  #outputs: readonly SymbolicTensor[] = [];
  #steps: readonly SymbolicTensor[] = [];
  #layers: readonly Layer[] = [];
  #nodeDepths: ReadonlyMap<SymbolicTensor, number> = new Map();
  #disposed = false;

  constructor(config: ModelConfig<O>) {
    super();
    if (typeof config !== 'object' || config === null) {
      throw new TypeError(`Model: expected a config { inputs, outputs, name? }, received ${formatValue(config)}.`);
    }
    this.name = config.name ?? uniqueName(this.defaultNamePrefix());
    if (this.startsEmpty(config)) return;
    this.wire(list(config.inputs, 'inputs', this.describe()), list(config.outputs, 'outputs', this.describe()));
  }

  /** Whether a subclass starts without a graph and wires one later (Sequential without layers). */
  protected startsEmpty(_config: ModelConfig<O>): boolean {
    return false;
  }

  /**
   * Sets the graph from `inputs` to `outputs`: checks it, orders its layers,
   * holds the layers it adds and lets go of those it drops.
   */
  protected wire(inputs: SymbolicTensor[], outputs: SymbolicTensor[]): void {
    this.#assertLive();
    const owner = this.describe();
    if (inputs.some((t) => !(t.layer instanceof InputLayer))) {
      throw new TypeError(`${owner}: every entry of inputs must come from Input(), not from a layer's output.`);
    }
    const steps = orderGraph(inputs, outputs, owner);
    const { layers, nodeDepths } = orderLayers(inputs, outputs);
    const names = new Set<string>();
    for (const layer of layers) {
      if (names.has(layer.name)) throw new RangeError(`${owner}: the layer name '${layer.name}' is used twice; layer names in a model must be unique.`);
      names.add(layer.name);
    }
    const previous = this.#layers;
    for (const layer of layers) if (!previous.includes(layer)) layer.retain();
    for (const layer of previous) if (!layers.includes(layer)) layer.release();
    this.#inputs = Object.freeze(inputs);
    this.#outputs = Object.freeze(outputs);
    this.#steps = Object.freeze(steps);
    this.#layers = Object.freeze(layers);
    this.#nodeDepths = nodeDepths;
  }

  /** The model's `Input`s, in the order `predict` takes their data. */
  get inputs(): readonly SymbolicTensor[] {
    return this.#inputs;
  }

  /** The symbolic outputs, in the order `predict` returns them. */
  get outputs(): readonly SymbolicTensor[] {
    return this.#outputs;
  }

  /** The type as Keras prints it in messages and summaries. */
  get className(): string {
    return 'Model';
  }

  /** The prefix of default names. */
  protected defaultNamePrefix(): string {
    return 'model';
  }

  /**
   * The model's layers, each once, in the order Keras and TF.js sort a
   * functional graph: by depth from the outputs, deepest (the inputs) first;
   * layers of one depth in the order a walk from the outputs reaches them.
   */
  get layers(): readonly Layer[] {
    return this.#layers;
  }

  /** @internal The symbolic tensors computed from the inputs, each after those it needs (the order a forward pass runs). */
  get steps(): readonly SymbolicTensor[] {
    return this.#steps;
  }

  /** The layer called `name`; throws a RangeError listing the names when there is none. */
  getLayer(name: string): Layer {
    const layer = this.layers.find((l) => l.name === name);
    if (!layer) throw new RangeError(`${this.describe()}: no layer named '${name}'; layers: ${this.layers.map((l) => `'${l.name}'`).join(', ')}.`);
    return layer;
  }

  /** The input shape (batch `null`); an array of shapes for several inputs. */
  get inputShape(): Shape | Shape[] {
    this.#assertWired();
    return this.inputs.length === 1 ? this.inputs[0].shape : this.inputs.map((t) => t.shape);
  }

  /** The output shape, e.g. `[null, 1, 4]`; an array of shapes for several outputs. */
  get outputShape(): OutputShapeOf<O> {
    this.#assertWired();
    return (this.outputs.length === 1 ? this.outputs[0].shape : this.outputs.map((t) => t.shape)) as OutputShapeOf<O>;
  }

  /** Every weight of every layer, in layer order (`layers`), each layer's in creation order: Keras's and TF.js's order. */
  get weights(): readonly Weight[] {
    return this.layers.flatMap((l) => l.weights);
  }

  /**
   * Runs the model on the GPU. Takes one entry per input (one value for a
   * single input): nested arrays, a flat typed array (Int32Array,
   * Uint32Array, BigInt64Array, Float32Array; the batch size is inferred
   * from the input's shape) or a tensor. Host data is checked before any GPU
   * work. Returns a tensor per output (an array when there are several),
   * which the caller owns. A model with one output is typed to return one
   * `Tensor`.
   *
   * @example
   * ```ts
   * model.predict([[0], [3]]);                    // Tensor float32 [2, 1, 4]
   * model.predict(new Int32Array([3, 3, 0, 9]));  // 4 samples of shape [1]
   * model.predict(ids, { batchSize: 1024 });      // same values, 1,024 samples per pass
   * twoTowers.predict([users, items]);            // [Tensor, Tensor]
   * ```
   */
  predict(x: ModelInput | readonly ModelInput[], options: PredictOptions = {}): PredictResult<O> {
    this.#assertLive();
    const owner = this.describe();
    this.#assertWired();
    const batchSize = options.batchSize;
    if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1)) {
      throw new RangeError(`${owner}: expected batchSize to be a positive integer, received ${formatValue(batchSize)}.`);
    }
    const feeds = checkFeeds(x, this.inputs, this.#steps, owner);
    try {
      const outputs = predictInBatches(this, feeds, batchSize);
      return (this.outputs.length === 1 ? outputs[0] : outputs) as PredictResult<O>;
    } finally {
      for (const feed of feeds) if (feed.kind === 'tensor' && feed.owned) feed.tensor.dispose();
    }
  }

  /**
   * Copies of all weights, in new tensors the caller owns.
   *
   * @example
   * ```ts
   * const [table] = model.getWeights(); // Tensor float32 [10, 4]
   * ```
   */
  getWeights(): Tensor<'float32'>[] {
    this.#assertLive();
    return this.weights.map((w) => w.read());
  }

  /**
   * Replaces all weights in place, one value per weight in `getWeights()`
   * order. Every value's shape is checked before any is written; layers
   * shared with other models change there too.
   *
   * @example
   * ```ts
   * model2.setWeights([tensor(new Float32Array(40).fill(1), [10, 4])]);
   * ```
   */
  setWeights(values: readonly (Tensor | TensorLike)[]): void {
    this.#assertLive();
    writeWeights(this.weights, values, `${this.describe()}.setWeights`);
  }

  /**
   * Saves the model in TensorFlow.js's layers-model format (model.json and
   * binary weights; `loadModel` here and `tf.loadLayersModel` read it) to
   * `file://path` (Node), `http(s)://`, `indexeddb://name`,
   * `downloads://name` or a TF.js-style `IOHandler`. With
   * `{ includeOptimizer: true }` a compiled model's loss, metrics and
   * optimizer state go too, so the loaded model resumes `fit`.
   *
   * @example
   * ```ts
   * await model.save('file://./my-model'); // my-model/model.json + weights.bin
   * await model.save('file://./checkpoint', { includeOptimizer: true });
   * ```
   */
  save(destination: ModelDestination, options?: SaveOptions): Promise<SaveResult> {
    this.#assertLive();
    return saveModel(this, destination, options);
  }

  /**
   * Replaces the weights with a saved model's (any `loadModel` source),
   * matched by name; with `{ includeOptimizer: true }` also the compiled
   * optimizer's state from a file saved with it. A file that does not fit
   * is a `FormatError` and changes nothing.
   *
   * @example
   * ```ts
   * await model.loadWeights('file://./checkpoint/model.json');
   * ```
   */
  loadWeights(source: ModelSource, options?: LoadWeightsOptions): Promise<void> {
    this.#assertLive();
    return loadWeightsInto(this, source, options);
  }

  /**
   * Keras's `get_config()` in camelCase: each layer's `getConfig()` and how
   * the layers connect; `Model.fromConfig` rebuilds the model with fresh weights.
   *
   * @example
   * ```ts
   * const twin = Model.fromConfig(model.getConfig());
   * ```
   */
  getConfig(): ModelTopologyConfig {
    return graphConfigOf(this);
  }

  /** A new functional model (new layers, fresh weights) from `getConfig()`'s result. */
  static fromConfig(config: ModelTopologyConfig): Model {
    return buildGraph(config, (inputs, outputs, name) => new Model({ inputs, outputs, name }));
  }

  /**
   * Prints the Keras-style table of layers, output shapes and parameter
   * counts (with `print`, console.log by default) and returns it. A model
   * that is not a plain chain (several inputs, branches, a shared layer)
   * gets Keras's "Connected to" column, e.g. `['user[0][0]']`.
   *
   * @example
   * ```ts
   * model.summary(); // ... Total params: 40 ...
   * const text = model.summary(() => {}); // silent
   * ```
   */
  summary(print: (text: string) => void = console.log): string {
    const text = formatSummary(this.name, { layers: this.layers, nodes: [...this.inputs, ...this.#steps], nodeDepths: this.#nodeDepths });
    print(text);
    return text;
  }

  /** True once `dispose()` was called. */
  get isDisposed(): boolean {
    return this.#disposed;
  }

  /**
   * Lets go of the model's layers; weights no other model holds are freed.
   * Safe to call twice.
   *
   * @example
   * ```ts
   * model.dispose();  // model2 still predicts with the shared layer
   * ```
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.disposeTraining();
    for (const layer of this.#layers) layer.release();
  }

  /** e.g. `Model 'model'`, the prefix of this model's errors. */
  describe(): string {
    return `${this.className} '${this.name}'`;
  }

  #assertWired(): void {
    if (this.inputs.length === 0) throw new RangeError(`${this.describe()}: the model has no input yet; add an Input or a layer that knows its input shape first.`);
  }

  #assertLive(): void {
    if (this.#disposed) throw new DisposedError(`${this.describe()} was used after dispose().`);
  }
}
