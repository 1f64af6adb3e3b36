import type { IndexData } from '../validate/indices.js';
import { formatValue } from '../validate/position.js';
import type { HostTensor, IndexPolicy } from './host-tensor.js';
import { referenceIndices } from './indices.js';

/**
 * CPU reference one-hot encoding: `[...indices.shape, depth]` with a single 1
 * per row (none for an out-of-range index under the `'zero'` policy).
 *
 * @example
 * ```ts
 * cpu.oneHot([2, 0], 3).data; // [0, 0, 1, 1, 0, 0]
 * ```
 */
export function oneHot(indices: IndexData, depth: number, policy: IndexPolicy = {}): HostTensor {
  if (!Number.isInteger(depth) || depth < 1) {
    throw new RangeError(`oneHot: expected depth to be a positive integer, received ${formatValue(depth)}.`);
  }
  const idx = referenceIndices(indices, depth, 'oneHot', policy);
  const out = new Float32Array(idx.data.length * depth);
  for (let n = 0; n < idx.data.length; n++) {
    const hot = idx.data[n];
    if (hot >= 0 && hot < depth) out[n * depth + hot] = 1;
  }
  return { data: out, shape: [...idx.shape, depth] };
}
