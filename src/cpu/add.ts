import { formatShape } from '../validate/position.js';
import type { HostTensor } from './host-tensor.js';

/**
 * CPU reference element-wise sum of two float32 tensors of one shape
 * (each sum rounded to float32, as the GPU adds).
 *
 * @example
 * ```ts
 * cpu.add({ data: new Float32Array([1, 2]), shape: [2] }, { data: new Float32Array([10, 20]), shape: [2] }).data; // [11, 22]
 * ```
 */
export function add(a: HostTensor, b: HostTensor): HostTensor {
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new RangeError(`add: expected a and b of the same shape, received ${formatShape(a.shape)} and ${formatShape(b.shape)}.`);
  }
  return { data: a.data.map((x, i) => x + b.data[i]), shape: [...a.shape] };
}
