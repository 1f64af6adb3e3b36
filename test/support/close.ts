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
