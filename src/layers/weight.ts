/**
 * A layer's weight and where it is stored. Layers reach their values only
 * through {@link WeightStorage}, so the storage can change (a table split
 * over several buffers, a copy kept to survive device loss, a compact
 * format) without touching the layers. The storages themselves:
 * gpu-weight-storage.ts (float32) and compact.ts (float16, int8).
 */
import { DisposedError } from '../errors.js';
import { toHostData, type TensorLike } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';
import type { OutOfRange } from '../validate/indices.js';
import { formatShape } from '../validate/position.js';

/** How a weight's values are stored: float32, float16 (half the bytes) or int8 with a scale per row (about a quarter). */
export type WeightDType = 'float32' | 'float16' | 'int8';

/** @internal Where a weight's values live. */
export interface WeightStorage {
  readonly dtype: WeightDType;
  /**
   * The values as a GPU tensor the storage keeps owning; valid until
   * `dispose()`. After a device loss it restores them on the new device if
   * it can, else throws a `DeviceLostError`.
   */
  value(): Tensor<'float32'>;
  /**
   * Rows of a 2-D weight picked by GPU-resident `indices`, as a new float32
   * tensor `[...indices.shape, D]` the caller owns; `op` names the layer in
   * errors and out-of-range reports.
   */
  gather(indices: Tensor<'int32'>, op: string, outOfRange: OutOfRange): Tensor<'float32'>;
  /**
   * The same rows as `gather`, picked on the host from a copy of the table
   * known to equal the GPU's, when the indices' values are on the host too
   * and the result is small (at most `HOST_VALUES_MAX` values); null when
   * that cannot be done (no such copy, indices only on the GPU, a large
   * result, an index out of range under `'throw'`): then use `gather`.
   */
  hostGather?(indices: Tensor<'int32'>, outOfRange: OutOfRange): Tensor<'float32'> | null;
  /**
   * The values are about to be changed in place on the GPU (an optimizer
   * step, submitted in the same synchronous call): host copies of them are
   * no longer current.
   */
  changing?(): void;
  /** A copy of the values in a new tensor that the caller owns. */
  snapshot(): Tensor<'float32'>;
  /** Replaces the values (same shape), so every user of the storage sees them; after a device loss, on the new device. */
  write(values: Float32Array | Tensor<'float32'>): void;
  /**
   * The values were changed in place on the GPU (by an optimizer); `values`
   * are what they were at the last checkpoint (`fit` reads them back at
   * each epoch end), and a device loss restores those. A kept host copy
   * becomes `values`; null forgets values kept only for a restore.
   */
  checkpoint?(values: Float32Array | null): void;
  /** Frees the storage; safe to call twice. */
  dispose(): void;
  readonly isDisposed: boolean;
  /** int8 storage: the stored values (row-major) and one scale per row, exactly. */
  readInt8?(): Promise<Int8Values>;
  /** int8 storage: replaces the stored values and row scales (same shape). */
  writeInt8?(values: Int8Values): void;
}

/** An int8 table as stored: values row-major, one float32 scale per row (value = q x scale). */
export interface Int8Values {
  values: Int8Array;
  scales: Float32Array;
}

/**
 * A named weight of a layer, e.g. `my_embedding/embeddings` of shape `[10, 4]`.
 *
 * @example
 * ```ts
 * const [table] = layer.weights;
 * table.name;  // 'my_embedding/embeddings'
 * table.shape; // [10, 4]
 * ```
 */
export class Weight {
  readonly shape: readonly number[];
  #storage: WeightStorage;

  /** @internal Layers create their weights when they are built. */
  constructor(readonly name: string, shape: readonly number[], storage: WeightStorage) {
    this.shape = Object.freeze([...shape]);
    this.#storage = storage;
  }

  /** How the values are stored (`getWeights()` always gives float32). */
  get dtype(): WeightDType {
    return this.#storage.dtype;
  }

  /** Number of values. */
  get size(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }

  /** @internal The values on the GPU, owned by the weight; throws once disposed. */
  value(): Tensor<'float32'> {
    this.#assertLive();
    return this.#storage.value();
  }

  /** @internal Rows picked by GPU-resident `indices`, as float32, in a new tensor the caller owns. */
  gather(indices: Tensor<'int32'>, op: string, outOfRange: OutOfRange): Tensor<'float32'> {
    this.#assertLive();
    return this.#storage.gather(indices, op, outOfRange);
  }

