/**
 * GPU-resident tensors. A `Tensor` is a shape and dtype over a storage buffer;
 * views (`reshape`, Flatten's output) share the buffer, which is destroyed
 * when the last tensor using it is disposed. Live tensors are tracked per
 * device so that `memory()` can show leaks.
 */
import { currentDevice } from '../gpu/device.js';
import { readBuffer } from '../gpu/buffers.js';
import { DisposedError } from '../errors.js';
import type { NestedArray } from '../validate/nested.js';
import { formatShape } from '../validate/position.js';

/** Element types a tensor can hold. */
export type DType = 'float32' | 'int32';

/** The typed array that holds a dtype's elements on the host. */
export type TypedArrayOf<D extends DType> = D extends 'int32' ? Int32Array : Float32Array;

/** @internal A GPU buffer shared by a tensor and its views; destroyed with its last user. */
export class Storage {
  users = 0;
  constructor(
    readonly device: GPUDevice,
    readonly buffer: GPUBuffer,
    readonly byteLength: number,
  ) {}
}

interface Live {
  tensors: Set<Tensor>;
  storages: Set<Storage>;
}

const liveByDevice = new WeakMap<GPUDevice, Live>();

function liveOf(device: GPUDevice): Live {
  let live = liveByDevice.get(device);
  if (!live) liveByDevice.set(device, (live = { tensors: new Set(), storages: new Set() }));
  return live;
}

/**
 * An n-dimensional array on the GPU. Ops return new tensors and never modify
 * their inputs; reading (`data`, `array`) is the only asynchronous step.
 * Whoever creates a tensor owns it and should `dispose()` it.
 *
 * @example
 * ```ts
 * const t = tensor([[1, 2], [3, 4]]);
 * t.shape;          // [2, 2]
 * await t.array();  // [[1, 2], [3, 4]]
 * t.dispose();
 * ```
 */
export class Tensor<D extends DType = DType> {
  /** Dimensions, outermost first. */
  readonly shape: readonly number[];
  /** Element type. */
  readonly dtype: D;
  /** Number of elements (product of `shape`). */
  readonly size: number;
  #storage: Storage | null;

  /** @internal Use `tensor()` or an op; this wraps a buffer the tensor then co-owns. */
  constructor(storage: Storage, shape: readonly number[], dtype: D) {
    this.shape = Object.freeze([...shape]);
    this.dtype = dtype;
    this.size = shape.reduce((a, b) => a * b, 1);
    this.#storage = storage;
    storage.users++;
    const live = liveOf(storage.device);
    live.tensors.add(this as Tensor);
    live.storages.add(storage);
  }

  /**
   * Wraps a new GPU buffer (which the tensor then owns) as a tensor.
   *
   * @example
   * ```ts
   * const out = Tensor.fromBuffer(device, buffer, 4 * n, [n], 'float32');
   * ```
   */
  static fromBuffer<D extends DType>(device: GPUDevice, buffer: GPUBuffer, byteLength: number, shape: readonly number[], dtype: D): Tensor<D> {
    return new Tensor(new Storage(device, buffer, byteLength), shape, dtype);
  }

  #live(): Storage {
    if (!this.#storage) throw new DisposedError(`Tensor ${formatShape(this.shape)} ${this.dtype} was used after dispose().`);
    return this.#storage;
  }

  /**
   * Throws a `DisposedError` if the tensor was disposed; ops call it on their inputs first.
   *
   * @example
   * ```ts
   * t.assertLive();
   * ```
   */
  assertLive(): void {
    this.#live();
  }

  /** Number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }

  /** True once `dispose()` was called. */
  get isDisposed(): boolean {
    return this.#storage === null;
  }

  /** The device the tensor lives on. */
  get device(): GPUDevice {
    return this.#live().device;
  }

  /** The GPU buffer holding the elements (row-major; may be padded and shared with views). For interop; the tensor keeps owning it. */
  get buffer(): GPUBuffer {
    return this.#live().buffer;
  }

