/**
 * Element types as files store them (NumPy's '<f4', safetensors' BF16, ...)
 * and their conversion to the two dtypes a tensor holds: float32 (from
 * float16, bfloat16, float32, float64) and int32 (from int32, int64 checked
 * to fit).
 */
import type { DType, TypedArrayOf } from '../tensor/tensor.js';
import { positionOf } from '../validate/position.js';
import { bfloat16ToFloat, halfToFloat } from './half.js';
import { problem } from './problems.js';
import type { ElementSource } from './upload.js';

/** A stored element type: float16, bfloat16, float32, float64, int32, int64. */
export type StoredType = 'f2' | 'bf16' | 'f4' | 'f8' | 'i4' | 'i8';

/** Bytes per stored element. */
export const itemBytes: Readonly<Record<StoredType, number>> = { f2: 2, bf16: 2, f4: 4, f8: 8, i4: 4, i8: 8 };

/** The elements of one array in a file: exactly `size` elements of `type`. */
export interface StoredArray {
  type: StoredType;
  littleEndian: boolean;
  bytes: Uint8Array;
  shape: readonly number[];
}

/**
 * The dtype a stored type loads as: int32 for integers, float32 otherwise.
 *
 * @example
 * ```ts
 * loadedDType('i8'); // 'int32'
 * ```
 */
export function loadedDType(type: StoredType): DType {
  return type === 'i4' || type === 'i8' ? 'int32' : 'float32';
}

/**
 * Throws a `FormatError` naming the first element that does not fit the
 * loaded dtype: an int64 outside int32, a finite float64 beyond float32.
 * Runs before any upload, so a bad file allocates nothing.
 *
 * @example
 * ```ts
 * checkFits(array, 'ids.npy', 'data'); // FormatError: ... 4294967296 at [2] does not fit int32
 * ```
 */
export function checkFits(array: StoredArray, file: string, field: string, order?: (i: number) => number): void {
  if (array.type !== 'i8' && array.type !== 'f8') return;
  const view = new DataView(array.bytes.buffer, array.bytes.byteOffset, array.bytes.byteLength);
  const size = array.bytes.byteLength / 8;
  const le = array.littleEndian;
  // Logical (C-order) index i, so that the position reported is the element's place in the array.
  for (let i = 0; i < size; i++) {
    const at = (order ? order(i) : i) * 8;
    if (array.type === 'i8') {
      const low = view.getInt32(at + (le ? 0 : 4), le);
      const high = view.getInt32(at + (le ? 4 : 0), le);
      if (high !== low >> 31) {
        const value = (BigInt(high) << 32n) | BigInt(low >>> 0);
        throw problem(file, field, String(value), `expected int64 values that fit int32 ([-2147483648, 2147483647]), received ${value} at ${positionOf(i, array.shape)}.`);
      }
    } else {
      const value = view.getFloat64(at, le);
      if (Number.isFinite(value) && !Number.isFinite(Math.fround(value))) {
        throw problem(file, field, String(value), `expected float64 values within float32's range (±3.4028235e38), received ${value} at ${positionOf(i, array.shape)}.`);
      }
    }
  }
}

/**
 * The elements of `array` in the loaded dtype, chunk by chunk: views of the
 * file's bytes for little-endian float32/int32 at a 4-byte boundary in
 * C order, converted copies otherwise. `order` maps a logical (C-order)
 * index to the stored one (for Fortran-order arrays).
 *
 * @example
 * ```ts
 * const source = elementSource(array);
 * uploadElements(array.shape, loadedDType(array.type), source, 'table.npy');
 * ```
 */
export function elementSource<D extends DType>(array: StoredArray, order?: (i: number) => number): ElementSource<D> {
  const { bytes, type, littleEndian: le } = array;
  const int = loadedDType(type) === 'int32';
  const direct = (type === 'f4' || type === 'i4') && le && !order && bytes.byteOffset % 4 === 0;
  if (direct) {
    const whole = int ? new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4) : new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    return ((start, count) => whole.subarray(start, start + count)) as ElementSource<D>;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const read = reader(type, view, le);
  return ((start, count) => {
    const out = int ? new Int32Array(count) : new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = read(order ? order(start + i) : start + i);
    return out as TypedArrayOf<D>;
  }) as ElementSource<D>;
}

function reader(type: StoredType, view: DataView, le: boolean): (i: number) => number {
  switch (type) {
    case 'f2':
      return (i) => halfToFloat(view.getUint16(i * 2, le));
    case 'bf16':
      return (i) => bfloat16ToFloat(view.getUint16(i * 2, le));
    case 'f4':
      return (i) => view.getFloat32(i * 4, le);
    case 'f8':
      return (i) => view.getFloat64(i * 8, le);
    case 'i4':
      return (i) => view.getInt32(i * 4, le);
    case 'i8':
      // checkFits ran first: the low word is the value.
      return (i) => view.getInt32(i * 8 + (le ? 0 : 4), le);
  }
}

/**
 * Maps a C-order index of `shape` to the index of the same element stored
 * in Fortran order (first axis fastest).
 *
 * @example
 * ```ts
 * fortranOrder([2, 3])(1); // 2: element [0, 1] is stored after [0, 0] and [1, 0]
 * ```
 */
export function fortranOrder(shape: readonly number[]): (i: number) => number {
  const strides: number[] = [];
  let stride = 1;
  for (const extent of shape) {
    strides.push(stride);
    stride *= extent;
  }
  return (index) => {
    let rest = index;
    let offset = 0;
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      offset += (rest % shape[axis]) * strides[axis];
      rest = Math.floor(rest / shape[axis]);
    }
    return offset;
  };
}
