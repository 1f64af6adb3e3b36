import { beforeAll, describe, it } from 'vitest';
import { ioFuzzCases } from '../cases/io-fuzz.js';
import { runCase } from '../cases/case.js';
import { freshSeed } from '../support/random.js';
import { setupGpu } from '../support/gpu.js';

const seed = freshSeed(process.env.TEST_SEED);

describe(`property-based tests of the file readers in Node (Dawn), seed ${seed}`, () => {
  beforeAll(() => setupGpu('Node tier'));
  for (const c of ioFuzzCases(100)) it(c.name, () => runCase(c, seed));
});
