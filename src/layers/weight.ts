/**
 * A layer's weight and where it is stored. Layers reach their values only
 * through {@link WeightStorage}, so the storage can change (a table split
 * over several buffers, a copy kept to survive device loss) without
 * touching the layers.
 */
import { assertUsable, defaultDevice } from '../gpu/device.js';
import { createStorageBuffer } from '../gpu/buffers.js';
import { DisposedError } from '../errors.js';
import { toHostData, type TensorLike } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';
import { formatShape } from '../validate/position.js';
import { copyBuffers } from './copy.js';

/** @internal Where a weight's values live. */
export interface WeightStorage {
  /** The values as a GPU tensor the storage keeps owning; valid until `dispose()`. */
  value(): Tensor<'float32'>;
  /** A copy of the values in a new tensor that the caller owns. */
  snapshot(): Tensor<'float32'>;
  /** Overwrites the values in place (same shape), so every user of the storage sees them. */
  write(values: Float32Array | Tensor<'float32'>): void;
  /** Frees the storage; safe to call twice. */
  dispose(): void;
  readonly isDisposed: boolean;
}

/**
 * @internal One GPU buffer holding the whole weight.
 *
 * @example
 * ```ts
 * const storage = new GpuWeightStorage('my_embedding/embeddings', [10, 4], new Float32Array(40));
 * ```
 */
export class GpuWeightStorage implements WeightStorage {
  #tensor: Tensor<'float32'>;

  /** Uploads `initial` (host values) or adopts `initial` (a tensor the storage then owns). */
  constructor(label: string, shape: readonly number[], initial: Float32Array | Tensor<'float32'>) {
    if (initial instanceof Tensor) {
      this.#tensor = initial;
      return;
    }
    const device = defaultDevice();
    const buffer = createStorageBuffer(device, label, initial.byteLength, initial);
    this.#tensor = Tensor.fromBuffer(device, buffer, initial.byteLength, shape, 'float32');
  }

  value(): Tensor<'float32'> {
    // Weights on a lost device cannot be used with the new one; say so instead of failing inside WebGPU.
    assertUsable(this.#tensor.device);
    return this.#tensor;
  }

  snapshot(): Tensor<'float32'> {
    const source = this.#tensor;
    const copy = createStorageBuffer(source.device, `${source.buffer.label}.copy`, source.size * 4);
    copyBuffers(source.device, [{ from: source.buffer, fromOffset: 0, to: copy, toOffset: 0, byteLength: source.size * 4 }], 'getWeights');
    return Tensor.fromBuffer(source.device, copy, source.size * 4, source.shape, 'float32');
  }

  write(values: Float32Array | Tensor<'float32'>): void {
    const target = this.#tensor;
    if (values instanceof Tensor) {
      copyBuffers(target.device, [{ from: values.buffer, fromOffset: 0, to: target.buffer, toOffset: 0, byteLength: target.size * 4 }], 'setWeights');
    } else {
      target.device.queue.writeBuffer(target.buffer, 0, values.buffer, values.byteOffset, values.byteLength);
    }
  }

  dispose(): void {
    this.#tensor.dispose();
  }

  get isDisposed(): boolean {
    return this.#tensor.isDisposed;
  }
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
  readonly #storage: WeightStorage;

  /** @internal Layers create their weights when they are built. */
  constructor(readonly name: string, shape: readonly number[], storage: WeightStorage) {
    this.shape = Object.freeze([...shape]);
    this.#storage = storage;
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

  /** A copy of the values that the caller owns. */
  read(): Tensor<'float32'> {
    this.#assertLive();
    return this.#storage.snapshot();
  }

  /** @internal Writes values already checked by {@link checkWeightValues}. */
  write(values: Float32Array | Tensor<'float32'>): void {
    this.#assertLive();
    this.#storage.write(values);
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
