/**
 * The base of every layer: a name, weights built once, a pure output-shape
 * rule, `apply` that either wires a symbolic graph or computes on the GPU,
 * and the training seam (`trace` on the GPU, `traceCpu` on the CPU twin).
 */
import type { AnyHostTensor } from '../cpu/host-tensor.js';
import { DisposedError } from '../errors.js';
import { formatValue } from '../validate/position.js';
import { tensor, toHostData, type TensorLike } from '../tensor/create.js';
import { Tensor, type DType } from '../tensor/tensor.js';
import { uniqueName } from './names.js';
import { checkWeightValues, type Weight } from './weight.js';
import { SymbolicTensor } from './symbolic.js';
import type { Shape } from './shape.js';
import type { CallOptions, TraceOptions, Traced } from './traced.js';

export type { CallOptions, GradientRequest, Gradients, RowGradient, TraceOptions, Traced, WeightGradient } from './traced.js';
export { isRowGradient } from './traced.js';

/** Options every layer takes. */
export interface LayerArgs {
  /** Unique within a model; defaults to the layer type in snake case, numbered (`embedding`, `embedding_1`, ...). */
  name?: string;
  /** Whether the weights count as trainable (summary's "Trainable params"; `fit` leaves them alone when false). Default true. */
  trainable?: boolean;
}

/** The serialisable part of a layer's configuration. */
export interface LayerConfig {
  name: string;
  trainable: boolean;
}

/** What `apply` takes for one input: a GPU tensor or host data. */
export type LayerInput = Tensor | TensorLike;

/**
 * A layer. Subclasses give `computeOutputShape` (pure, no GPU), `call`
 * (GPU work on a built layer), `trace`/`traceCpu` (a forward that keeps what
 * its backward needs) and may create weights in `build`. A layer takes one
 * input, or a list of them when `multiInput` is true (Dot, Concatenate).
 *
 * Ownership of weights: a layer owns its weights. Every `Model` that
 * contains a layer holds it; `Model.dispose()` lets go, and the layer's
 * weights are freed when the last model holding it is disposed, or by
 * `layer.dispose()`. A layer that no model holds is disposed by its creator.
 *
 * @example
 * ```ts
 * const layer = new Embedding({ inputDim: 10, outputDim: 4 });
 * layer.computeOutputShape([null, 1]); // [null, 1, 4]
 * ```
 */
export abstract class Layer {
  readonly name: string;
  trainable: boolean;
  #inputShapes: readonly Shape[] | null = null;
  #holders = 0;
  #disposed = false;
  #nodes = 0;

  protected constructor(args: LayerArgs, prefix: string) {
    if (args.name !== undefined && (typeof args.name !== 'string' || args.name === '')) {
      throw new TypeError(`${this.constructor.name}: expected name to be a non-empty string, received ${formatValue(args.name)}.`);
    }
    this.name = args.name ?? uniqueName(prefix);
    this.trainable = args.trainable ?? true;
  }

  /** The layer type as Keras names it, e.g. `Embedding`. */
  abstract get className(): string;

  /** Whether the layer takes a list of inputs (`apply([a, b])`) rather than one. */
  get multiInput(): boolean {
    return false;
  }

  /**
   * Output shape for an input shape (a list of shapes for a layer with
   * several inputs); pure, needs no GPU. Throws when the input is not acceptable.
   */
  abstract computeOutputShape(inputShape: Shape | readonly Shape[]): Shape;

  /**
   * @internal The GPU computation on a built layer, one tensor per input.
   * The result is a new tensor (or view) the caller owns; the inputs stay the caller's.
   */
  abstract call(inputs: readonly Tensor[], options: CallOptions): Tensor;

  /**
   * @internal A training forward on the GPU: `call` that keeps what the
   * backward needs. Layers without a backward throw a TypeError.
   */
  trace(_inputs: readonly Tensor[], _options: TraceOptions): Traced<Tensor> {
    throw new TypeError(`${this.describe()} cannot be trained: it has no backward.`);
  }

  /**
   * @internal The CPU twin of `trace`, on host values, with the layer's
   * weights passed in (`weights` order) so a CPU fit keeps its own copy.
   */
  traceCpu(_inputs: readonly AnyHostTensor[], _weights: readonly AnyHostTensor[], _options: TraceOptions): Traced<AnyHostTensor> {
    throw new TypeError(`${this.describe()} cannot be trained: it has no backward.`);
  }

  /** @internal `computeOutputShape` for one shape per input, whatever the layer's arity. */
  outputShapeFor(shapes: readonly Shape[]): Shape {
    return this.computeOutputShape(this.multiInput ? shapes : shapes[0]);
  }

