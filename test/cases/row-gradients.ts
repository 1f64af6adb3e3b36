/**
 * The training ops of TRAINING.md section 2 against their CPU twins on seeded
 * random inputs (outputs poisoned by the runner): `add`, `segmentSumRows`
 * (duplicates sum, out-of-range indices add nothing, bit-identical runs,
 * sorts longer than one block, more than 65,535 workgroups) and
 * `scatterRows` (also into a result split across buffers).
 * Shared by the Node tier and the browser tier.
 */
import { add, cpu, memory, scatterRows, segmentSumRows, tensor, type Tensor } from '../../src/index.js';
import { assert, assertAllClose } from '../support/close.js';
import { withBufferLimit } from '../support/buffer-limit.js';
import { expectTensor, expectThrowsWithoutLeak } from '../support/expect.js';
import { randomFloats, randomInts, type Random } from '../support/random.js';
import type { Case } from './case.js';

/** Indices in [-2, rows + 2): mostly valid, with duplicates and a few out of range. */
function someIndices(rng: Random, count: number, rows: number, outside = true): Int32Array {
  const idx = randomInts(rng, count, rows);
  if (outside) for (let k = 0; k < count; k++) if (rng() < 0.05) idx[k] = rng() < 0.5 ? -1 - Math.floor(rng() * 2) : rows + Math.floor(rng() * 2);
  return idx;
}

async function segmentCase(rng: Random, count: number, rows: number, dim: number): Promise<void> {
  const idx = someIndices(rng, count, rows);
  const values = randomFloats(rng, count * dim);
  const expected = cpu.segmentSumRows({ data: idx, shape: [count] }, { data: values, shape: [count, dim] }, rows);
  const indices = tensor(idx, [count], 'int32');
  const rowsGpu = tensor(values, [count, dim], 'float32');
  try {
    const got = segmentSumRows(indices, rowsGpu, rows);
    const label = `segmentSumRows K=${count} V=${rows} D=${dim}`;
    await expectTensor(got.indices, expected.indices, `${label} indices`);
    // Both add float32 rows in position order, so the sums agree bit for bit.
    await expectTensor(got.rows, expected.rows, `${label} rows`);
  } finally {
    indices.dispose();
    rowsGpu.dispose();
  }
}

/** [K, V, D]: one row, D not a multiple of 4 (scalar sums) or one (vec4 sums), empty batch, all-duplicates, one block, several blocks (global merge steps). */
const segmentSizes: [number, number, number][] = [
  [1, 1, 1],
  [1, 7, 3],
  [0, 5, 4],
  [17, 3, 5],
  [64, 944, 64],
  [512, 40, 7],
  [513, 100, 2],
  [3000, 50, 9],
  [3000, 50, 12],
  [5000, 100_000, 3],
  [20_000, 20_000, 1],
];

/** Three runs on one batch of few distinct indices (long sums whose float32 order matters) give the same bits, and the CPU's. */
async function heavyDuplicates(rng: Random, dim: number): Promise<void> {
  const count = 4096;
  const idx = randomInts(rng, count, 7);
  const values = randomFloats(rng, count * dim).map((v, i) => v * 10 ** ((i % 7) - 3));
  const indices = tensor(idx, [count], 'int32');
  const rows = tensor(values, [count, dim], 'float32');
  const runs: Float32Array[] = [];
  for (let run = 0; run < 3; run++) {
    const got = segmentSumRows(indices, rows, 7);
    runs.push((await got.rows.data()) as Float32Array);
    got.indices.dispose();
    got.rows.dispose();
  }
  const bits = runs.map((r) => new Uint32Array(r.buffer));
  assert(bits.every((b) => b.every((v, i) => v === bits[0][i])), `D=${dim}: three runs gave different bits`);
  const expected = cpu.segmentSumRows({ data: idx, shape: [count] }, { data: values, shape: [count, dim] }, 7);
  assertAllClose(runs[0], expected.rows.data, `D=${dim}: heavy duplicates vs CPU`);
  indices.dispose();
  rows.dispose();
}