  /**
   * @internal Rows for host-known `indices` answered from a host copy of the
   * table (see `WeightStorage.hostGather`), or null: then use `gather`.
   */
  hostGather(indices: Tensor<'int32'>, outOfRange: OutOfRange): Tensor<'float32'> | null {
    this.#assertLive();
    return this.#storage.hostGather?.(indices, outOfRange) ?? null;
  }

  /** @internal The values are about to be changed in place on the GPU (an optimizer step): host copies go stale. */
  changing(): void {
    this.#assertLive();
    this.#storage.changing?.();
  }

  /** @internal Moves the values to another storage (e.g. int8) and frees the old one. */
  swap(storage: WeightStorage): void {
    this.#assertLive();
    this.#storage.dispose();
    this.#storage = storage;
  }

  /** A copy of the values, as float32, that the caller owns. */
  read(): Tensor<'float32'> {
    this.#assertLive();
    return this.#storage.snapshot();
  }

  /** @internal The stored int8 values and row scales of an int8 weight. */
  readInt8(): Promise<Int8Values> {
    this.#assertLive();
    if (!this.#storage.readInt8) throw new TypeError(`Weight '${this.name}' is stored as ${this.dtype}, not int8.`);
    return this.#storage.readInt8();
  }

  /** @internal Replaces an int8 weight's stored values and row scales, exactly. */
  writeInt8(values: Int8Values): void {
    this.#assertLive();
    if (!this.#storage.writeInt8) throw new TypeError(`Weight '${this.name}' is stored as ${this.dtype}, not int8.`);
    this.#storage.writeInt8(values);
  }

  /** @internal Writes values already checked by {@link checkWeightValues}. */
  write(values: Float32Array | Tensor<'float32'>): void {
    this.#assertLive();
    this.#storage.write(values);
  }

  /**
   * @internal The values were changed in place by training; a device loss
   * restores `values`, the last checkpoint (null: none to keep).
   */
  checkpoint(values: Float32Array | null): void {
    this.#assertLive();
    this.#storage.checkpoint?.(values);
  }

  /** @internal */
  dispose(): void {
    this.#storage.dispose();
  }

  get isDisposed(): boolean {
    return this.#storage.isDisposed;
  }

  #assertLive(): void {
    if (this.#storage.isDisposed) {
      throw new DisposedError(`Weight '${this.name}' was used after its layer was disposed (see Model.dispose for who owns weights).`);
    }
  }
}

/**
 * Checks new values for a weight of `shape` and converts host values to
 * float32, without writing anything: callers check every weight first so
 * that a bad one leaves all of them unchanged. A tensor is returned as is
 * (it stays the caller's; it is copied when written).
 *
 * @example
 * ```ts
 * checkWeightValues([[1, 2]], [1, 2], 'setWeights: weight 0'); // Float32Array [1, 2]
 * checkWeightValues([[1, 2]], [2, 1], 'setWeights: weight 0'); // RangeError
 * ```
 */
export function checkWeightValues(values: Tensor | TensorLike, shape: readonly number[], what: string): Float32Array | Tensor<'float32'> {
  const mismatch = (received: readonly number[]) =>
    new RangeError(`${what}: expected shape ${formatShape(shape)}, received shape ${formatShape(received)}.`);
  if (values instanceof Tensor) {
    if (values.dtype !== 'float32') throw new TypeError(`${what}: expected a float32 tensor, received ${values.dtype}.`);
    if (values.shape.length !== shape.length || values.shape.some((d, i) => d !== shape[i])) throw mismatch(values.shape);
    if (values.isDisposed) throw new DisposedError(`${what}: the tensor was disposed.`);
    return values as Tensor<'float32'>;
  }
  const size = shape.reduce((a, b) => a * b, 1);
  const flat = ArrayBuffer.isView(values);
  const host = toHostData(values, flat && (values as ArrayLike<number>).length === size ? shape : undefined, 'float32', what);
  if (host.shape.length !== shape.length || host.shape.some((d, i) => d !== shape[i])) throw mismatch(host.shape);
  for (let i = 0; i < host.data.length; i++) {
    if (!Number.isFinite(host.data[i])) throw new RangeError(`${what}: expected finite values, received ${host.data[i]} at element ${i}.`);
  }
  return host.data as Float32Array;
}
