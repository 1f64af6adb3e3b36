/**
 * 16-bit floats on the host: IEEE float16 (NumPy's '<f2', safetensors' F16,
 * TF.js' float16 weight quantisation) and bfloat16 (safetensors' BF16).
 */

let halfTable: Float32Array | null = null;

/**
 * The float32 value of float16 bits (exact: every float16 is a float32).
 *
 * @example
 * ```ts
 * halfToFloat(0x3c00); // 1
 * ```
 */
export function halfToFloat(bits: number): number {
  halfTable ??= buildHalfTable();
  return halfTable[bits & 0xffff];
}

function buildHalfTable(): Float32Array {
  const table = new Float32Array(65536);
  for (let bits = 0; bits < 65536; bits++) {
    const sign = bits & 0x8000 ? -1 : 1;
    const exponent = (bits >> 10) & 0x1f;
    const fraction = bits & 0x3ff;
    if (exponent === 0) table[bits] = sign * fraction * 2 ** -24;
    else if (exponent === 31) table[bits] = fraction ? NaN : sign * Infinity;
    else table[bits] = sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
  }
  return table;
}

const word = new Float32Array(1);
const wordBits = new Uint32Array(word.buffer);

/**
 * The float16 bits nearest to a float32 value (ties to even; beyond the
 * float16 range ±Infinity; NaN stays NaN).
 *
 * @example
 * ```ts
 * floatToHalf(1); // 0x3c00
 * ```
 */
export function floatToHalf(value: number): number {
  word[0] = value;
  const bits = wordBits[0];
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  const e = exponent - 127 + 15;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    // A float16 subnormal: the implicit leading 1 joins the mantissa before the shift.
    return sign | roundShift(mantissa | 0x800000, 14 - e);
  }
  // A carry out of the mantissa rounds up into the exponent, which is the right result (up to Infinity).
  return sign | ((e << 10) + roundShift(mantissa, 13));
}

/** `value >> shift`, rounded to nearest with ties to even. */
function roundShift(value: number, shift: number): number {
  const kept = Math.floor(value / 2 ** shift);
  const rest = value - kept * 2 ** shift;
  const half = 2 ** (shift - 1);
  return rest > half || (rest === half && kept % 2 === 1) ? kept + 1 : kept;
}

/**
 * The float32 value of bfloat16 bits (the top half of a float32).
 *
 * @example
 * ```ts
 * bfloat16ToFloat(0x3f80); // 1
 * ```
 */
export function bfloat16ToFloat(bits: number): number {
  wordBits[0] = (bits & 0xffff) << 16;
  return word[0];
}
