import { beforeAll, describe, it } from 'vitest';
import { cases } from '../cases/host-lookup.js';
import { runCase } from '../cases/case.js';
import { freshSeed } from '../support/random.js';
import { setupGpu } from '../support/gpu.js';

const seed = freshSeed(process.env.TEST_SEED);

describe(`host-copy lookups in Node (Dawn), seed ${seed}`, () => {
  beforeAll(() => setupGpu('Node tier'));
  for (const c of cases) it(c.name, () => runCase(c, seed));
});
