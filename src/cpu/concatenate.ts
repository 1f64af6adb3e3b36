import { formatShape } from '../validate/position.js';
import type { AnyHostTensor } from './host-tensor.js';

/** Row-major strides of a shape. */
function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let a = shape.length - 2; a >= 0; a--) strides[a] = strides[a + 1] * shape[a + 1];
  return strides;
}

/** Calls `visit(flat, coords)` for every element of `shape`, in row-major order. */
function forEachIndex(shape: readonly number[], visit: (flat: number, coords: number[]) => void): void {
  const size = shape.reduce((a, b) => a * b, 1);
  const coords = new Array<number>(shape.length).fill(0);
  for (let flat = 0; flat < size; flat++) {
    visit(flat, coords);
    for (let a = shape.length - 1; a >= 0 && ++coords[a] === shape[a]; a--) coords[a] = 0;
  }
}

/**
 * CPU reference concatenation along `axis` (inputs of one rank, equal
 * except along the axis), element by element through multi-indices.
 *
 * @example
 * ```ts
 * cpu.concatenate([{ data: new Float32Array([1, 2]), shape: [1, 2] }, { data: new Float32Array([3]), shape: [1, 1] }], 1).data; // [1, 2, 3]
 * ```
 */
export function concatenate(parts: readonly AnyHostTensor[], axis: number): AnyHostTensor {
  const shape = [...parts[0].shape];
  if (parts.some((p) => p.shape.length !== shape.length || p.shape.some((d, a) => a !== axis && d !== shape[a]))) {
    throw new RangeError(`concatenate: shapes ${parts.map((p) => formatShape(p.shape)).join(', ')} differ outside axis ${axis}.`);
  }
  shape[axis] = parts.reduce((n, p) => n + p.shape[axis], 0);
  const data = parts[0].data instanceof Int32Array ? new Int32Array(shape.reduce((a, b) => a * b, 1)) : new Float32Array(shape.reduce((a, b) => a * b, 1));
  const strides = stridesOf(shape);
  let start = 0;
  for (const part of parts) {
    forEachIndex(part.shape, (flat, coords) => {
      const at = coords.reduce((sum, c, a) => sum + (a === axis ? c + start : c) * strides[a], 0);
      data[at] = part.data[flat];
    });
    start += part.shape[axis];
  }
  return { data, shape };
}

/**
 * CPU reference gradient of {@link concatenate}: the output gradient cut
 * back into one piece per input, of the inputs' shapes.
 *
 * @example
 * ```ts
 * cpu.concatenateBackward(dy, [[1, 2], [1, 1]], 1); // [dy[:, 0:2], dy[:, 2:3]]
 * ```
 */
export function concatenateBackward(dy: AnyHostTensor, shapes: readonly (readonly number[])[], axis: number): AnyHostTensor[] {
  const strides = stridesOf(dy.shape);
  let start = 0;
  return shapes.map((shape) => {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    forEachIndex(shape, (flat, coords) => {
      data[flat] = dy.data[coords.reduce((sum, c, a) => sum + (a === axis ? c + start : c) * strides[a], 0)];
    });
    start += shape[axis];
    return { data, shape: [...shape] };
  });
}
