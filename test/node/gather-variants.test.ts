/**
 * Every gather kernel variant (the public op runs one per adapter; the bench
 * times them all) against the CPU reference, on poisoned outputs, at row
 * lengths that leave partial strides (and, for the whole-rows kernel, a
 * partial last invocation), with GPU-resident out-of-range indices. The
 * whole-rows kernel never needs a folded dispatch: 65,535 workgroups of 64
 * invocations, each copying at least 33 vec4s, would write more than the
 * 2 GiB one output binding can hold.
 */
import { beforeAll, describe, it } from 'vitest';
import { cpu, tensor } from '../../src/index.js';
import { defaultDevice } from '../../src/gpu/device.js';
import { dispatchAll } from '../../src/gpu/dispatch.js';
import { gatherSteps, gatherVariants, type GatherVariant } from '../../src/ops/gather.js';
import { placeholderBuffer } from '../../src/gpu/placeholder.js';
import { outputTensor } from '../../src/tensor/create.js';
import { assertAllClose } from '../support/close.js';
import { setupGpu } from '../support/gpu.js';
import { freshSeed, randomFloats, randomInts, seeded } from '../support/random.js';

const seed = freshSeed(process.env.TEST_SEED);
// D / 4 = 1, 3, 16, 17, 33, 64: strides of 4 and 16 vec4s that fit exactly or leave a partial last one.
const dims = [4, 12, 64, 68, 132, 256];

describe(`gather kernel variants vs CPU reference, seed ${seed}`, () => {
  beforeAll(() => setupGpu('gather variants'));
  for (const variant of Object.keys(gatherVariants) as GatherVariant[]) {
    it(`${variant}: rows of D = ${dims.join(', ')} and out-of-range GPU indices`, async () => {
      const rng = seeded(seed);
      const device = defaultDevice();
      for (const dim of dims) {
        const rows = 1 + Math.floor(rng() * 300);
        const host = { data: randomFloats(rng, rows * dim), shape: [rows, dim] };
        const ids = randomInts(rng, 1 + Math.floor(rng() * 500), rows);
        ids[0] = -1;
        ids[ids.length - 1] = rows;
        const table = tensor(host.data, host.shape);
        const indices = tensor(ids);
        const out = outputTensor(device, 'test', [ids.length, dim], 'float32');
        await dispatchAll(device, gatherSteps(table, indices, out, placeholderBuffer(device), variant));
        const expected = cpu.gather(host, ids, { outOfRange: 'zero' });
        assertAllClose(await out.data(), expected.data, `${variant} V=${rows} D=${dim} N=${ids.length} [seed ${seed}]`);
        for (const t of [table, indices, out]) t.dispose();
      }
    });
  }
});
