/**
 * Every gather kernel variant (the public op runs one per adapter; the bench
 * times them all) against the CPU reference, on poisoned outputs, at row
 * lengths that leave partial strides (and, for the whole-rows kernel, a
 * partial last invocation), with GPU-resident out-of-range indices, and on
 * tables split across buffers (one dispatch per shard, only the first
 * writing zero rows); the short-rows kernel at each of its row lengths (one
 * pipeline each), and over more than 65,535 workgroups. The whole-rows
 * kernel never needs a folded dispatch: 65,535 workgroups of 64
 * invocations, each copying at least 33 vec4s, would write more than the
 * 2 GiB one output binding can hold.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cpu, tensor, type Tensor } from '../../src/index.js';
import { createStorageBuffer, readRanges } from '../../src/gpu/buffers.js';
import { defaultDevice } from '../../src/gpu/device.js';
import { dispatchAll } from '../../src/gpu/dispatch.js';
import { placeholderBuffer } from '../../src/gpu/placeholder.js';
import { gatherSteps, gatherVariants, SHORT_ROWS_MAX_DIM, type GatherVariant } from '../../src/ops/gather.js';
import { CLEAN, STATUS_BYTES } from '../../src/tensor/checks.js';
import { outputTensor } from '../../src/tensor/create.js';
import { withBufferLimit } from '../support/buffer-limit.js';
import { assertAllClose } from '../support/close.js';
import { setupGpu } from '../support/gpu.js';
import { freshSeed, randomFloats, randomInts, seeded } from '../support/random.js';

/**
 * Runs `variant` over `table` and `ids` with a fresh status buffer and checks
 * both the rows (bad indices give zero rows) and the status the kernel left:
 * the number of bad indices and the position of the first.
 */
async function expectGather(variant: GatherVariant, host: { data: Float32Array; shape: number[] }, table: Tensor, ids: Int32Array, what: string): Promise<void> {
  const device = defaultDevice();
  const dim = host.shape[1];
  const indices = tensor(ids);
  const out = outputTensor(device, 'test', [ids.length, dim], 'float32');
  const status = createStorageBuffer(device, 'test status', STATUS_BYTES, CLEAN).buffer;
  try {
    const error = await dispatchAll(device, gatherSteps(table, indices, out, status, variant));
    expect(error, what).toBeNull();
    assertAllClose(await out.data(), cpu.gather(host, ids, { outOfRange: 'zero' }).data, what);
    const [words] = await readRanges(device, [{ buffer: status, offset: 0, byteLength: 8 }]);
    const bad = [...ids.keys()].filter((i) => ids[i] < 0 || ids[i] >= host.shape[0]);
    expect([...new Uint32Array(words)], `${what}: status [bad count, first bad position]`).toEqual([bad.length, bad.length ? bad[0] : 0xffffffff]);
  } finally {
    for (const t of [indices, out]) t.dispose();
    status.destroy();
  }
}

const seed = freshSeed(process.env.TEST_SEED);
// D / 4 = 1, 3, 16, 17, 33, 64: strides of 4 and 16 vec4s that fit exactly or leave a partial last one.
const dims = [4, 12, 64, 68, 132, 256];
// Every row length the short-rows kernel has a pipeline for: 1-8 vec4s straight-line, 9-15 with a loop for the rest, 16 in quarters.
const shortDims = Array.from({ length: SHORT_ROWS_MAX_DIM / 4 }, (_, i) => 4 * (i + 1));

describe(`gather kernel variants vs CPU reference, seed ${seed}`, () => {
  beforeAll(() => setupGpu('gather variants'));
  for (const variant of Object.keys(gatherVariants) as GatherVariant[]) {
    const variantDims = variant === 'short-rows' ? shortDims : dims;
    it(`${variant}: rows of D = ${variantDims.join(', ')} and out-of-range GPU indices`, async () => {
      const rng = seeded(seed);
      for (const dim of variantDims) {
        const rows = 1 + Math.floor(rng() * 300);
        const host = { data: randomFloats(rng, rows * dim), shape: [rows, dim] };
        const ids = randomInts(rng, 1 + Math.floor(rng() * 500), rows);
        ids[0] = -1;
        ids[ids.length - 1] = rows;
        const table = tensor(host.data, host.shape);
        await expectGather(variant, host, table, ids, `${variant} V=${rows} D=${dim} N=${ids.length} [seed ${seed}]`);
        table.dispose();
      }
    });
  }

  for (const variant of Object.keys(gatherVariants) as GatherVariant[]) {
    it(`${variant}: a table split across buffers, with the extreme out-of-range indices`, async () => {
      const rng = seeded(seed);
      for (const dim of variant === 'short-rows' ? [4, 12, SHORT_ROWS_MAX_DIM] : [4, 12, 64]) {
        const rows = 40 + Math.floor(rng() * 40);
        const host = { data: randomFloats(rng, rows * dim), shape: [rows, dim] };
        const ids = Int32Array.from([...randomInts(rng, 60, rows), 0, rows - 1, -1, rows, -(2 ** 31), 2 ** 31 - 1]);
        // Only the table is uploaded under the lowered limit: the output must fit one buffer.
        const table = await withBufferLimit(9 * dim * 4, async () => tensor(host.data, host.shape));
        expect(table.shards.length).toBeGreaterThan(3);
        await expectGather(variant, host, table, ids, `${variant} split V=${rows} D=${dim} in ${table.shards.length} buffers [seed ${seed}]`);
        table.dispose();
      }
    });
  }

  it(`short-rows rejects rows it has no pipeline for (D = 0, 6, ${SHORT_ROWS_MAX_DIM + 4})`, () => {
    const device = defaultDevice();
    for (const dim of [0, 6, SHORT_ROWS_MAX_DIM + 4]) {
      const table = tensor(new Float32Array(2 * dim), [2, dim]);
      const indices = tensor([1, 0]);
      const out = outputTensor(device, 'test', [2, dim], 'float32');
      expect(() => gatherSteps(table, indices, out, placeholderBuffer(device), 'short-rows')).toThrow(`gather-short-rows copies rows of 4 to ${SHORT_ROWS_MAX_DIM} floats in whole vec4s, not D = ${dim}.`);
      for (const t of [table, indices, out]) t.dispose();
    }
  });

  it('short-rows over more than 65,535 workgroups (2-D folded dispatch)', async () => {
    // One invocation per lookup, 256 per workgroup: 65,535 * 256 lookups fill one dimension.
    const rng = seeded(seed);
    const device = defaultDevice();
    const [rows, dim, count] = [1000, 4, 65_535 * 256 + 1000];
    const host = randomFloats(rng, rows * dim);
    const ids = randomInts(rng, count, rows);
    ids[count - 1] = -1;
    const table = tensor(host, [rows, dim]);
    const indices = tensor(ids);
    const out = outputTensor(device, 'test', [count, dim], 'float32');
    const steps = gatherSteps(table, indices, out, placeholderBuffer(device), 'short-rows');
    expect(steps[0].workgroups).toBeGreaterThan(device.limits.maxComputeWorkgroupsPerDimension);
    await dispatchAll(device, steps);
    const got = await out.data();
    let wrong = 0;
    for (let r = 0; r < count; r++) {
      for (let c = 0; c < dim; c++) {
        const want = ids[r] < 0 ? 0 : host[ids[r] * dim + c];
        if (got[r * dim + c] !== want) wrong++;
      }
    }
    expect(wrong, `wrong elements of ${count * dim} [seed ${seed}]`).toBe(0);
    for (const t of [table, indices, out]) t.dispose();
  });
});
