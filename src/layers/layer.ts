/**
 * The base of every layer: a name, weights built once, a pure output-shape
 * rule, and `apply` that either wires a symbolic graph or computes on the GPU.
 */
import { DisposedError } from '../errors.js';
import type { TensorLike } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';
import { uniqueName } from './names.js';
import { checkWeightValues, type Weight } from './weight.js';
import { SymbolicTensor } from './symbolic.js';
import type { Shape } from './shape.js';

/** Options every layer takes. */
export interface LayerArgs {
  /** Unique within a model; defaults to the layer type in snake case, numbered (`embedding`, `embedding_1`, ...). */
  name?: string;
  /** Whether the weights count as trainable (summary's "Trainable params"). Default true. */
  trainable?: boolean;
}

/** The serialisable part of a layer's configuration. */
export interface LayerConfig {
  name: string;
  trainable: boolean;
}

/**
 * A layer. Subclasses give `computeOutputShape` (pure, no GPU) and `call`
 * (GPU work on a built layer) and may create weights in `build`.
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
  #inputShape: Shape | null = null;
  #holders = 0;
  #disposed = false;

  protected constructor(args: LayerArgs, prefix: string) {
    if (args.name !== undefined && (typeof args.name !== 'string' || args.name === '')) {
      throw new TypeError(`${this.constructor.name}: expected name to be a non-empty string, received ${String(args.name)}.`);
    }
    this.name = args.name ?? uniqueName(prefix);
    this.trainable = args.trainable ?? true;
  }

  /** The layer type as Keras names it, e.g. `Embedding`. */
  abstract get className(): string;

  /** Output shape for an input shape; pure, needs no GPU. Throws when the input is not acceptable. */
  abstract computeOutputShape(inputShape: Shape): Shape;

  /** @internal The GPU computation on a built layer. The result is a new tensor (or view) the caller owns. */
  abstract call(input: Tensor): Tensor;

  /** The layer's weights (empty before `build`). */
  get weights(): readonly Weight[] {
    return [];
  }

  /** Whether `build` has run. */
  get built(): boolean {
    return this.#inputShape !== null;
  }

  /** The input shape the layer was built for, or null before `build`. */
  get inputShape(): Shape | null {
    return this.#inputShape;
  }

  /**
   * Creates the weights for inputs of `inputShape`; a second call does nothing.
   *
   * @example
   * ```ts
   * layer.build([null, 1]);
   * layer.weights.length; // 1 for an Embedding
   * ```
   */
  build(inputShape: Shape): void {
    this.assertLive();
    if (this.#inputShape) return;
    this.computeOutputShape(inputShape);
    this.createWeights(inputShape);
    this.#inputShape = Object.freeze([...inputShape]);
  }

  /** Creates the weights (on the GPU) for `build`. */
  protected createWeights(_inputShape: Shape): void {}

  /** The input shape this layer implies before it is built (e.g. from `inputLength`), or null. */
  impliedInputShape(): Shape | null {
    return this.#inputShape;
  }

  /**
   * Applies the layer: to a symbolic tensor (from `Input`) it returns the
   * symbolic output that wires a model; to a GPU tensor or host data it
   * computes the output now. The first application builds the layer;
   * later ones reuse its weights.
   *
   * @example
   * ```ts
   * const y = layer.apply(Input({ shape: [1] })); // symbolic, shape [null, 1, 4]
   * const out = layer.apply([[0], [3]]);          // Tensor float32 [2, 1, 4]
   * ```
   */
  apply(input: SymbolicTensor): SymbolicTensor;
  apply(input: Tensor | TensorLike): Tensor;
  apply(input: SymbolicTensor | Tensor | TensorLike): SymbolicTensor | Tensor {
    this.assertLive();
    if (input instanceof SymbolicTensor) {
      this.checkInputDType(input.dtype);
      const shape = this.computeOutputShape(input.shape);
      this.build(input.shape);
      return new SymbolicTensor(shape, this.outputDType(input.dtype), this, [input]);
    }
    const { tensor, owned } = this.toInputTensor(input);
    try {
      this.checkInputDType(tensor.dtype);
      this.computeOutputShape(tensor.shape);
      this.build([null, ...tensor.shape.slice(1)]);
      return this.call(tensor);
    } finally {
      if (owned) tensor.dispose();
    }
  }

  /** Throws a TypeError when the layer cannot take inputs of `dtype`. */
  protected checkInputDType(_dtype: Tensor['dtype']): void {}

  /** The dtype of the output for inputs of `dtype`. */
  protected outputDType(dtype: Tensor['dtype']): Tensor['dtype'] {
    return dtype;
  }

  /**
   * @internal Host data checked and uploaded for this layer (errors name the
   * layer); a tensor passes through. `owned` says whether the caller must
   * dispose the result.
   */
  toInputTensor(input: Tensor | TensorLike): { tensor: Tensor; owned: boolean } {
    if (input instanceof Tensor) return { tensor: input, owned: false };
    throw new TypeError(`${this.describe()}: expected a Tensor, received host data; upload it with tensor() first.`);
  }

  /** Number of weight values. */
  countParams(): number {
    return this.weights.reduce((n, w) => n + w.size, 0);
  }

  /**
   * Copies of the weights, in new tensors the caller owns.
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
