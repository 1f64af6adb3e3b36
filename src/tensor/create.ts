/**
 * Creating tensors from host data.
 */
import { bufferLimit, defaultDevice } from '../gpu/device.js';
import { createStorageBuffer, formatBytes } from '../gpu/buffers.js';
import { AllocationError } from '../errors.js';
import { debug } from '../gpu/debug.js';
import { flattenNested, type ReadonlyNestedArray } from '../validate/nested.js';
import { formatShape, formatValue, positionOf } from '../validate/position.js';
import type { RankOf } from './rank.js';
import type { Lineage } from './storage.js';
import { Tensor, type DType, type TypedArrayOf } from './tensor.js';

/** Host values `tensor()` accepts: a number, nested arrays (readonly ones too), or a flat typed/plain array with `shape`. */
export type TensorLike = ReadonlyNestedArray | Float32Array | Int32Array | Uint32Array | BigInt64Array | ArrayLike<number>;

/**
 * Uploads host values as a new GPU tensor. Nested arrays give their own
 * shape; typed arrays are flat unless `shape` is given. The dtype defaults
 * to `int32` for integer typed arrays and `float32` otherwise. A tensor
 * larger than one GPU buffer may be (the device's `maxBufferSize` /
 * `maxStorageBufferBindingSize`) is split by rows across several buffers;
 * `gather` and reads handle that transparently. The result's type carries
 * its rank when it is known (from `shape`, or the depth of nested arrays).
 *
 * @example
 * ```ts
 * const table = tensor([[0, 1], [2, 3], [4, 5]]);           // float32 [3, 2]
 * const ids = tensor(new Int32Array([2, 0]), [2, 1]);       // int32 [2, 1]
 * const ones = tensor(new Float32Array(8).fill(1), [2, 4]);  // float32 [2, 4]
 * ```
 */
export function tensor<const S extends readonly number[], D extends DType = DType>(values: TensorLike, shape: S, dtype?: D): Tensor<D, S['length']>;
export function tensor<T extends TensorLike, D extends DType = DType>(values: T, shape?: undefined, dtype?: D): Tensor<D, RankOf<T>>;
export function tensor<D extends DType = DType>(values: TensorLike, shape?: readonly number[], dtype?: D): Tensor<D>;
export function tensor<D extends DType = DType>(values: TensorLike, shape?: readonly number[], dtype?: D): Tensor<D> {
  const host = toHostData(values, shape, dtype, 'tensor');
  const label = `tensor ${host.dtype} ${formatShape(host.shape)}`;
  return uploadHost(host, splitSizes(defaultDevice(), host.shape, label), label) as Tensor<D>;
}

/**
 * @internal Uploads checked host data into buffers of the byte sizes
 * `sizes` (consecutive ranges; one size for one buffer), e.g. a table's
 * per-row data split at the same rows as the table.
 *
 * @example
 * ```ts
 * const scales = uploadHost({ data: rowScales, shape: [rows], dtype: 'float32' }, packedShards.map((s) => s.rows * 4), 'scales');
 * ```
 */
export function uploadHost<D extends DType>(host: HostData & { dtype: D }, sizes: readonly number[], label: string, kept?: TypedArrayOf<D>): Tensor<D> {
  const device = defaultDevice();
  const shards = [];
  let offset = 0;
  try {
    for (const size of sizes) {
      const part = new Uint8Array(host.data.buffer, host.data.byteOffset + offset, size);
      shards.push({ ...createStorageBuffer(device, sizes.length > 1 ? `${label} bytes ${offset}+` : label, size, part), byteOffset: offset, byteLength: size });
      offset += size;
    }
  } catch (error) {
    for (const shard of shards) shard.buffer.destroy();
    throw error;
  }
  return Tensor.fromShards(device, shards, host.shape, host.dtype, { host: kept, indicesBelow: host.dtype === 'int32' ? boundOf(host.data as Int32Array) : null });
}

