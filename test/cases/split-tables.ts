/**
 * Tables larger than one GPU buffer, split by rows, for every op that reads
 * a table: embeddingBag, nearestNeighbors, matMul (so the one-hot lookup),
 * compact float16/int8 tables and quantize(). The per-buffer limit is
 * lowered (`debug.maxBufferBytes`) so that small tables split into several
 * buffers, at rows other than those the ops' own work falls on, exactly as a
 * table above the device's limit is split; each op must equal the CPU
 * reference. (test/node/limits.test.ts does it once with a real table above
 * 1 GiB.) Shared by the Node tier and the browser tier.
 */
import { cpu, Embedding, embeddingBag, IndexOutOfRangeError, matMul, memory, nearestNeighbors, tensor, type BagMode, type Metric, type Tensor } from '../../src/index.js';
import { withBufferLimit } from '../support/buffer-limit.js';
import { assert, assertAllClose, assertFloat16Neighbours } from '../support/close.js';
import { expectRejects, expectThrows } from '../support/expect-error.js';
import { countGpuCalls } from '../support/gpu-calls.js';
import { randomFloats, randomInts } from '../support/random.js';
import type { Case } from './case.js';

async function readAndDispose(t: Tensor): Promise<Float32Array> {
  try {
    return Float32Array.from(await t.data());
  } finally {
    t.dispose();
  }
}

/** Uploads `data` as `[rows, dim]` and checks it split into `parts` buffers or more. */
function splitTable(data: Float32Array, rows: number, dim: number, parts: number): Tensor<'float32'> {
  const table = tensor(data, [rows, dim], 'float32');
  assert(table.shards.length >= parts, `the table [${rows}, ${dim}] is in ${table.shards.length} buffer(s), expected at least ${parts}`);
  return table;
}

const bagSizes: [number, number][] = [[60, 5], [61, 8]];

