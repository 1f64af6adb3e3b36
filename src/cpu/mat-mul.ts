import { matMulPlan, type MatMulOptions } from '../validate/mat-mul.js';
import type { HostTensor } from './host-tensor.js';

/**
 * CPU reference matrix product `op(a) [M, K] x op(b) [K, N] -> [M, N]`,
 * where `op` transposes an operand with `transposeA` (a stored `[K, M]`) or
 * `transposeB` (b stored `[N, K]`); accumulated in float64 and rounded once
 * to float32 (so it differs from a float32 GPU sum only by float32 rounding).
 *
 * @example
 * ```ts
 * cpu.matMul({ data: new Float32Array([1, 2]), shape: [1, 2] },
 *            { data: new Float32Array([3, 4]), shape: [2, 1] }).data; // [11]
 * cpu.matMul({ data: new Float32Array([1, 2]), shape: [1, 2] },
 *            { data: new Float32Array([1, 2]), shape: [1, 2] }, { transposeA: true }).data; // [1, 2, 2, 4]
 * ```
 */
export function matMul(a: HostTensor, b: HostTensor, options: MatMulOptions = {}): HostTensor {
  const { transposeA, transposeB, m, k, n } = matMulPlan(a.shape, b.shape, options, 'matMul');
  // Element (row, col) of op(x), for x stored [rows, cols] untransposed or [cols, rows] transposed.
  const aAt = (i: number, p: number) => (transposeA ? a.data[p * m + i] : a.data[i * k + p]);
  const bAt = (p: number, j: number) => (transposeB ? b.data[j * k + p] : b.data[p * n + j]);
  const out = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += aAt(i, p) * bAt(p, j);
      out[i * n + j] = sum;
    }
  }
  return { data: out, shape: [m, n] };
}