/** One more than the largest value when none is negative (indices in `[0, bound)`), else null. */
function boundOf(values: Int32Array): number | null {
  let max = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < 0) return null;
    if (v > max) max = v;
  }
  return max + 1;
}

/**
 * @internal Most elements of a tensor that also keeps its values on the
 * host ({@link hostTensor}): 65,536 (256 KiB), small enough that the copy
 * costs less than the upload beside it.
 */
export const HOST_VALUES_MAX = 65_536;

/**
 * @internal Uploads host values the library made or checked, as `tensor()`
 * does, and keeps them on the tensor (`hostValues`) when there are at most
 * {@link HOST_VALUES_MAX}: reads then return them without a GPU round trip,
 * and a lookup by these indices can be answered on the host. Only for
 * tensors that nothing writes in place. `adopt` keeps `data` itself instead
 * of a copy (the caller gives it up).
 *
 * @example
 * ```ts
 * const ids = hostTensor(checked.data, checked.shape, 'int32'); // ids.hostValues: a copy of checked.data
 * ```
 */
export function hostTensor<D extends DType>(
  data: TypedArrayOf<D>,
  shape: readonly number[],
  dtype: D,
  options: { label?: string; adopt?: boolean } = {},
): Tensor<D> {
  const label = options.label ?? `tensor ${dtype} ${formatShape(shape)}`;
  const host = { data, shape: [...shape], dtype };
  const kept = data.length <= HOST_VALUES_MAX ? (options.adopt ? data : (data.slice() as TypedArrayOf<D>)) : undefined;
  return uploadHost(host, splitSizes(defaultDevice(), shape, label), label, kept);
}

/**
 * Byte sizes of the buffers a tensor of `shape` (4-byte elements) takes on
 * `device`: one when it fits in one buffer, else consecutive ranges of
 * whole rows (the leading axis), each as large as the limit allows. Throws
 * an `AllocationError` when a single row is over the limit.
 *
 * @example
 * ```ts
 * splitSizes(device, [300_000, 256], 'table'); // e.g. [134217728, 134217728, 38764544] under a 128 MiB limit
 * ```
 */
export function splitSizes(device: GPUDevice, shape: readonly number[], label: string): number[] {
  const byteLength = shape.reduce((a, b) => a * b, 1) * 4;
  const limit = bufferLimit(device);
  if (byteLength <= limit || shape.length === 0) return [byteLength];
  const rowBytes = byteLength / shape[0];
  const perBuffer = Math.floor(limit / rowBytes) * rowBytes;
  if (perBuffer === 0) {
    throw new AllocationError(
      `${label}: one row needs ${formatBytes(rowBytes)}, more than one GPU buffer may hold on this device (${formatBytes(limit)}).`,
      rowBytes,
      limit,
    );
  }
  const sizes: number[] = [];
  for (let offset = 0; offset < byteLength; offset += perBuffer) sizes.push(Math.min(perBuffer, byteLength - offset));
  return sizes;
}

/** Host data checked and converted to the typed array of its dtype. */
export interface HostData {
  data: Float32Array | Int32Array;
  shape: number[];
  dtype: DType;
}

/**
 * Checks and converts host values to a typed array of `dtype` with a shape;
 * the conversion `tensor()` uploads.
 *
 * @example
 * ```ts
 * toHostData([[1, 2]], undefined, 'int32', 'tensor'); // { data: Int32Array [1, 2], shape: [1, 2], dtype: 'int32' }
 * ```
 */
