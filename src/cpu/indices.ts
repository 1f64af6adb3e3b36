import { toIndices, type IndexData } from '../validate/indices.js';
import type { HostTensor, IndexPolicy } from './host-tensor.js';

/**
 * Indices for a CPU reference op: validated like op input, or, under the
 * `'zero'` policy, taken as raw int32 values for the op to range-check itself.
 */
export function referenceIndices(indices: IndexData, upper: number, op: string, policy: IndexPolicy): HostTensor<Int32Array> {
  if (policy.outOfRange === 'zero' && indices instanceof Int32Array) {
    return { data: indices, shape: policy.shape ? [...policy.shape] : [indices.length] };
  }
  return toIndices(indices, { op, upper, shape: policy.shape });
}
