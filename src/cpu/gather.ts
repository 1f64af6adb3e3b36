import type { IndexData } from '../validate/indices.js';
import { formatShape } from '../validate/position.js';
import type { HostTensor, IndexPolicy } from './host-tensor.js';
import { referenceIndices } from './indices.js';

/**
 * CPU reference gather: row `indices[...]` of `table` for each index, with
 * shape `[...indices.shape, D]`. An out-of-range index under the `'zero'`
 * policy gives a zero row.
 *
 * @example
 * ```ts
 * cpu.gather({ data: new Float32Array([0, 1, 2, 3]), shape: [2, 2] }, [1, 0]).data; // [2, 3, 0, 1]
 * ```
 */
export function gather(table: HostTensor, indices: IndexData, policy: IndexPolicy = {}): HostTensor {
  if (table.shape.length !== 2) {
    throw new RangeError(`gather: expected a table of rank 2 [V, D], received shape ${formatShape(table.shape)}.`);
  }
  const [rows, dim] = table.shape;
  const idx = referenceIndices(indices, rows, 'gather', policy);
  const out = new Float32Array(idx.data.length * dim);
  idx.data.forEach((row, n) => {
    if (row >= 0 && row < rows) out.set(table.data.subarray(row * dim, (row + 1) * dim), n * dim);
  });
  return { data: out, shape: [...idx.shape, dim] };
}