export const cases: Case[] = [
  ...[[1], [7], [4, 5], [3, 333], [0, 4], [1025]].map((shape): Case => ({
    name: `add [${shape}] equals the CPU reference`,
    run: async (rng) => {
      const size = shape.reduce((a, b) => a * b, 1);
      const a = { data: randomFloats(rng, size), shape };
      const b = { data: randomFloats(rng, size), shape };
      await expectTensor(add(tensor(a.data, shape), tensor(b.data, shape)), cpu.add(a, b), `add [${shape}]`);
    },
  })),
  {
    name: 'add rejects mismatched shapes and int32 tensors before any GPU work',
    run: async () => {
      const a = tensor([[1, 2]]);
      const b = tensor([1, 2]);
      const ids = tensor(new Int32Array([1, 2]), [1, 2]);
      expectThrowsWithoutLeak(() => add(a, b), RangeError, 'add: expected a and b of the same shape, received [1, 2] and [2]');
      expectThrowsWithoutLeak(() => add(a, ids), TypeError, 'add: expected b of dtype float32, received int32');
      [a, b, ids].forEach((t) => t.dispose());
    },
  },
  ...segmentSizes.map(([count, rows, dim]): Case => ({
    name: `segmentSumRows K=${count} V=${rows} D=${dim} equals the CPU reference bit for bit`,
    run: (rng) => segmentCase(rng, count, rows, dim),
  })),
  {
    name: 'segmentSumRows: duplicate indices sum in position order, out-of-range indices add nothing, sentinels fill the rest',
    run: async () => {
      const indices = tensor(new Int32Array([3, 1, 3, 9, -1, 3]), [6], 'int32');
      const rows = tensor([[1, 10], [2, 20], [4, 40], [8, 80], [16, 160], [0.5, 0.25]]);
      const got = segmentSumRows(indices, rows, 5);
      await expectTensor(got.indices, { data: [1, 3, 5, 5, 5, 5], shape: [6] }, 'indices');
      await expectTensor(got.rows, { data: [2, 20, 5.5, 50.25, 0, 0, 0, 0, 0, 0, 0, 0], shape: [6, 2] }, 'rows');
      assert(got.kind === 'rows', 'a RowGradient');
      indices.dispose();
      rows.dispose();
    },
  },
  {
    name: 'segmentSumRows is bit-identical across runs on one heavy-duplicate batch (scalar and vec4 sums)',
    run: async (rng) => {
      for (const dim of [33, 32]) await heavyDuplicates(rng, dim);
    },
  },
  {
    name: 'segmentSumRows of a batch of 4,096 indices into 1,000,000 rows (sorted across 8 blocks) equals the CPU reference',
    run: async (rng) => {
      await segmentCase(rng, 4096, 1_000_000, 16);
    },
  },
  {
    name: 'segmentSumRows needing more than 65,535 workgroups in one dimension (2-D folded dispatch)',
    run: async (rng) => {
      // K * D = 16.81M invocations of the sum pass: 65,665 workgroups of 256.
      await segmentCase(rng, 8200, 3000, 2050);
    },
  },
  {
    name: 'segmentSumRows and scatterRows reject bad arguments before any GPU work',
    run: async () => {
      const indices = tensor(new Int32Array([0, 1]), [2], 'int32');
      const rows = tensor([[1, 2], [3, 4]]);
      const three = tensor([[1, 2], [3, 4], [5, 6]]);
      expectThrowsWithoutLeak(() => segmentSumRows(indices, three, 4), RangeError, 'segmentSumRows: expected one row per index, received indices [2] and rows [3, 2]');
      expectThrowsWithoutLeak(() => segmentSumRows(indices, rows, 0), RangeError, 'expected numRows to be an integer in [1, 2147483647], received 0');
      expectThrowsWithoutLeak(() => segmentSumRows(rows, rows, 4), TypeError, 'expected int32 indices');
      expectThrowsWithoutLeak(() => scatterRows({ indices, rows }, [4, 3]), RangeError, 'scatterRows: expected indices [K] and rows [K, 3] for shape [4, 3]');
      expectThrowsWithoutLeak(() => scatterRows({ indices, rows }, [4.5, 2]), RangeError, 'expected shape [V, D] of non-negative integers');
      [indices, rows, three].forEach((t) => t.dispose());
    },
  },
  ...[
    [1, 1, 1],
    [9, 7, 3],
    [64, 944, 64],
    [300, 1683, 5],
    [0, 6, 2],
  ].map(([count, rows, dim]): Case => ({
    name: `scatterRows of segmentSumRows K=${count} into [${rows}, ${dim}] equals the CPU reference`,
    run: async (rng) => {
      const idx = someIndices(rng, count, rows);
      const values = randomFloats(rng, count * dim);
      const summed = cpu.segmentSumRows({ data: idx, shape: [count] }, { data: values, shape: [count, dim] }, rows);
      const expected = cpu.scatterRows(summed, [rows, dim]);
      const gpu = segmentSumRows(tensor(idx, [count], 'int32'), tensor(values, [count, dim], 'float32'), rows);
      await expectTensor(scatterRows(gpu, [rows, dim]), expected, `scatterRows K=${count} [${rows}, ${dim}]`);
      gpu.indices.dispose();
      gpu.rows.dispose();
    },
  })),
  {
    name: 'scatterRows into a result split across several GPU buffers (lowered limit) equals the CPU reference (scalar and vec4 rows)',
    run: async (rng) => {
      for (const dim of [6, 8]) {
        const [rows, count] = [103, 40];
        const idx = someIndices(rng, count, rows, false);
        const values = randomFloats(rng, count * dim);
        const summed = cpu.segmentSumRows({ data: idx, shape: [count] }, { data: values, shape: [count, dim] }, rows);
        const g = { indices: tensor<'int32'>(summed.indices.data, [count], 'int32'), rows: tensor<'float32'>(summed.rows.data, [count, dim], 'float32') };
        await withBufferLimit(1024, async () => {
          const dense: Tensor = scatterRows(g, [rows, dim]);
          assert(dense.shards.length > 1, `expected a split result, got ${dense.shards.length} buffer(s)`);
          await expectTensor(dense, cpu.scatterRows(summed, [rows, dim]), `split scatterRows D=${dim}`);
        });
        g.indices.dispose();
        g.rows.dispose();
      }
    },
  },
  {
    name: 'segmentSumRows + scatterRows leave no GPU memory behind over 200 steps',
    run: async (rng) => {
      const idx = tensor(randomInts(rng, 64, 944), [64], 'int32');
      const dy = tensor(randomFloats(rng, 64 * 8), [64, 8], 'float32');
      const step = () => {
        const g = segmentSumRows(idx, dy, 944);
        const dense = scatterRows(g, [944, 8]);
        [g.indices, g.rows, dense].forEach((t) => t.dispose());
      };
      step();
      const before = memory();
      for (let i = 0; i < 200; i++) step();
      const after = memory();
      assert(after.numBytes === before.numBytes && after.numTensors === before.numTensors, `memory grew: ${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
      idx.dispose();
      dy.dispose();
    },
  },
];
