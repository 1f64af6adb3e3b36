/**
 * The EmbeddingBag layer (PyTorch's `nn.EmbeddingBag`): an embedding table
 * whose lookups are pooled per bag (sum, mean or max) in one fused kernel.
 */
import * as cpu from '../cpu/index.js';
import type { AnyHostTensor, HostTensor } from '../cpu/host-tensor.js';
import { embeddingBag } from '../ops/embedding-bag.js';
import { bagArgmax, bagBackward } from '../ops/embedding-bag-backward.js';
import { tensor, type TensorLike } from '../tensor/create.js';
import { Tensor, type DType } from '../tensor/tensor.js';
import { bagMode, paddingRow, type BagMode } from '../validate/bags.js';
import { toIndices, type IndexData, type OutOfRange } from '../validate/indices.js';
import { formatValue } from '../validate/position.js';
import { initialValues, type Initializer } from './initializers.js';
import { Layer, type CallOptions, type LayerArgs, type LayerConfig, type TraceOptions, type Traced } from './layer.js';
import { checkGradient } from './reshape-trace.js';
import { formatTuple, type Shape } from './shape.js';
import { checkTable } from './table.js';
import { GpuWeightStorage } from './gpu-weight-storage.js';
import { Weight } from './weight.js';

/** Options of {@link EmbeddingBag}. */
export interface EmbeddingBagArgs extends LayerArgs {
  /** Vocabulary size: indices lie in `[0, inputDim)`. */
  inputDim: number;
  /** Length of each embedding vector. */
  outputDim: number;
  /** How each bag's rows are reduced (default `'mean'`, as in PyTorch). */
  mode?: BagMode;
  /** A row left out of every bag and of the mean's count; negative counts from the end. */
  paddingIdx?: number;
  /** For {@link EmbeddingBag.forward} with offsets: they include the end of the last bag (CSR). */
  includeLastOffset?: boolean;
  /** Initial values: 'uniform' U(-0.05, 0.05) (default), 'normal', 'zeros', 'ones', or a function of the shape. */
  embeddingsInitializer?: Initializer;
  /** Makes random initial values reproducible. */
  seed?: number;
  /** Initial weights instead of the initialiser: `[matrix]` with matrix `[inputDim, outputDim]`. */
  weights?: readonly (Tensor | TensorLike)[];
  /**
   * Mode 'sum' only: the layer takes two inputs, `apply([indices, weights])`,
   * the second float32 `[batch, bagSize]` holding a weight per entry (PyTorch's
   * `per_sample_weights`); the weights get a gradient too. Default false.
   */
  perSampleWeights?: boolean;
}

/** The configuration `getConfig` returns and `EmbeddingBag.fromConfig` takes. */
export interface EmbeddingBagConfig extends LayerConfig {
  inputDim: number;
  outputDim: number;
  mode: BagMode;
  paddingIdx?: number;
  includeLastOffset: boolean;
  embeddingsInitializer: Initializer;
  seed?: number;
  perSampleWeights?: boolean;
}

/**
 * Pools bags of embeddings: an input of fixed-size bags `[batch, bagSize]`
 * gives `[batch, outputDim]`, each row the sum, mean or max of its bag's
 * rows of the weight matrix, computed in one fused kernel (no
 * `[batch, bagSize, outputDim]` intermediate). Bags of different lengths
 * and per-sample weights go through {@link EmbeddingBag.forward}.
 *
 * @example
 * ```ts
 * const bag = new EmbeddingBag({ inputDim: 1000, outputDim: 16, mode: 'sum' });
 * const x = Input({ shape: [5] });
 * const model = new Model({ inputs: x, outputs: bag.apply(x) });       // outputShape [null, 16]
 * bag.apply([[1, 2, 3, 4, 5], [6, 7, 8, 9, 0]]);                       // Tensor float32 [2, 16]
 * bag.forward([1, 2, 3, 7], { offsets: [0, 3], perSampleWeights: [1, 1, 1, 0.5] }); // [2, 16]
 * ```
 */
export class EmbeddingBag extends Layer {
  readonly inputDim: number;
  readonly outputDim: number;
  readonly mode: BagMode;
  readonly paddingIdx: number | undefined;
  readonly includeLastOffset: boolean;
  readonly embeddingsInitializer: Initializer;
  readonly seed: number | undefined;
  readonly perSampleWeights: boolean;
  /** Values from the `weights` option until the layer is built: host values, or a GPU copy the layer owns. */
  #initialWeights: Float32Array | Tensor<'float32'> | undefined;
  #embeddings: Weight | null = null;