export function toHostData(values: TensorLike, shape: readonly number[] | undefined, dtype: DType | undefined, op: string): HostData {
  let flat: ArrayLike<number | bigint>;
  let inferredShape: number[];
  if (typeof values === 'number' || Array.isArray(values)) {
    ({ data: flat, shape: inferredShape } = flattenNested(values, op));
  } else if (ArrayBuffer.isView(values) || (typeof values === 'object' && values !== null && 'length' in values)) {
    flat = values as ArrayLike<number | bigint>;
    inferredShape = [flat.length];
  } else {
    throw new TypeError(`${op}: expected a number, nested arrays or a typed array, received ${formatValue(values)}.`);
  }
  const integerInput = values instanceof Int32Array || values instanceof Uint32Array || values instanceof BigInt64Array;
  const type: DType = dtype ?? (integerInput ? 'int32' : 'float32');
  if (type !== 'float32' && type !== 'int32') {
    throw new TypeError(`${op}: expected dtype 'float32' or 'int32', received ${formatValue(type)}.`);
  }
  const finalShape = shape ? [...shape] : inferredShape;
  if (finalShape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new RangeError(`${op}: shape must be non-negative integers, received ${formatShape(finalShape)}.`);
  }
  const size = finalShape.reduce((a, b) => a * b, 1);
  if (size !== flat.length) {
    throw new RangeError(`${op}: ${flat.length} values do not fill shape ${formatShape(finalShape)} (${size} elements).`);
  }
  // Typed arrays already of the right type upload as they are (the upload copies them).
  if (type === 'float32' && values instanceof Float32Array) return { data: values, shape: finalShape, dtype: type };
  if (type === 'int32' && values instanceof Int32Array) return { data: values, shape: finalShape, dtype: type };
  const data = type === 'int32' ? new Int32Array(size) : new Float32Array(size);
  for (let i = 0; i < size; i++) {
    const raw = flat[i];
    const value = typeof raw === 'bigint' ? Number(raw) : raw;
    if (typeof value !== 'number') {
      throw new TypeError(`${op}: expected numbers, received ${formatValue(raw)} at ${positionOf(i, finalShape)}.`);
    }
    if (type === 'int32' && (!Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 31)) {
      throw new RangeError(`${op}: int32 values must be integers in [-2147483648, 2147483647], received ${formatValue(raw)} at ${positionOf(i, finalShape)}.`);
    }
    data[i] = value;
  }
  return { data, shape: finalShape, dtype: type };
}

/**
 * @internal A new tensor for an op to write into (contents undefined until it does).
 * `lineage` names the inputs (whose pending checks its reads inherit) and
 * the op's out-of-range status, if any. Throws an `AllocationError` when
 * the output is larger than one GPU buffer may be, unless `shardBytes`
 * splits it (byte sizes of consecutive buffers, as a split table has).
 *
 * @example
 * ```ts
 * const out = outputTensor(device, 'gather', [n, d], 'float32', { inputs: [table, indices] });
 * const copy = outputTensor(device, 'copy', table.shape, 'float32', {}, table.shards.map((s) => s.byteLength));
 * ```
 */
export function outputTensor<D extends DType>(
  device: GPUDevice,
  op: string,
  shape: readonly number[],
  dtype: D,
  lineage: Lineage = {},
  shardBytes?: readonly number[],
): Tensor<D> {
  const byteLength = shape.reduce((a, b) => a * b, 1) * 4;
  const label = `${op} ${dtype} ${formatShape(shape)}`;
  const sizes = shardBytes ?? [byteLength];
  // Checked before the poison fill below allocates host memory of the same size.
  const limit = bufferLimit(device);
  const largest = Math.max(...sizes);
  if (largest > limit) {
    throw new AllocationError(
      `${op}: the result ${dtype} ${formatShape(shape)} needs ${formatBytes(largest)} in one buffer, more than one GPU buffer may hold on this device (${formatBytes(limit)}).`,
      largest,
      limit,
    );
  }
  const shards = [];
  let offset = 0;
  try {
    for (const size of sizes) {
      const poison = debug.poisonOutputs ? new Uint32Array(size / 4).fill(0xffffffff) : undefined;
      shards.push({ ...createStorageBuffer(device, sizes.length > 1 ? `${label} bytes ${offset}+` : label, size, poison), byteOffset: offset, byteLength: size });
      offset += size;
    }
  } catch (error) {
    for (const shard of shards) shard.buffer.destroy();
    throw error;
  }
  return Tensor.fromShards(device, shards, shape, dtype, lineage);
}
