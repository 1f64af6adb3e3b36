/**
 * The options an `Embedding` takes and the configuration it saves, apart
 * from the layer itself (embedding.ts).
 */
import type { Tensor } from '../tensor/tensor.js';
import type { TensorLike } from '../tensor/create.js';
import type { OutOfRange } from '../validate/indices.js';
import type { Initializer } from './initializers.js';
import type { LayerArgs, LayerConfig } from './layer.js';
import type { WeightDType } from './weight.js';

/** How an Embedding looks rows up: `'gather'` (by index) or `'onehot'` (one-hot vectors times the matrix). */
export type Lookup = 'gather' | 'onehot';

/** Options of {@link Embedding}, Keras's names in camelCase. */
export interface EmbeddingArgs extends LayerArgs {
  /** Vocabulary size: indices lie in `[0, inputDim)` (index 0 included when `maskZero`). */
  inputDim: number;
  /** Length of each embedding vector. */
  outputDim: number;
  /** Expected length of the input's last dimension, checked when the layer is applied. */
  inputLength?: number;
  /** Initial values: 'uniform' U(-0.05, 0.05) (default), 'normal', 'zeros', 'ones', or a function of the shape. */
  embeddingsInitializer?: Initializer;
  /** Makes random initial values reproducible. */
  seed?: number;
  /** Initial weights instead of the initialiser: `[matrix]` with matrix `[inputDim, outputDim]`. */
  weights?: readonly (Tensor | TensorLike)[];
  /** Treat index 0 as padding: `computeMask` gives `input != 0`. Default false. */
  maskZero?: boolean;
  /** The lookup kernel. Default 'gather'. Both give the same numbers. */
  lookup?: Lookup;
  /**
   * An index outside `[0, inputDim)`: `'throw'` (default) - host indices
   * throw a RangeError naming the layer before any GPU work, indices in a
   * GPU tensor make the first read of the output reject with an
   * `IndexOutOfRangeError`; `'zero'` - the output row is zeros.
   */
  outOfRange?: OutOfRange;
  /**
   * Keep a host copy of the weights (costs host memory of the table's
   * size). After a device loss the layer restores them on the new device by
   * itself; and while the copy is known to equal the GPU's table (not during
   * training until it has been read back), a lookup of host indices with a
   * result of at most 65,536 values is answered from it, bit-identical to
   * the GPU lookup, so reading the result needs no GPU round trip. Default
   * false: after a loss the layer throws a `DeviceLostError` until
   * `setWeights` restores the weights, and every lookup runs on the GPU.
   *
   * @example
   * ```ts
   * const layer = new Embedding({ inputDim: 1000, outputDim: 8, keepHostCopy: true });
   * const model = new Model({ inputs: x, outputs: layer.apply(x) }); // x = Input({ shape: [1] })
   * await model.predict([3, 14]).data(); // rows from the host copy: no GPU round trip
   * ```
   */
  keepHostCopy?: boolean;
  /**
   * How the table is stored on the GPU: 'float32' (default), 'float16' (half
   * the bytes) or 'int8' (one scale per row, about a quarter). Lookups always
   * return float32; the compact forms need lookup 'gather' and no keepHostCopy.
   */
  dtype?: WeightDType;
}

/** The configuration `getConfig` returns and `Embedding.fromConfig` takes. */
export interface EmbeddingConfig extends LayerConfig {
  inputDim: number;
  outputDim: number;
  inputLength?: number;
  embeddingsInitializer: Initializer;
  seed?: number;
  maskZero: boolean;
  lookup: Lookup;
  outOfRange?: OutOfRange;
  keepHostCopy?: boolean;
  dtype: WeightDType;
}
