/**
 * The Embedding layer: a `[inputDim, outputDim]` weight matrix whose row `i`
 * is the vector of symbol `i`, looked up by index (gather) or by a one-hot
 * product, the notebook's two ways.
 */
import * as cpu from '../cpu/index.js';
import type { AnyHostTensor, HostTensor } from '../cpu/host-tensor.js';
import { gather } from '../ops/gather.js';
import { matMul } from '../ops/mat-mul.js';
import { oneHotAs } from '../ops/one-hot.js';
import { hostTensor, tensor, type TensorLike } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';
import { outOfRangePolicy, toIndices, type IndexData, type OutOfRange } from '../validate/indices.js';
import { formatValue } from '../validate/position.js';
import { Float16WeightStorage, Int8WeightStorage } from './compact.js';
import { initialValues, type Initializer } from './initializers.js';
import type { EmbeddingArgs, EmbeddingConfig, Lookup } from './embedding-args.js';
import { Layer, type CallOptions, type TraceOptions, type Traced } from './layer.js';
import { lookupTrace, lookupTraceCpu } from './lookup-trace.js';
import { formatTuple, type Shape } from './shape.js';
import { checkTable, positiveInteger } from './table.js';
import { GpuWeightStorage } from './gpu-weight-storage.js';
import { Weight, type WeightDType, type WeightStorage } from './weight.js';

export type { EmbeddingArgs, EmbeddingConfig, Lookup } from './embedding-args.js';

/**
 * Turns indices into dense vectors: an input of shape `[batch, ...]` gives
 * `[batch, ..., outputDim]`, row `i` of the weight matrix for index `i`.
 * Host indices are checked against `[0, inputDim)` before any GPU work,
 * and errors name the layer.
 *
 * @example
 * ```ts
 * const layer = new Embedding({ inputDim: 10, outputDim: 4, inputLength: 1, name: 'my_embedding' });
 * const model = new Model({ inputs: x, outputs: layer.apply(x) }); // x = Input({ shape: [1] })
 * model.outputShape; // [null, 1, 4]
 * ```
 */
export class Embedding extends Layer {
  readonly inputDim: number;
  readonly outputDim: number;
  readonly inputLength: number | undefined;
  readonly embeddingsInitializer: Initializer;
  readonly seed: number | undefined;
  readonly maskZero: boolean;
  readonly lookup: Lookup;
  readonly outOfRange: OutOfRange;
  readonly keepHostCopy: boolean;
  #dtype: WeightDType;
  /** Values from the `weights` option until the layer is built: host values, or a GPU copy the layer owns. */
  #initialWeights: Float32Array | Tensor<'float32'> | undefined;
  #embeddings: Weight | null = null;

