/** Seeded random numbers for tests: every suite draws fresh inputs each run and prints the seed on failure. */
import { uniformSource } from '../../src/layers/random.js';

/** A deterministic generator of floats in [0, 1): the library's own seeded source (mulberry32). */
export type Random = () => number;

/** A generator seeded with `seed`. */
export function seeded(seed: number): Random {
  return uniformSource(seed);
}

/** A fresh seed, or the one in TEST_SEED (Node) / ?seed= (browser) to replay a failure. */
export function freshSeed(fixed?: string | null): number {
  const parsed = fixed ? Number(fixed) : NaN;
  return Number.isInteger(parsed) ? parsed : Math.floor(Math.random() * 2 ** 31);
}

/** `n` floats uniform in [-1, 1), never all zero. */
export function randomFloats(rng: Random, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng() * 2 - 1;
  return out;
}

/** `n` integers uniform in [0, upper). */
export function randomInts(rng: Random, n: number, upper: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(rng() * upper);
  return out;
}
