/**
 * Seeded random numbers for weight initialisation and `fit`'s shuffling, so
 * that `seed` gives the same weights and sample order on every run and
 * platform; public as `seededRandom` and `standardNormal` for data and demos
 * that should be reproducible the same way.
 */
import { formatValue } from '../validate/position.js';

/** A generator of floats in [0, 1): each call returns the next number. */
export type Uniform = () => number;

/**
 * @internal A small fast generator (mulberry32) seeded with `seed`;
 * unseeded it starts from `Math.random()`. Public as `seededRandom`.
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
 * A seeded generator of floats in [0, 1): the one the initialisers (`seed`
 * of Embedding, Dense, ...) and `fit`'s shuffling draw from (mulberry32,
 * 32 bits of state), so the same seed gives the same numbers on every run,
 * platform and browser. It is fast and small, not cryptographic. Unseeded,
 * it starts from `Math.random()`.
 *
 * @example
 * ```ts
 * import { seededRandom, standardNormal } from 'webgpu-embeddings';
 * const random = seededRandom(42);
 * random();                 // the same first number on every run with seed 42
 * standardNormal(random);   // a N(0, 1) sample drawn from the same stream
 * ```
 */
export function seededRandom(seed?: number): Uniform {
  if (seed !== undefined && !Number.isInteger(seed)) throw new TypeError(`seededRandom: expected seed to be an integer, received ${formatValue(seed)}.`);
  return uniformSource(seed);
}

/**
 * A standard normal sample N(0, 1) drawn from a uniform source (two of its
 * numbers, by the Box-Muller transform), as the `'normal'` initialisers draw.
 *
 * @example
 * ```ts
 * const z = standardNormal(seededRandom(1));
 * ```
 */
export function standardNormal(next: Uniform): number {
  const u = 1 - next(); // in (0, 1], so the log is finite
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
}