  constructor(args: EmbeddingArgs) {
    super(args ?? ({} as EmbeddingArgs), 'embedding');
    const owner = this.describe();
    if (args?.inputLength !== undefined) positiveInteger(args.inputLength, 'inputLength', owner);
    const lookup = args?.lookup ?? 'gather';
    if (lookup !== 'gather' && lookup !== 'onehot') {
      throw new TypeError(`${owner}: expected lookup 'gather' or 'onehot', received ${formatValue(lookup)}.`);
    }
    this.lookup = lookup;
    this.outOfRange = outOfRangePolicy(args?.outOfRange, owner);
    this.keepHostCopy = !!args?.keepHostCopy;
    this.#dtype = args?.dtype ?? 'float32';
    if (!['float32', 'float16', 'int8'].includes(this.#dtype)) {
      throw new TypeError(`${owner}: expected dtype 'float32', 'float16' or 'int8', received ${formatValue(args.dtype)}.`);
    }
    if (this.#dtype !== 'float32') this.#checkCompact(this.#dtype);
    // Last: it copies a weights tensor, which nothing may throw after.
    const { init, initial } = checkTable(args, owner, `${this.name}/embeddings`);
    this.inputDim = args.inputDim;
    this.outputDim = args.outputDim;
    this.inputLength = args.inputLength;
    this.embeddingsInitializer = init;
    this.seed = args.seed;
    this.maskZero = args.maskZero ?? false;
    this.#initialWeights = initial;
  }

  /**
   * Rebuilds a layer from `getConfig()`'s result (weights are not part of it).
   *
   * @example
   * ```ts
   * const twin = Embedding.fromConfig(layer.getConfig());
   * ```
   */
  static fromConfig(config: EmbeddingConfig): Embedding {
    return new Embedding(config);
  }

  get className(): string {
    return 'Embedding';
  }

  override get weights(): readonly Weight[] {
    return this.#embeddings ? [this.#embeddings] : [];
  }

  /** How the table is stored on the GPU: 'float32', 'float16' or 'int8'. */
  get dtype(): WeightDType {
    return this.#dtype;
  }

  /**
   * Stores the table as int8 with one float32 scale per row (scale =
   * max |row| / 127), about a quarter of the float32 bytes; lookups then
   * dequantise in the kernel and still return float32, within half a scale
   * step of the float32 values. Every model using the layer sees the change.
   * Before the layer is built, the table is quantised when it is created.
   *
   * @example
   * ```ts
   * const layer = new Embedding({ inputDim: 10000, outputDim: 64 });
   * layer.build([null, 1]);
   * layer.quantize('int8'); // memory().numBytes drops from 2,560,000 to 680,000 for the table
   * ```
   */
  quantize(mode: 'int8'): void {
    this.assertLive();
    if (mode !== 'int8') throw new RangeError(`${this.describe()}: expected quantize('int8'), received ${formatValue(mode)}.`);
    this.#checkCompact(mode);
    const weight = this.#embeddings;
    if (weight && weight.dtype !== mode) weight.swap(this.#storage(weight.read(), mode));
    this.#dtype = mode;
  }

  #checkCompact(dtype: WeightDType): void {
    if (this.lookup !== 'gather') {
      throw new TypeError(`${this.describe()}: a ${dtype} table needs lookup 'gather' (the one-hot product multiplies a float32 table).`);
    }
    if (this.keepHostCopy) {
      throw new TypeError(`${this.describe()}: keepHostCopy restores float32 tables only; a ${dtype} table cannot keep a host copy.`);
    }
  }

  /** Storage of `dtype` holding `initial`; a tensor passed in becomes the storage's, or is freed once encoded (or on a failure). */
  #storage(initial: Float32Array | Tensor<'float32'>, dtype: WeightDType = this.#dtype): WeightStorage {
    const label = `${this.name}/embeddings`;
    const shape: [number, number] = [this.inputDim, this.outputDim];
    if (dtype === 'float32') return new GpuWeightStorage(label, shape, initial, this.keepHostCopy);
    try {
      return dtype === 'float16' ? new Float16WeightStorage(label, shape, initial) : new Int8WeightStorage(label, shape, initial);
    } finally {
      if (initial instanceof Tensor) initial.dispose();
    }
  }

  /** The weight matrix `[inputDim, outputDim]` (null before the layer is built). */
  get embeddings(): Weight | null {
    return this.#embeddings;
  }

  computeOutputShape(inputShape: Shape): Shape {
    const last = inputShape.length >= 2 ? inputShape[inputShape.length - 1] : null;
    if (this.inputLength !== undefined && last !== null && last !== this.inputLength) {
      throw new RangeError(`${this.describe()}: "inputLength" is ${this.inputLength}, but received input has shape ${formatTuple(inputShape)}.`);
    }
    return [...inputShape, this.outputDim];
  }

  override impliedInputShape(): Shape | null {
    return super.impliedInputShape() ?? (this.inputLength === undefined ? null : [null, this.inputLength]);
  }

  protected override createWeights(): void {
    const shape = [this.inputDim, this.outputDim];
    const initial = this.#initialWeights ?? initialValues(this.embeddingsInitializer, shape, this.seed, this.describe());
    this.#embeddings = new Weight(`${this.name}/embeddings`, shape, this.#storage(initial));
    // Only now: a build that failed (e.g. an allocation) keeps the given weights for the next try.
    this.#initialWeights = undefined;
  }

  protected override checkInputDType(dtype: Tensor['dtype']): void {
    if (dtype !== 'int32') {
      throw new TypeError(`${this.describe()}: expected int32 indices, received a ${dtype} input. Make indices with tensor(values, shape, 'int32') or Input({ shape }).`);
    }
  }

  protected override outputDType(): Tensor['dtype'] {
    return 'float32';
  }

  override impliedInputDType(): Tensor['dtype'] {
    return 'int32';
  }

  /**
   * @internal Host indices validated against `[0, inputDim)` (errors name
   * the layer) and uploaded; `shape` gives a flat typed array its shape.
   */
  override toInputTensor(input: Tensor | TensorLike, shape?: readonly number[]): { tensor: Tensor; owned: boolean } {
    if (input instanceof Tensor) return { tensor: input, owned: false };
    const { data, shape: checked } = this.checkIndices(input as IndexData, shape);
    return { tensor: hostTensor(data, checked, 'int32'), owned: true };
  }

  /** @internal Host indices checked for this layer, e.g. `Embedding 'e': expected integer indices in [0, 10), received 12 at [1, 0]`. */
  checkIndices(input: IndexData, shape?: readonly number[]): { data: Int32Array; shape: number[] } {
    return toIndices(input, { op: this.describe(), upper: this.inputDim, shape, outOfRange: this.outOfRange });
  }

  call(inputs: readonly Tensor[], _options?: CallOptions): Tensor {
    this.assertLive();
    const [input] = inputs;
    if (this.lookup === 'gather') {
      // A few host-known indices and a current host copy (keepHostCopy): the same rows without waiting for the GPU.
      const onHost = this.#embeddings!.hostGather(input as Tensor<'int32'>, this.outOfRange);
      // GPU-resident indices out of range are reported under the layer's name.
      return onHost ?? this.#embeddings!.gather(input as Tensor<'int32'>, this.describe(), this.outOfRange);
    }
    const table = this.#embeddings!.value();
    const policy = { outOfRange: this.outOfRange };
    const flat = input.reshape([input.size]);
    const hot = oneHotAs(this.describe(), flat as Tensor<'int32'>, this.inputDim, policy);
    flat.dispose();
    const rows = matMul(hot, table);
    hot.dispose();
    const out = rows.reshape([...input.shape, this.outputDim]);
    rows.dispose();
    return out;
  }

  /**
   * @internal The training forward: the lookup, and a backward whose weight
   * gradient is a `RowGradient` of views (the indices flattened, `dy` as
   * `[K, outputDim]`), reduced once per step by the optimizer stage. Indices
   * get no gradient. A float16 or int8 table cannot be trained.
   */
  override trace(inputs: readonly Tensor[], _options?: TraceOptions): Traced<Tensor> {
    this.#checkTrainable();
    // fit checked the indices before the first step, and nothing reads a traced output's index report:
    // 'zero' binds the scratch status instead of making a report buffer every batch.
    const output = this.#embeddings!.gather(inputs[0] as Tensor<'int32'>, this.describe(), 'zero');
    return lookupTrace(output, inputs[0], this.outputDim, this.describe());
  }

  /** @internal The CPU twin of `trace`: `cpu.gather` forward, the same row gradient on host arrays. */
  override traceCpu(inputs: readonly AnyHostTensor[], weights: readonly AnyHostTensor[], _options?: TraceOptions): Traced<AnyHostTensor> {
    this.#checkTrainable();
    const indices = inputs[0] as HostTensor<Int32Array>;
    const output = cpu.gather(weights[0] as HostTensor, indices.data, { shape: indices.shape, outOfRange: this.outOfRange });
    return lookupTraceCpu(output, indices, this.outputDim, this.describe());
  }

  #checkTrainable(): void {
    this.assertLive();
    if (this.#dtype !== 'float32') {
      throw new TypeError(
        `${this.describe()}: a ${this.#dtype} table has no backward, so it cannot be trained; train a float32 table, then store it compactly (quantize('int8'), or copy the trained weights into a ${this.#dtype} Embedding).`,
      );
    }
  }

