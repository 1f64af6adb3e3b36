/**
 * Seeded random numbers for weight initialisation, so that `seed` gives the
 * same weights on every run and platform.
 */

/** A generator of floats in [0, 1). */
export type Uniform = () => number;

/**
 * A small fast generator (mulberry32) seeded with `seed`; unseeded it
 * starts from `Math.random()`.
 *
 * @example
 * ```ts
 * const next = uniformSource(42);
 * next(); // the same first number for every run with seed 42
 * ```
 */
export function uniformSource(seed?: number): Uniform {
  let state = (seed ?? Math.floor(Math.random() * 2 ** 32)) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A standard normal sample (Box-Muller) from a uniform source.
 *
 * @example
 * ```ts
 * const z = standardNormal(uniformSource(1));
 * ```
 */
export function standardNormal(next: Uniform): number {
  const u = 1 - next(); // in (0, 1], so the log is finite
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
}
