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
import { assertUsable, defaultDevice } from '../gpu/device.js';
import { gatherFloat16 } from '../ops/gather-f16.js';
import { gatherInt8 } from '../ops/gather-int8.js';
import { packFloat16 } from '../ops/pack-f16.js';
import { quantizeInt8 } from '../ops/quantize-int8.js';
import { outputTensor, tensor } from '../tensor/create.js';
import { Tensor, type DType } from '../tensor/tensor.js';
import type { OutOfRange } from '../validate/indices.js';
import type { Int8Values, WeightDType, WeightStorage } from './weight.js';

function blank<D extends DType>(label: string, shape: readonly number[], dtype: D): Tensor<D> {
  return outputTensor(defaultDevice(), label, shape, dtype);
}

/** Shared behaviour: encode from float32 on write, decode by gathering every row on read. */
abstract class CompactStorage implements WeightStorage {
  abstract readonly dtype: WeightDType;

  constructor(readonly shape: readonly [number, number]) {}

  /** Encodes float32 values of the weight's shape into this storage. */
  protected abstract encode(values: Tensor<'float32'>): void;
  abstract gather(indices: Tensor<'int32'>, op: string, outOfRange: OutOfRange): Tensor<'float32'>;
  abstract dispose(): void;
  abstract get isDisposed(): boolean;

  value(): Tensor<'float32'> {
    throw new TypeError(`A ${this.dtype} weight has no float32 tensor; read a float32 copy with getWeights().`);
  }

  snapshot(): Tensor<'float32'> {
    const every = tensor(Int32Array.from({ length: this.shape[0] }, (_, i) => i), [this.shape[0]], 'int32');
    try {
      return this.gather(every, 'getWeights', 'zero');
    } finally {
      every.dispose();
    }
  }

  write(values: Float32Array | Tensor<'float32'>): void {
    if (values instanceof Tensor) {
      this.encode(values);
      return;
    }
    const upload = tensor(values, this.shape, 'float32');
    this.encode(upload);
    upload.dispose();
  }
}

/**
 * @internal A 2-D weight stored as float16, two halves per word; lookups return float32.
 *
 * @example
 * ```ts
 * const storage = new Float16WeightStorage('e/embeddings', [10, 4], initialValues);
 * ```
 */
export class Float16WeightStorage extends CompactStorage {
  readonly dtype = 'float16';
  #packed: Tensor<'int32'>;

  constructor(label: string, shape: readonly [number, number], initial: Float32Array | Tensor<'float32'>) {
    super(shape);
    this.#packed = blank(`${label} float16`, [Math.ceil((shape[0] * shape[1]) / 2)], 'int32');
    this.write(initial);
  }

  protected encode(values: Tensor<'float32'>): void {
    packFloat16(values, this.#packed);
  }

  gather(indices: Tensor<'int32'>, op: string, outOfRange: OutOfRange): Tensor<'float32'> {
    // Weights on a lost device cannot be used with the new one; say so instead of failing inside WebGPU.
    assertUsable(this.#packed.device);
    return gatherFloat16(this.#packed, this.shape, indices, op, outOfRange);
  }

  dispose(): void {
    this.#packed.dispose();
  }

  get isDisposed(): boolean {
    return this.#packed.isDisposed;
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
  #packed: Tensor<'int32'>;
  #scales: Tensor<'float32'>;

  constructor(label: string, shape: readonly [number, number], initial: Float32Array | Tensor<'float32'>) {
    super(shape);
    this.#packed = blank(`${label} int8`, [shape[0], Math.ceil(shape[1] / 4)], 'int32');
    this.#scales = blank(`${label} scales`, [shape[0]], 'float32');
    this.write(initial);
  }

  protected encode(values: Tensor<'float32'>): void {
    quantizeInt8(values, this.#packed, this.#scales);
  }

  gather(indices: Tensor<'int32'>, op: string, outOfRange: OutOfRange): Tensor<'float32'> {
    assertUsable(this.#packed.device);
    return gatherInt8(this.#packed, this.#scales, this.shape, indices, op, outOfRange);
  }

  async readInt8(): Promise<Int8Values> {
    const [rows, dim] = this.shape;
    const [packed, scales] = await Promise.all([this.#packed.data(), this.#scales.data()]);
    // Rows are padded to whole words; byte c of a row is value c (little-endian words).
    const bytes = new Int8Array(packed.buffer, packed.byteOffset, packed.byteLength);
    const rowBytes = Math.ceil(dim / 4) * 4;
    const values = new Int8Array(rows * dim);
    for (let r = 0; r < rows; r++) values.set(bytes.subarray(r * rowBytes, r * rowBytes + dim), r * dim);
    return { values, scales };
  }

  writeInt8({ values, scales }: Int8Values): void {
    const [rows, dim] = this.shape;
    const rowBytes = Math.ceil(dim / 4) * 4;
    const bytes = new Int8Array(rows * rowBytes);
    for (let r = 0; r < rows; r++) bytes.set(values.subarray(r * dim, (r + 1) * dim), r * rowBytes);
    const packed = tensor(new Int32Array(bytes.buffer), [rows, rowBytes / 4], 'int32');
    let rowScales: Tensor<'float32'>;
    try {
      rowScales = tensor(scales, [rows], 'float32');
    } catch (error) {
      packed.dispose();
      throw error;
    }
    this.dispose();
    this.#packed = packed;
    this.#scales = rowScales;
  }

  dispose(): void {
    this.#packed.dispose();
    this.#scales.dispose();
  }

  get isDisposed(): boolean {
    return this.#packed.isDisposed;
  }
}