  /**
   * With `maskZero`, a float32 tensor of the input's shape holding 1 where
   * the index is not 0 and 0 where it is (padding); otherwise null. The
   * caller owns the result.
   *
   * @example
   * ```ts
   * const layer = new Embedding({ inputDim: 5, outputDim: 2, maskZero: true });
   * await layer.computeMask([[0, 3], [2, 0]])!.array(); // [[0, 1], [1, 0]]
   * ```
   */
  computeMask(input: Tensor | IndexData): Tensor<'float32'> | null {
    this.assertLive();
    if (!this.maskZero) return null;
    if (input instanceof Tensor) {
      this.checkInputDType(input.dtype);
      // A GPU-resident mask without a readback: gather from a table whose row 0 is 0 and every other row 1.
      const table = tensor(Float32Array.from({ length: this.inputDim }, (_, i) => (i === 0 ? 0 : 1)), [this.inputDim, 1], 'float32');
      const column = gather(table, input as Tensor<'int32'>);
      table.dispose();
      const mask = column.reshape(input.shape);
      column.dispose();
      return mask;
    }
    const { data, shape } = this.checkIndices(input);
    return tensor(Float32Array.from(data, (v) => (v === 0 ? 0 : 1)), shape, 'float32');
  }

  override getConfig(): EmbeddingConfig {
    const config: EmbeddingConfig = {
      ...super.getConfig(),
      inputDim: this.inputDim,
      outputDim: this.outputDim,
      embeddingsInitializer: this.embeddingsInitializer,
      maskZero: this.maskZero,
      lookup: this.lookup,
      dtype: this.#dtype,
    };
    if (this.inputLength !== undefined) config.inputLength = this.inputLength;
    if (this.seed !== undefined) config.seed = this.seed;
    if (this.outOfRange !== 'throw') config.outOfRange = this.outOfRange;
    if (this.keepHostCopy) config.keepHostCopy = true;
    return config;
  }

  override dispose(): void {
    super.dispose();
    if (this.#initialWeights instanceof Tensor) this.#initialWeights.dispose();
    this.#initialWeights = undefined;
  }
}
