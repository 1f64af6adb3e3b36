/**
 * CPU reference for compact tables: float16 rounding and int8 quantisation
 * with one scale per row, computed on the host in float64 arithmetic.
 */
import type { HostTensor } from './host-tensor.js';

function roundHalfToEven(x: number): number {
  const floor = Math.floor(x);
  const rest = x - floor;
  if (rest !== 0.5) return Math.round(x);
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * Each value rounded to the nearest float16 (ties to even), as float32;
 * beyond the float16 range it becomes ±Infinity.
 *
 * @example
 * ```ts
 * cpu.toFloat16(new Float32Array([0.1, 1 / 3]))[0]; // 0.0999755859375
 * ```
 */
export function toFloat16(values: Float32Array): Float32Array {
  return values.map((x) => {
    const size = Math.abs(x);
    if (!Number.isFinite(x) || size === 0) return x;
    // Spacing of float16 numbers near x: 2^(exponent - 10), subnormals below 2^-14.
    let exponent = Math.max(-14, Math.floor(Math.log2(size)));
    if (2 ** exponent > size) exponent--;
    const spacing = 2 ** (Math.max(-14, exponent) - 10);
    const rounded = roundHalfToEven(size / spacing) * spacing;
    return Math.sign(x) * (rounded > 65504 ? Infinity : rounded);
  });
}

/**
 * int8 quantisation of a `[rows, dim]` table with one scale per row:
 * scale = max |row| / 127 (as float32), value = round(x / scale) in
 * [-127, 127], ties to even; an all-zero row has scale 0.
 *
 * @example
 * ```ts
 * const { values, scales } = cpu.quantizeInt8({ data: new Float32Array([0.25, -1]), shape: [1, 2] });
 * // values [32, -127] (31.75 rounds up), scales [1 / 127]
 * ```
 */
export function quantizeInt8(table: HostTensor): { values: Int8Array; scales: Float32Array } {
  const [rows, dim] = table.shape;
  const values = new Int8Array(rows * dim);
  const scales = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const row = table.data.subarray(r * dim, (r + 1) * dim);
    const scale = Math.fround(row.reduce((peak, x) => Math.max(peak, Math.abs(x)), 0) / 127);
    scales[r] = scale;
    if (scale === 0) continue;
    row.forEach((x, c) => (values[r * dim + c] = Math.min(127, Math.max(-127, roundHalfToEven(Math.fround(x / scale))))));
  }
  return { values, scales };
}

/**
 * The float32 table an int8 quantisation stands for: value x its row's scale.
 *
 * @example
 * ```ts
 * cpu.dequantizeInt8(cpu.quantizeInt8(table), table.shape).data;
 * ```
 */
export function dequantizeInt8(quantized: { values: Int8Array; scales: Float32Array }, shape: readonly number[]): HostTensor {
  const [rows, dim] = shape;
  const data = new Float32Array(rows * dim);
  for (let i = 0; i < data.length; i++) data[i] = quantized.values[i] * quantized.scales[Math.floor(i / dim)];
  return { data, shape: [rows, dim] };
}
