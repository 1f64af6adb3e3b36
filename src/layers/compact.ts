/**
 * Compact weight storage for embedding tables: float16 (half the bytes of
 * float32) and int8 with one float32 scale per row (about a quarter). The
 * values are encoded on the GPU and decoded to float32 inside the lookup
 * kernel, so a lookup returns float32 rows and no float32 table is kept.
 *
 * float16 is packed two halves per u32 and read with `unpack2x16float`
 * rather than WGSL's `f16` type: that needs the optional `shader-f16`
 * feature, which many adapters (SwiftShader among them) lack, while the
 * packed form works on every WebGPU adapter and stores the same bits.
 */
import { gatherFloat16, gatherInt8, unitsPerRow } from '../ops/gather-compact.js';
import { packFloat16 } from '../ops/pack-f16.js';
import { quantizeInt8 } from '../ops/quantize-int8.js';
import { tensor, uploadHost } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';
import type { OutOfRange } from '../validate/indices.js';
import type { Int8Values, WeightDType, WeightStorage } from './weight.js';

/** Shared behaviour: encode from float32 on write (from host values through a float32 upload). */
abstract class CompactStorage implements WeightStorage {
  abstract readonly dtype: WeightDType;

  constructor(readonly label: string, readonly shape: readonly [number, number]) {}

  /** Encodes float32 values of the weight's shape into new tensors that replace the stored ones. */
  protected abstract encode(values: Tensor<'float32'>): void;
  abstract gather(indices: Tensor<'int32'>, op: string, outOfRange: OutOfRange): Tensor<'float32'>;
  abstract dispose(): void;
  abstract get isDisposed(): boolean;

  value(): Tensor<'float32'> {
    throw new TypeError(`A ${this.dtype} weight has no float32 tensor; read a float32 copy with getWeights().`);
  }

  /** The float32 values, decoded on the GPU into new buffers (split by rows when larger than one buffer may be). */
  abstract snapshot(): Tensor<'float32'>;

  write(values: Float32Array | Tensor<'float32'>): void {
    if (values instanceof Tensor) {
      this.encode(values);
      return;
    }
    const upload = tensor(values, this.shape, 'float32');
    try {
      this.encode(upload);
    } finally {
      upload.dispose();
    }
  }
}

/**
 * @internal A 2-D weight stored as float16, four halves per two words (rows padded to
 * groups of four); lookups return float32.
 *
 * @example
 * ```ts
 * const storage = new Float16WeightStorage('e/embeddings', [10, 4], initialValues);
 * ```
 */
export class Float16WeightStorage extends CompactStorage {
  readonly dtype = 'float16';
  #packed: Tensor<'int32'> | null = null;
  #disposed = false;

  constructor(label: string, shape: readonly [number, number], initial: Float32Array | Tensor<'float32'>) {
    super(label, shape);
    this.write(initial);
  }

  protected encode(values: Tensor<'float32'>): void {
    const packed = packFloat16(values, `${this.label} float16`);
    this.#packed?.dispose();
    this.#packed = packed;
  }

  gather(indices: Tensor<'int32'>, op: string, outOfRange: OutOfRange): Tensor<'float32'> {
    return gatherFloat16(this.#packed!, this.shape, indices, op, outOfRange);
  }

  snapshot(): Tensor<'float32'> {
    return gatherFloat16(this.#packed!, this.shape, null, 'getWeights', 'zero');
  }

  dispose(): void {
    this.#disposed = true;
    this.#packed?.dispose();
  }

  get isDisposed(): boolean {
    return this.#disposed;
  }
}

/**
 * @internal A 2-D weight stored as int8 with one float32 scale per row
 * (scale = max |row| / 127); lookups return float32 (value x scale).
 *
 * @example
 * ```ts
 * const storage = new Int8WeightStorage('e/embeddings', [10, 4], table);
 * ```
 */
export class Int8WeightStorage extends CompactStorage {
  readonly dtype = 'int8';
  #encoded: { packed: Tensor<'int32'>; scales: Tensor<'float32'> } | null = null;
  #disposed = false;

  constructor(label: string, shape: readonly [number, number], initial: Float32Array | Tensor<'float32'>) {
    super(label, shape);
    this.write(initial);
  }

  protected encode(values: Tensor<'float32'>): void {
    const encoded = quantizeInt8(values, this.label);
    this.#release();
    this.#encoded = encoded;
  }

  gather(indices: Tensor<'int32'>, op: string, outOfRange: OutOfRange): Tensor<'float32'> {
    const { packed, scales } = this.#encoded!;
    return gatherInt8(packed, scales, this.shape, indices, op, outOfRange);
  }

  snapshot(): Tensor<'float32'> {
    const { packed, scales } = this.#encoded!;
    return gatherInt8(packed, scales, this.shape, null, 'getWeights', 'zero');
  }

  async readInt8(): Promise<Int8Values> {
    const [rows, dim] = this.shape;
    const { packed, scales } = this.#encoded!;
    const [words, rowScales] = await Promise.all([packed.data(), scales.data()]);
    // Stored rows are padded to whole units (packed.shape[1] words); byte c of a row is value c (little-endian words).
    const bytes = new Int8Array(words.buffer, words.byteOffset, words.byteLength);
    const rowBytes = packed.shape[1] * 4;
    const values = new Int8Array(rows * dim);
    for (let r = 0; r < rows; r++) values.set(bytes.subarray(r * rowBytes, r * rowBytes + dim), r * dim);
    return { values, scales: rowScales };
  }

  writeInt8({ values, scales }: Int8Values): void {
    const [rows, dim] = this.shape;
    const quads = 4 * unitsPerRow('int8', dim);
    const bytes = new Int8Array(rows * quads * 4);
    for (let r = 0; r < rows; r++) bytes.set(values.subarray(r * dim, (r + 1) * dim), r * quads * 4);
    const packed = tensor(new Int32Array(bytes.buffer), [rows, quads], 'int32');
    let rowScales: Tensor<'float32'>;
    try {
      // The scales split at the rows the values split at, as quantizeInt8 makes them.
      rowScales = uploadHost({ data: scales, shape: [rows], dtype: 'float32' }, packed.shards.map((shard) => (shard.byteLength / (quads * 4)) * 4), `${this.label} scales`);
    } catch (error) {
      packed.dispose();
      throw error;
    }
    this.#release();
    this.#encoded = { packed, scales: rowScales };
  }

  dispose(): void {
    this.#disposed = true;
    this.#release();
  }

  #release(): void {
    this.#encoded?.packed.dispose();
    this.#encoded?.scales.dispose();
  }

  get isDisposed(): boolean {
    return this.#disposed;
  }
}
