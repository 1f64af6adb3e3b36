import { formatShape } from '../validate/position.js';
import type { HostTensor } from './host-tensor.js';

/**
 * CPU reference matrix product `[M, K] x [K, N] -> [M, N]`, accumulated in
 * float64 and rounded once to float32 (so it differs from a float32 GPU sum
 * only by float32 rounding).
 *
 * @example
 * ```ts
 * cpu.matMul({ data: new Float32Array([1, 2]), shape: [1, 2] },
 *            { data: new Float32Array([3, 4]), shape: [2, 1] }).data; // [11]
 * ```
 */
export function matMul(a: HostTensor, b: HostTensor): HostTensor {
  const [m, k] = a.shape;
  const [k2, n] = b.shape;
  if (a.shape.length !== 2 || b.shape.length !== 2 || k !== k2) {
    throw new RangeError(`matMul: expected a [M, K] and b [K, N], received ${formatShape(a.shape)} and ${formatShape(b.shape)}.`);
  }
  const out = new Float32Array(m * n);
  const row = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    row.fill(0);
    for (let p = 0; p < k; p++) {
      const scale = a.data[i * k + p];
      for (let j = 0; j < n; j++) row[j] += scale * b.data[p * n + j];
    }
    out.set(row, i * n);
  }
  return { data: out, shape: [m, n] };
}