  /**
   * Copies the elements to the host.
   *
   * @example
   * ```ts
   * const values = await tensor([1, 2, 3]).data(); // Float32Array [1, 2, 3]
   * ```
   */
  async data(): Promise<TypedArrayOf<D>> {
    const storage = this.#live();
    const bytes = await readBuffer(storage.device, storage.buffer, 0, this.size * 4);
    return (this.dtype === 'int32' ? new Int32Array(bytes) : new Float32Array(bytes)) as TypedArrayOf<D>;
  }

  /**
   * Copies the elements to the host as nested arrays of the tensor's shape.
   *
   * @example
   * ```ts
   * await tensor([[1, 2], [3, 4]]).array(); // [[1, 2], [3, 4]]
   * ```
   */
  async array(): Promise<NestedArray> {
    return nest(await this.data(), this.shape);
  }

  /**
   * A view with another shape of the same number of elements; shares the
   * buffer (no GPU copy) and must be disposed like any tensor.
   *
   * @example
   * ```ts
   * tensor([[1, 2], [3, 4]]).reshape([4]).shape; // [4]
   * ```
   */
  reshape(shape: readonly number[]): Tensor<D> {
    const size = shape.reduce((a, b) => a * b, 1);
    if (size !== this.size || shape.some((d) => !Number.isInteger(d) || d < 0)) {
      throw new RangeError(`reshape: cannot view ${formatShape(this.shape)} (${this.size} elements) as ${formatShape(shape)}.`);
    }
    return new Tensor(this.#live(), shape, this.dtype);
  }

  /**
   * Releases this tensor; the GPU buffer is destroyed once no view uses it.
   * Safe to call twice.
   *
   * @example
   * ```ts
   * t.dispose(); t.dispose(); // the second call does nothing
   * ```
   */
  dispose(): void {
    const storage = this.#storage;
    if (!storage) return;
    this.#storage = null;
    const live = liveOf(storage.device);
    live.tensors.delete(this as Tensor);
    if (--storage.users === 0) {
      live.storages.delete(storage);
      storage.buffer.destroy();
    }
  }

  /** A short description, e.g. `Tensor float32 [2, 1, 4]`. */
  toString(): string {
    return `Tensor ${this.dtype} ${formatShape(this.shape)}${this.isDisposed ? ' (disposed)' : ''}`;
  }
}

/**
 * Rebuilds nested arrays from row-major data.
 *
 * @example
 * ```ts
 * nest(new Float32Array([1, 2, 3, 4]), [2, 2]); // [[1, 2], [3, 4]]
 * ```
 */
export function nest(data: ArrayLike<number>, shape: readonly number[]): NestedArray {
  if (shape.length === 0) return data[0];
  const build = (axis: number, offset: number): NestedArray[] => {
    const extent = shape[axis];
    const stride = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    const out: NestedArray[] = new Array(extent);
    for (let i = 0; i < extent; i++) {
      out[i] = axis === shape.length - 1 ? data[offset + i] : build(axis + 1, offset + i * stride);
    }
    return out;
  };
  return build(0, 0);
}

/** Live GPU memory held by the library's tensors. */
export interface MemoryInfo {
  /** Tensors not yet disposed (views included). */
  numTensors: number;
  /** Bytes of the distinct GPU buffers they hold (a view adds none). */
  numBytes: number;
}

/**
 * Live tensors and bytes on the default device (or `device`).
 *
 * @example
 * ```ts
 * const before = memory().numBytes;
 * gather(table, [1]).dispose();
 * memory().numBytes === before; // true
 * ```
 */
export function memory(device: GPUDevice | null = currentDevice()): MemoryInfo {
  if (!device) return { numTensors: 0, numBytes: 0 };
  const live = liveOf(device);
  let numBytes = 0;
  for (const storage of live.storages) numBytes += storage.byteLength;
  return { numTensors: live.tensors.size, numBytes };
}
