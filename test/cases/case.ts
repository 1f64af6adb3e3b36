/**
 * A test case that runs the same way in both tiers: in Node under Vitest and
 * in headless Chromium on a Vite-served page. Cases use only the library's
 * public API and throw on failure.
 */
import { seeded, type Random } from '../support/random.js';

export interface Case {
  name: string;
  run: (rng: Random) => Promise<void>;
}

/**
 * Runs one case with its own generator derived from `seed`, adding the seed
 * to any failure so the run can be replayed with TEST_SEED / ?seed=.
 */
export async function runCase(c: Case, seed: number): Promise<void> {
  try {
    await c.run(seeded(seed ^ hash(c.name)));
  } catch (error) {
    const e = error as Error;
    e.message = `${e.message} [seed ${seed}; replay with TEST_SEED=${seed}]`;
    throw e;
  }
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
