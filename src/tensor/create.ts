/**
 * Creating tensors from host data.
 */
import { defaultDevice } from '../gpu/device.js';
import { createStorageBuffer } from '../gpu/buffers.js';
import { debug } from '../gpu/debug.js';
import { flattenNested, type NestedArray } from '../validate/nested.js';
import { formatShape, formatValue, positionOf } from '../validate/position.js';
import { Tensor, type DType } from './tensor.js';

/** Host values `tensor()` accepts: a number, nested arrays, or a flat typed/plain array with `shape`. */
export type TensorLike = NestedArray | Float32Array | Int32Array | Uint32Array | BigInt64Array | ArrayLike<number>;

/**
 * Uploads host values as a new GPU tensor. Nested arrays give their own
 * shape; typed arrays are flat unless `shape` is given. The dtype defaults
 * to `int32` for integer typed arrays and `float32` otherwise.
 *
 * @example
 * ```ts
 * const table = tensor([[0, 1], [2, 3], [4, 5]]);           // float32 [3, 2]
 * const ids = tensor(new Int32Array([2, 0]), [2, 1]);       // int32 [2, 1]
 * const ones = tensor(new Float32Array(8).fill(1), [2, 4]);  // float32 [2, 4]
 * ```
 */
export function tensor<D extends DType = DType>(values: TensorLike, shape?: readonly number[], dtype?: D): Tensor<D> {
  const host = toHostData(values, shape, dtype, 'tensor');
  const device = defaultDevice();
  const buffer = createStorageBuffer(device, `tensor ${host.dtype} ${formatShape(host.shape)}`, host.data.byteLength, host.data);
  return Tensor.fromBuffer(device, buffer, host.data.byteLength, host.shape, host.dtype as D);
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
 * A new tensor for an op to write into (contents undefined until it does).
 *
 * @example
 * ```ts
 * const out = outputTensor(device, 'gather', [n, d], 'float32');
 * ```
 */
export function outputTensor<D extends DType>(device: GPUDevice, op: string, shape: readonly number[], dtype: D): Tensor<D> {
  const byteLength = shape.reduce((a, b) => a * b, 1) * 4;
  const poison = debug.poisonOutputs ? new Uint32Array(byteLength / 4).fill(0xffffffff) : undefined;
  const buffer = createStorageBuffer(device, `${op} ${dtype} ${formatShape(shape)}`, byteLength, poison);
  return Tensor.fromBuffer(device, buffer, byteLength, shape, dtype);
}
