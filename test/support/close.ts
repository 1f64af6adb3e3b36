/** The one place tests compare numbers: exact or within float32 rounding, naming the first mismatch. */

export interface Tolerance {
  /** Absolute tolerance (default 0: exact). */
  atol?: number;
  /** Relative tolerance (default 0). */
  rtol?: number;
}

/** Throws unless `actual` and `expected` have the same length and every pair is within tolerance (NaN never is). */
export function assertAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, label: string, tol: Tolerance = {}): void {
  const { atol = 0, rtol = 0 } = tol;
  if (actual.length !== expected.length) {
    throw new Error(`${label}: expected ${expected.length} values, received ${actual.length}`);
  }
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    const ok = a === e || Math.abs(a - e) <= atol + rtol * Math.abs(e);
    if (!ok) throw new Error(`${label}: element ${i} is ${a}, expected ${e} (atol ${atol}, rtol ${rtol})`);
  }
}

/** Throws unless the shapes are equal. */
export function assertShape(actual: readonly number[], expected: readonly number[], label: string): void {
  if (actual.length !== expected.length || actual.some((d, i) => d !== expected[i])) {
    throw new Error(`${label}: shape [${actual.join(', ')}], expected [${expected.join(', ')}]`);
  }
}

/** Throws `message` unless `condition` holds. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/**
 * The two float16 values around `x` (the same one twice when `x` is a
 * half): what a conformant GPU may round `x` to, since WGSL leaves the
 * rounding direction of f32 -> f16 to the implementation. Beyond the
 * largest half, 65504, the other neighbour is an infinity; NaN gives NaN.
 */
export function float16Neighbours(x: number): [number, number] {
  if (Number.isNaN(x)) return [NaN, NaN];
  const size = Math.abs(x);
  let below: number;
  let above: number;
  if (size > 65504) {
    [below, above] = size === Infinity ? [Infinity, Infinity] : [65504, Infinity];
  } else {
    // Halves are spaced 2^(e - 10) in [2^e, 2^(e + 1)), and 2^-24 apart below 2^-14 (subnormals).
    let e = size > 0 ? Math.floor(Math.log2(size)) : -24;
    if (2 ** e > size) e--;
    if (2 ** (e + 1) <= size) e++;
    const step = 2 ** (Math.max(e, -14) - 10);
    [below, above] = [Math.floor(size / step) * step, Math.ceil(size / step) * step];
  }
  return x < 0 ? [-above, -below] : [below, above];
}

/** Throws unless every `actual[i]` is one of the two float16 neighbours of `values[i]` (NaN for NaN). */
export function assertFloat16Neighbours(actual: ArrayLike<number>, values: ArrayLike<number>, label: string): void {
  if (actual.length !== values.length) throw new Error(`${label}: expected ${values.length} values, received ${actual.length}`);
  for (let i = 0; i < values.length; i++) {
    const [below, above] = float16Neighbours(values[i]);
    const ok = Number.isNaN(below) ? Number.isNaN(actual[i]) : actual[i] === below || actual[i] === above;
    if (!ok) throw new Error(`${label}: element ${i} is ${actual[i]}, expected a float16 next to ${values[i]}: ${below} or ${above}`);
  }
}
