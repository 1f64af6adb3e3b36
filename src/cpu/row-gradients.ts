import { formatShape, formatValue } from '../validate/position.js';
import type { HostTensor } from './host-tensor.js';

/** Rows by distinct index, as `segmentSumRows` returns them. */
export interface HostSummedRows {
  kind: 'rows';
  indices: HostTensor<Int32Array>;
  rows: HostTensor;
}

/**
 * CPU reference segmentSumRows: for `indices` `[K]` and `rows` `[K, D]`, the
 * distinct indices of `[0, numRows)` in ascending order, each with the sum
 * of its rows accumulated in float32 in the order of their positions; the
 * other K slots hold `numRows` and zero rows. Indices outside the range add
 * nothing.
 *
 * @example
 * ```ts
 * const g = cpu.segmentSumRows({ data: new Int32Array([3, 1, 3]), shape: [3] },
 *                              { data: new Float32Array([1, 1, 2, 2, 4, 4]), shape: [3, 2] }, 5);
 * g.indices.data; // [1, 3, 5]
 * g.rows.data;    // [2, 2, 5, 5, 0, 0]
 * ```
 */
export function segmentSumRows(indices: HostTensor<Int32Array>, rows: HostTensor, numRows: number): HostSummedRows {
  const op = 'segmentSumRows';
  if (!Number.isInteger(numRows) || numRows < 1 || numRows > 2 ** 31 - 1) {
    throw new RangeError(`${op}: expected numRows to be an integer in [1, 2147483647], received ${formatValue(numRows)}.`);
  }
  const count = indices.data.length;
  if (indices.shape.length !== 1 || rows.shape.length !== 2 || rows.shape[0] !== count) {
    throw new RangeError(`${op}: expected indices [K] and rows [K, D], received ${formatShape(indices.shape)} and ${formatShape(rows.shape)}.`);
  }
  const dim = rows.shape[1];
  // Each distinct index keeps a float32 running sum, added to in position order.
  const sums = new Map<number, Float32Array>();
  for (let k = 0; k < count; k++) {
    const index = indices.data[k];
    if (index < 0 || index >= numRows) continue;
    let sum = sums.get(index);
    if (!sum) sums.set(index, (sum = new Float32Array(dim)));
    for (let c = 0; c < dim; c++) sum[c] += rows.data[k * dim + c];
  }
  const order = [...sums.keys()].sort((a, b) => a - b);
  const outIndices = new Int32Array(count).fill(numRows);
  const outRows = new Float32Array(count * dim);
  order.forEach((index, slot) => {
    outIndices[slot] = index;
    outRows.set(sums.get(index)!, slot * dim);
  });
  return { kind: 'rows', indices: { data: outIndices, shape: [count] }, rows: { data: outRows, shape: [count, dim] } };
}

/**
 * CPU reference scatterRows: the dense `[V, D]` array that is zero except
 * row `indices[k]` = row k of `rows`; indices outside `[0, V)` (the
 * sentinel) are skipped. Indices must be distinct, as segmentSumRows gives them.
 *
 * @example
 * ```ts
 * cpu.scatterRows(cpu.segmentSumRows(ids, dy, 5), [5, 2]);
 * ```
 */
export function scatterRows(gradient: { indices: HostTensor<Int32Array>; rows: HostTensor }, shape: readonly number[]): HostTensor {
  const [numRows, dim] = shape;
  if (shape.length !== 2 || gradient.rows.shape[1] !== dim || gradient.rows.shape[0] !== gradient.indices.data.length) {
    throw new RangeError(`scatterRows: expected indices [K] and rows [K, ${dim}] for shape ${formatShape(shape)}, received ${formatShape(gradient.indices.shape)} and ${formatShape(gradient.rows.shape)}.`);
  }
  const out = new Float32Array(numRows * dim);
  gradient.indices.data.forEach((index, k) => {
    if (index >= 0 && index < numRows) out.set(gradient.rows.data.subarray(k * dim, (k + 1) * dim), index * dim);
  });
  return { data: out, shape: [numRows, dim] };
}