  /** The layer's weights (empty before `build`). */
  get weights(): readonly Weight[] {
    return [];
  }

  /** Whether `build` has run. */
  get built(): boolean {
    return this.#inputShapes !== null;
  }

  /** The input shape the layer was built for (a list for a layer with several inputs), or null before `build`. */
  get inputShape(): Shape | readonly Shape[] | null {
    if (!this.#inputShapes) return null;
    return this.multiInput ? this.#inputShapes : this.#inputShapes[0];
  }

  /**
   * Creates the weights for inputs of `inputShape` (a list of shapes for a
   * layer with several inputs); a second call does nothing.
   *
   * @example
   * ```ts
   * layer.build([null, 1]);
   * layer.weights.length; // 1 for an Embedding
   * ```
   */
  build(inputShape: Shape | readonly Shape[]): void {
    this.assertLive();
    if (this.#inputShapes) return;
    const shapes = this.multiInput ? (inputShape as readonly Shape[]) : [inputShape as Shape];
    this.outputShapeFor(shapes);
    this.createWeights(this.multiInput ? shapes : shapes[0]);
    this.#inputShapes = Object.freeze(shapes.map((s) => Object.freeze([...s])));
  }

  /** Creates the weights (on the GPU) for `build`. */
  protected createWeights(_inputShape: Shape | readonly Shape[]): void {}

  /** The dtype of the input a Sequential creates for this layer when it comes first: float32, or int32 for layers that take indices. */
  impliedInputDType(): DType {
    return 'float32';
  }

  /** The input shape this layer implies before it is built (e.g. from `inputLength`), or null. */
  impliedInputShape(): Shape | null {
    return this.#inputShapes && !this.multiInput ? this.#inputShapes[0] : null;
  }

  /**
   * Applies the layer: to a symbolic tensor (from `Input`) it returns the
   * symbolic output that wires a model; to a GPU tensor or host data it
   * computes the output now. A layer with several inputs takes a list
   * (`apply([a, b])`). The first application builds the layer; later ones
   * reuse its weights.
   *
   * @example
   * ```ts
   * const y = layer.apply(Input({ shape: [1] })); // symbolic, shape [null, 1, 4]
   * const out = layer.apply([[0], [3]]);          // Tensor float32 [2, 1, 4]
   * const score = new Dot({ axes: 1 }).apply([u, v]);
   * ```
   */
  apply(input: SymbolicTensor | readonly SymbolicTensor[]): SymbolicTensor;
  apply(input: LayerInput | readonly LayerInput[]): Tensor;
  apply(input: SymbolicTensor | readonly SymbolicTensor[] | LayerInput | readonly LayerInput[]): SymbolicTensor | Tensor {
    this.assertLive();
    const inputs = this.#inputList(input);
    const symbolic = inputs.filter((x) => x instanceof SymbolicTensor).length;
    if (symbolic === inputs.length) return this.#wire(inputs as SymbolicTensor[]);
    if (symbolic > 0) {
      throw new TypeError(`${this.describe()}: expected all inputs to be symbolic tensors (from Input()) or all to be data, received a mix.`);
    }
    const converted: { tensor: Tensor; owned: boolean }[] = [];
    try {
      inputs.forEach((x, i) => converted.push(this.toInputTensor(x as LayerInput, undefined, i)));
      const tensors = converted.map((c) => c.tensor);
      tensors.forEach((t, i) => this.checkInputDType(t.dtype, i));
      const shapes = tensors.map((t) => [null, ...t.shape.slice(1)]);
      this.outputShapeFor(tensors.map((t) => t.shape));
      this.build(this.multiInput ? shapes : shapes[0]);
      return this.call(tensors, { training: false });
    } finally {
      for (const c of converted) if (c.owned) c.tensor.dispose();
    }
  }

  #wire(inputs: readonly SymbolicTensor[]): SymbolicTensor {
    inputs.forEach((t, i) => this.checkInputDType(t.dtype, i));
    const shapes = inputs.map((t) => t.shape);
    const shape = this.outputShapeFor(shapes);
    this.build(this.multiInput ? shapes : shapes[0]);
    return new SymbolicTensor(shape, this.outputDType(inputs.map((t) => t.dtype)), this, inputs, this.nextNodeIndex());
  }

  /** The inputs of `apply` as a list: a layer with several inputs takes an array of them; others take one value. */
  #inputList(input: unknown): unknown[] {
    const isValue = (x: unknown) => x instanceof SymbolicTensor || x instanceof Tensor;
    if (this.multiInput) {
      if (!Array.isArray(input)) {
        throw new TypeError(`${this.describe()}: expected a list of inputs, e.g. apply([a, b]), received ${input instanceof SymbolicTensor || input instanceof Tensor ? input.toString() : typeof input}.`);
      }
      return [...input];
    }
    if (Array.isArray(input) && input.length > 0 && input.every(isValue)) {
      if (input.length !== 1) throw new TypeError(`${this.describe()}: expected one input, received a list of ${input.length}.`);
      return [input[0]];
    }
    return [input];
  }