export const cases: Case[] = [
  ...bagSizes.map(([rows, dim]): Case => ({
    name: `embeddingBag on a [${rows}, ${dim}] table split across buffers: every mode, CSR and fixed bags, weights, padding, GPU indices out of range`,
    run: (rng) =>
      withBufferLimit(12 * dim * 4 + 4, async () => {
        const host = { data: randomFloats(rng, rows * dim), shape: [rows, dim] };
        const table = splitTable(host.data, rows, dim, 5);
        try {
          const idx = randomInts(rng, 20, rows);
          idx.set([0, rows - 1, 11, 12, 24]);
          const offsets = [0, 3, 3, 9, 15];
          const weights = randomFloats(rng, 20);
          const padding = idx[7];
          for (const mode of ['sum', 'mean', 'max'] as BagMode[]) {
            const options = { mode, offsets, paddingIdx: padding };
            const want = cpu.embeddingBag(host, idx, options).data;
            assertAllClose(await readAndDispose(embeddingBag(table, idx, options)), want, `${mode} CSR`, { atol: 1e-5, rtol: 1e-5 });
            const fixed = cpu.embeddingBag(host, idx, { mode, shape: [4, 5] }).data;
            assertAllClose(await readAndDispose(embeddingBag(table, [...Array(4)].map((_, b) => [...idx.subarray(b * 5, b * 5 + 5)]), { mode })), fixed, `${mode} fixed`, { atol: 1e-5, rtol: 1e-5 });
          }
          const weighted = { mode: 'sum' as const, offsets, perSampleWeights: weights };
          assertAllClose(await readAndDispose(embeddingBag(table, idx, weighted)), cpu.embeddingBag(host, idx, weighted).data, 'weights', { atol: 1e-5, rtol: 1e-5 });
          // GPU-resident indices, some outside the table: left out, and reported once each.
          const bad = Int32Array.from(idx);
          bad.set([-1, rows], 4);
          const gpu = tensor(bad);
          try {
            const zero = { mode: 'mean' as const, offsets, outOfRange: 'zero' as const };
            assertAllClose(await readAndDispose(embeddingBag(table, gpu, zero)), cpu.embeddingBag(host, bad, zero).data, 'GPU indices, zero', { atol: 1e-5, rtol: 1e-5 });
            const reported = embeddingBag(table, gpu, { offsets });
            const error = (await expectRejects(reported.data(), IndexOutOfRangeError, ['embeddingBag', '-1 at [4]'], 'report')) as IndexOutOfRangeError;
            reported.dispose();
            assert(error.count === 2, `counted ${error.count} bad indices, expected 2`);
          } finally {
            gpu.dispose();
          }
        } finally {
          table.dispose();
        }
      }),
  })),
  ...(['cosine', 'dot', 'euclidean'] as Metric[]).map((metric): Case => ({
    name: `nearestNeighbors ${metric} on tables split across buffers: the chunked passes (V = 1100) and the rank pass (k > 512), as the reference`,
    run: async (rng) => {
      for (const [rows, dim, k, limit] of [[300, 8, 7, 2048], [1100, 16, 10, 8192], [1100, 16, 600, 8192]]) {
        await withBufferLimit(limit, async () => {
          // Small integers: exact scores for dot and euclidean, so the rows must be the reference's.
          const data = Float32Array.from({ length: rows * dim }, () => Math.floor(rng() * 5) - 2);
          const host = { data, shape: [rows, dim] };
          const queries = { data: Float32Array.from({ length: 2 * dim }, () => Math.floor(rng() * 5) - 2), shape: [2, dim] };
          const table = splitTable(data, rows, dim, 4);
          const q = tensor(queries.data, queries.shape);
          try {
            const { indices, scores } = nearestNeighbors(table, q, k, { metric });
            const got = { indices: await readAndDispose(indices), scores: await readAndDispose(scores) };
            const want = cpu.nearestNeighbors(host, queries, k, { metric });
            assertAllClose(got.scores, want.scores.data, `${metric} V=${rows} k=${k} scores`, { atol: 1e-5, rtol: 1e-5 });
            if (metric !== 'cosine') assertAllClose(got.indices, want.indices.data, `${metric} V=${rows} k=${k} rows`);
            assert(got.indices.every((v) => v >= 0 && v < rows), `${metric} V=${rows} k=${k}: a row outside the table`);
          } finally {
            table.dispose();
            q.dispose();
          }
        });
      }
    },
  })),
  {
    name: 'matMul with both operands split across buffers (rows of a, and rows of b = ranges of K), as the reference',
    run: (rng) =>
      withBufferLimit(256, async () => {
        const a = { data: randomFloats(rng, 5 * 41), shape: [5, 41] };
        const b = { data: randomFloats(rng, 41 * 3), shape: [41, 3] };
        const aGpu = splitTable(a.data, 5, 41, 5);
        const bGpu = splitTable(b.data, 41, 3, 2);
        try {
          assertAllClose(await readAndDispose(matMul(aGpu, bGpu)), cpu.matMul(a, b).data, 'a and b split', { atol: 1e-5, rtol: 1e-5 });
          // One row of a, uploaded by the op into one buffer, times the split b.
          const row = { data: a.data.slice(0, 41), shape: [1, 41] };
          assertAllClose(await readAndDispose(matMul([[...row.data]], bGpu)), cpu.matMul(row, b).data, 'b split', { atol: 1e-5, rtol: 1e-5 });
        } finally {
          aGpu.dispose();
          bGpu.dispose();
        }
      }),
  },
  {
    name: 'matMul with a transpose refuses an operand split across buffers (a split tensor, or host data that would be) before any GPU work',
    run: (rng) =>
      withBufferLimit(256, async () => {
        const split = splitTable(randomFloats(rng, 41 * 5), 41, 5, 4);
        const rows = (n: number, d: number) => Array.from({ length: n }, () => [...randomFloats(rng, d)]);
        try {
          const refused = (fn: () => unknown, parts: string[], label: string) => {
            const before = memory();
            const { calls, error } = countGpuCalls(fn);
            expectThrows(() => {
              if (error) throw error;
            }, RangeError, ['matMul', 'with transposeA or transposeB, each operand must fit in one GPU buffer', ...parts], label);
            assert(calls.createBuffer === 0 && calls.writeBuffer === 0 && calls.submit === 0, `${label}: GPU work before the error: ${JSON.stringify(calls)}`);
            assert(memory().numTensors === before.numTensors && memory().numBytes === before.numBytes, `${label}: memory changed`);
          };
          refused(() => matMul(split, rows(41, 3), { transposeA: true }), ['a (Tensor float32 [41, 5]', 'takes 4 buffers'], 'split a, transposeA');
          refused(() => matMul(rows(2, 5), split, { transposeB: true }), ['b (Tensor float32 [41, 5]'], 'split b, transposeB');
          refused(() => matMul(split, rows(3, 5), { transposeB: true }), ['a (Tensor float32 [41, 5]'], 'split a, transposeB');
          refused(() => matMul(rows(41, 1), rows(41, 3), { transposeA: true }), ['b of shape [41, 3] takes 2 buffers'], 'host b that would be split');
        } finally {
          split.dispose();
        }
      }),
  },
  ...[[45, 5], [45, 8], [40, 68], [40, 260]].map(([rows, dim]): Case => ({
    name: `compact tables from a split float32 table [${rows}, ${dim}], split themselves: float16 and quantize('int8') lookups, getWeights, setWeights`,
    run: (rng) =>
      withBufferLimit(10 * dim * 4, async () => {
        const host = { data: randomFloats(rng, rows * dim), shape: [rows, dim] };
        const ids = randomInts(rng, 7, rows);
        ids.set([0, rows - 1, 9, 10]);
        const withBad = Int32Array.from([...ids, -1, rows]);
        const weights = splitTable(host.data, rows, dim, 4);
        const indices = tensor(withBad);
        const half = new Embedding({ inputDim: rows, outputDim: dim, dtype: 'float16', weights: [weights], outOfRange: 'zero' });
        const quarter = new Embedding({ inputDim: rows, outputDim: dim, weights: [weights], outOfRange: 'zero' });
        weights.dispose();
        try {
          half.build([null]);
          // float16 (split into 2-4 buffers): every value a neighbouring half; lookups equal the stored halves; bad indices zero rows.
          const stored = await readAndDispose(half.getWeights()[0]);
          assertFloat16Neighbours(stored, host.data, 'float16 getWeights');
          const rowsBack = await readAndDispose(half.apply(indices));
          const wantRows = cpu.gather({ data: stored, shape: [rows, dim] }, withBad, { outOfRange: 'zero' }).data;
          assertAllClose(rowsBack, wantRows, 'float16 lookups');
          // int8 (split too for D = 5 and 8): quantised from the split float32 table, within half a scale step (one where the GPU's division rounds a tie the other way).
          quarter.build([null]);
          quarter.quantize('int8');
          const { scales } = cpu.quantizeInt8(host);
          const exact = cpu.gather(host, withBad, { outOfRange: 'zero' }).data;
          const int8Rows = await readAndDispose(quarter.apply(indices));
          const int8All = await readAndDispose(quarter.getWeights()[0]);
          for (let i = 0; i < int8Rows.length; i++) {
            const r = withBad[Math.floor(i / dim)];
            const scale = r >= 0 && r < rows ? scales[r] : 0;
            assert(Math.abs(int8Rows[i] - exact[i]) <= scale * 0.5001 + 1e-9, `int8 lookup element ${i}: ${int8Rows[i]} vs ${exact[i]}`);
          }
          for (let i = 0; i < int8All.length; i++) {
            assert(Math.abs(int8All[i] - host.data[i]) <= scales[Math.floor(i / dim)] * 0.5001 + 1e-9, `int8 getWeights element ${i}: ${int8All[i]} vs ${host.data[i]}`);
          }
          // setWeights from host values: uploaded split, encoded again.
          const next = randomFloats(rng, rows * dim);
          half.setWeights([next]);
          assertFloat16Neighbours(await readAndDispose(half.getWeights()[0]), next, 'float16 after setWeights');
        } finally {
          indices.dispose();
          half.dispose();
          quarter.dispose();
        }
      }),
  })),
];