  constructor(args: EmbeddingBagArgs) {
    super(args ?? ({} as EmbeddingBagArgs), 'embedding_bag');
    const owner = this.describe();
    this.mode = bagMode(args?.mode, owner);
    if (args?.perSampleWeights && this.mode !== 'sum') {
      throw new TypeError(`${owner}: perSampleWeights needs mode 'sum' (as in PyTorch), received mode ${formatValue(this.mode)}.`);
    }
    if (Number.isInteger(args?.inputDim) && args.inputDim > 0) paddingRow(args.paddingIdx, args.inputDim, owner);
    // Last: it copies a weights tensor, which nothing may throw after.
    const { init, initial } = checkTable(args, owner, `${this.name}/embeddings`);
    this.inputDim = args.inputDim;
    this.outputDim = args.outputDim;
    this.paddingIdx = args.paddingIdx;
    this.includeLastOffset = !!args.includeLastOffset;
    this.embeddingsInitializer = init;
    this.seed = args.seed;
    this.perSampleWeights = !!args.perSampleWeights;
    this.#initialWeights = initial;
  }

  /**
   * Rebuilds a layer from `getConfig()`'s result (weights are not part of it).
   *
   * @example
   * ```ts
   * const twin = EmbeddingBag.fromConfig(bag.getConfig());
   * ```
   */
  static fromConfig(config: EmbeddingBagConfig): EmbeddingBag {
    return new EmbeddingBag(config);
  }

  get className(): string {
    return 'EmbeddingBag';
  }

  override get weights(): readonly Weight[] {
    return this.#embeddings ? [this.#embeddings] : [];
  }

  /** The weight matrix `[inputDim, outputDim]` (null before the layer is built). */
  get embeddings(): Weight | null {
    return this.#embeddings;
  }

  /** With per-sample weights the layer takes `[indices, weights]`. */
  override get multiInput(): boolean {
    return this.perSampleWeights;
  }

  computeOutputShape(input: Shape | readonly Shape[]): Shape {
    const shapes = (this.perSampleWeights ? input : [input]) as readonly Shape[];
    if (this.perSampleWeights && (!Array.isArray(shapes) || shapes.length !== 2 || !shapes.every((s) => Array.isArray(s)))) {
      throw new TypeError(`${this.describe()}: with perSampleWeights, expected a list of 2 inputs, apply([indices, weights]), received ${Array.isArray(shapes) ? `${shapes.length} input(s)` : formatValue(shapes)}.`);
    }
    const inputShape = shapes[0];
    if (inputShape.length !== 2) {
      throw new RangeError(`${this.describe()}: expected fixed-size bags of shape [batch, bagSize], received input shape ${formatTuple(inputShape)}; use forward() with offsets for bags of different lengths.`);
    }
    if (this.perSampleWeights && JSON.stringify(shapes[1]) !== JSON.stringify(inputShape)) {
      throw new RangeError(`${this.describe()}: expected per-sample weights of the indices' shape ${formatTuple(inputShape)}, received ${formatTuple(shapes[1])}.`);
    }
    return [inputShape[0], this.outputDim];
  }

  protected override createWeights(): void {
    const shape = [this.inputDim, this.outputDim];
    const initial = this.#initialWeights ?? initialValues(this.embeddingsInitializer, shape, this.seed, this.describe());
    this.#embeddings = new Weight(`${this.name}/embeddings`, shape, new GpuWeightStorage(`${this.name}/embeddings`, shape, initial));
    // Only now: a build that failed (e.g. an allocation) keeps the given weights for the next try.
    this.#initialWeights = undefined;
  }

  protected override checkInputDType(dtype: DType, index = 0): void {
    if (index === 0 && dtype !== 'int32') throw new TypeError(`${this.describe()}: expected int32 indices, received a ${dtype} input.`);
    if (index === 1 && dtype !== 'float32') throw new TypeError(`${this.describe()}: expected float32 per-sample weights, received a ${dtype} input.`);
  }

  protected override outputDType(): Tensor['dtype'] {
    return 'float32';
  }

  override impliedInputDType(): Tensor['dtype'] {
    return 'int32';
  }

  /** @internal Host indices validated against `[0, inputDim)` (errors name the layer) and uploaded; weights as float32. */
  override toInputTensor(input: Tensor | TensorLike, shape?: readonly number[], index = 0): { tensor: Tensor; owned: boolean } {
    if (index === 1) return super.toInputTensor(input, shape, index);
    if (input instanceof Tensor) return { tensor: input, owned: false };
    const checked = toIndices(input as IndexData, { op: this.describe(), upper: this.inputDim, shape });
    return { tensor: tensor(checked.data, checked.shape, 'int32'), owned: true };
  }

  call(inputs: readonly Tensor[], _options?: CallOptions): Tensor {
    return this.#pool(inputs, 'throw');
  }

  /** The pooled rows of fixed-size bags (`inputs`: indices, and per-sample weights when the layer takes them). */
  #pool(inputs: readonly Tensor[], outOfRange: OutOfRange): Tensor {
    this.assertLive();
    const weights = this.perSampleWeights ? inputs[1] : undefined;
    return embeddingBag(this.#embeddings!.value(), inputs[0] as Tensor<'int32'>, { mode: this.mode, paddingIdx: this.paddingIdx, perSampleWeights: weights, outOfRange });
  }