  /** @internal The index of the next application of this layer (Keras's inbound node index, shown by summary's "Connected to"). */
  nextNodeIndex(): number {
    return this.#nodes++;
  }

  /** Throws a TypeError when the layer cannot take a `dtype` tensor as input `index`. */
  protected checkInputDType(_dtype: DType, _index: number): void {}

  /** The dtype of the output for inputs of `dtypes`. */
  protected outputDType(dtypes: readonly DType[]): DType {
    return dtypes[0];
  }

  /**
   * @internal Input `index` of `apply` as a tensor: a tensor passes through,
   * host data is checked and uploaded (float32 unless the layer takes
   * indices; errors name the layer). `shape` gives a flat typed array its
   * shape. `owned` says whether the caller must dispose the result.
   */
  toInputTensor(input: LayerInput, shape?: readonly number[], _index = 0): { tensor: Tensor; owned: boolean } {
    if (input instanceof Tensor) return { tensor: input, owned: false };
    const host = toHostData(input, shape, 'float32', this.describe());
    return { tensor: tensor(host.data, host.shape, 'float32'), owned: true };
  }

  /** Number of weight values. */
  countParams(): number {
    return this.weights.reduce((n, w) => n + w.size, 0);
  }

  /**
   * Copies of the weights, in new tensors the caller owns, in creation order
   * (Keras's: e.g. Dense's kernel, then its bias).
   *
   * @example
   * ```ts
   * const [table] = layer.getWeights(); // Tensor float32 [10, 4]
   * table.dispose();
   * ```
   */
  getWeights(): Tensor<'float32'>[] {
    this.assertLive();
    return this.weights.map((w) => w.read());
  }

  /**
   * Replaces the weights in place (every model using the layer sees them).
   * All values are checked before any is written; the caller keeps its
   * arrays and tensors.
   *
   * @example
   * ```ts
   * layer.setWeights([tensor(new Float32Array(40).fill(1), [10, 4])]);
   * ```
   */
  setWeights(values: readonly (Tensor | TensorLike)[]): void {
    this.assertLive();
    writeWeights(this.weights, values, `${this.describe()}.setWeights`);
  }

  /** The layer's configuration; `fromConfig` of the subclass rebuilds an equal layer. */
  getConfig(): LayerConfig {
    return { name: this.name, trainable: this.trainable };
  }

  /** True once the layer (and so its weights) was disposed. */
  get isDisposed(): boolean {
    return this.#disposed;
  }

  /**
   * Frees the layer's weights; safe to call twice. Models holding the layer
   * then throw a `DisposedError` when they use it.
   *
   * @example
   * ```ts
   * layer.dispose();
   * ```
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const w of this.weights) w.dispose();
  }

  /** @internal A model starts holding the layer. */
  retain(): void {
    this.assertLive();
    this.#holders++;
  }

  /** @internal A model lets go; the last one disposes the layer. */
  release(): void {
    if (--this.#holders === 0) this.dispose();
  }

  /** e.g. `Embedding 'my_embedding'`, the prefix of this layer's errors. */
  describe(): string {
    return `${this.className} '${this.name}'`;
  }

  protected assertLive(): void {
    if (this.#disposed) throw new DisposedError(`${this.describe()} was used after it was disposed.`);
  }
}

/**
 * Checks every value against its weight, then writes them all, so that a
 * bad value leaves every weight unchanged.
 *
 * @example
 * ```ts
 * writeWeights(model.weights, [ones], "Model 'model'.setWeights");
 * ```
 */
export function writeWeights(weights: readonly Weight[], values: readonly (Tensor | TensorLike)[], what: string): void {
  if (!Array.isArray(values) || values.length !== weights.length) {
    const received = Array.isArray(values) ? `${values.length}` : String(values);
    throw new RangeError(`${what}: expected a list of ${weights.length} weight array(s), received ${received}.`);
  }
  const checked = weights.map((w, i) => checkWeightValues(values[i], w.shape, `${what}: weight ${i} (${w.name})`));
  weights.forEach((w, i) => w.write(checked[i]));
}
