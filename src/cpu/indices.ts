import { outOfRangePolicy, toIndices, type IndexData } from '../validate/indices.js';
import type { HostTensor, IndexPolicy } from './host-tensor.js';

/**
 * Indices for a CPU reference op, validated like op input; under the
 * `'zero'` policy out-of-range integers pass for the op to turn into zero rows.
 */
export function referenceIndices(indices: IndexData, upper: number, op: string, policy: IndexPolicy): HostTensor<Int32Array> {
  return toIndices(indices, { op, upper, shape: policy.shape, outOfRange: outOfRangePolicy(policy.outOfRange, op) });
}