  /** The padding row in [0, inputDim), or null. */
  #padding(): number | null {
    return paddingRow(this.paddingIdx, this.inputDim, this.describe());
  }

  /**
   * @internal The training forward: the pooled rows, and (mode 'max') the
   * argmax of each bag and column for the backward. The table's gradient is
   * a RowGradient with one row per index entry; per-sample weights get
   * theirs as an input gradient.
   */
  override trace(inputs: readonly Tensor[], _options?: TraceOptions): Traced<Tensor> {
    const padding = this.#padding();
    // fit checked the indices before the first step, and nothing reads a traced output's index report:
    // 'zero' binds the spare status instead of making a report buffer every batch.
    const output = this.#pool(inputs, 'zero');
    let argmax: Tensor | null;
    try {
      argmax = this.mode === 'max' ? bagArgmax(this.#embeddings!.value(), inputs[0], padding, this.describe()) : null;
    } catch (error) {
      output.dispose();
      throw error;
    }
    const saved = inputs.map((t) => t.reshape(t.shape));
    const outputShape = [...output.shape];
    return {
      output,
      backward: (dy, want) => {
        checkGradient(dy.shape, outputShape, this.describe());
        const options = { mode: this.mode, padding, weights: saved[1], argmax: argmax ?? undefined };
        const g = bagBackward(this.#embeddings!.value(), saved[0], dy, options, { table: want.weights, weights: this.perSampleWeights && want.inputs[1] }, this.describe());
        return { inputs: this.perSampleWeights ? [null, g.dWeights] : [null], weights: [g.rows] };
      },
      dispose: () => {
        for (const t of saved) t.dispose();
        argmax?.dispose();
      },
    };
  }

  /** @internal The CPU twin of `trace`: `cpu.embeddingBag` forward, `cpu.embeddingBagBackward` backward. */
  override traceCpu(inputs: readonly AnyHostTensor[], weights: readonly AnyHostTensor[], _options?: TraceOptions): Traced<AnyHostTensor> {
    const indices = inputs[0] as HostTensor<Int32Array>;
    const perSample = this.perSampleWeights ? (inputs[1] as HostTensor) : undefined;
    const table = weights[0] as HostTensor;
    const padding = this.#padding();
    const output = cpu.embeddingBag(table, indices.data, { mode: this.mode, paddingIdx: this.paddingIdx, perSampleWeights: perSample?.data, shape: indices.shape, outOfRange: 'zero' });
    return {
      output,
      backward: (dy, want) => {
        checkGradient(dy.shape, output.shape, this.describe());
        const g = cpu.embeddingBagBackward(table, indices, dy as HostTensor, { mode: this.mode, paddingIdx: padding, perSampleWeights: perSample });
        return { inputs: this.perSampleWeights ? [null, want.inputs[1] ? g.perSampleWeights : null] : [null], weights: [want.weights ? g.rows : null] };
      },
      dispose: () => undefined,
    };
  }

  /**
   * The full PyTorch form: 1-D `indices` split into bags by `offsets` (or
   * 2-D fixed-size bags), optional `perSampleWeights` (mode 'sum'). Builds
   * the layer on first use; returns float32 `[bags, outputDim]`.
   *
   * @example
   * ```ts
   * bag.forward([4, 2, 9], { offsets: [0, 1] }); // bags [4] and [2, 9]
   * ```
   */
  forward(
    indices: Tensor | IndexData,
    options: { offsets?: Tensor | IndexData; perSampleWeights?: Tensor | TensorLike } = {},
  ): Tensor<'float32'> {
    this.assertLive();
    this.build([null, null]);
    return embeddingBag(this.#embeddings!.value(), indices, {
      mode: this.mode,
      paddingIdx: this.paddingIdx,
      includeLastOffset: this.includeLastOffset,
      offsets: options.offsets,
      perSampleWeights: options.perSampleWeights,
    });
  }

  override getConfig(): EmbeddingBagConfig {
    const config: EmbeddingBagConfig = {
      ...super.getConfig(),
      inputDim: this.inputDim,
      outputDim: this.outputDim,
      mode: this.mode,
      includeLastOffset: this.includeLastOffset,
      embeddingsInitializer: this.embeddingsInitializer,
    };
    if (this.paddingIdx !== undefined) config.paddingIdx = this.paddingIdx;
    if (this.seed !== undefined) config.seed = this.seed;
    if (this.perSampleWeights) config.perSampleWeights = true;
    return config;
  }

  override dispose(): void {
    super.dispose();
    if (this.#initialWeights instanceof Tensor) this.#initialWeights.dispose();
    this.#initialWeights = undefined;
  }
}
