/**
 * nearestNeighbors cases: the GPU search against the CPU reference on seeded
 * random tables (outputs poisoned by the runner). Small-integer tables make
 * dot products and squared distances exact in float32, so the answer,
 * including how ties fall, must equal the reference exactly; on random
 * float tables, where the GPU's float32 rounding may swap two near-equal
 * scores, the answer must be a correct top-k within that rounding.
 * Shared by the Node tier and the browser tier.
 */
import { cpu, nearestNeighbors, tensor, type IndexData, type Metric, type Neighbors } from '../../src/index.js';
import { assert, assertAllClose, assertShape } from '../support/close.js';
import { expectThrowsWithoutLeak } from '../support/expect.js';
import { randomFloats, randomInts, type Random } from '../support/random.js';
import type { Case } from './case.js';

type Host = { data: Float32Array; shape: number[] };
const metrics: Metric[] = ['cosine', 'dot', 'euclidean'];
const scoreTolerance = { atol: 1e-5, rtol: 1e-5 };

/** Integers in [-2, 2]: few distinct rows, so many exact ties. */
function smallInts(rng: Random, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => Math.floor(rng() * 5) - 2);
}

/** Runs the GPU search on host arrays and reads the answer back, disposing every tensor it made. */
async function search(table: Host, queries: Host, k: number, metric: Metric, exclude?: IndexData): Promise<{ indices: Int32Array; scores: Float32Array; shape: readonly number[] }> {
  const inputs = [tensor(table.data, table.shape), tensor(queries.data, queries.shape)];
  let result: Neighbors | undefined;
  try {
    result = nearestNeighbors(inputs[0], inputs[1], k, { metric, exclude });
    assertShape(result.scores.shape, result.indices.shape, 'scores and indices');
    return { indices: await result.indices.data(), scores: await result.scores.data(), shape: result.indices.shape };
  } finally {
    for (const t of [...inputs, result?.indices, result?.scores]) t?.dispose();
  }
}

/** Runs the GPU search and requires the reference's answer exactly (indices) and to float32 rounding (scores). */
async function expectExact(table: Host, queries: Host, k: number, metric: Metric, label: string): Promise<void> {
  const got = await search(table, queries, k, metric);
  assertShape(got.shape, [queries.shape[0], k], label);
  const want = cpu.nearestNeighbors(table, queries, k, { metric });
  assertAllClose(got.indices, want.indices.data, `${label} indices`);
  assertAllClose(got.scores, want.scores.data, `${label} scores`, scoreTolerance);
}

/**
 * Requires a correct top-k within float32 rounding: the scores equal the
 * reference's best k, each returned row really has the score returned for
 * it, and no row comes twice.
 */
async function expectWithinRounding(table: Host, queries: Host, k: number, metric: Metric, label: string): Promise<void> {
  const got = await search(table, queries, k, metric);
  const rows = table.shape[0];
  const all = cpu.nearestNeighbors(table, queries, rows, { metric });
  for (let q = 0; q < queries.shape[0]; q++) {
    const scoreOf = new Map<number, number>();
    for (let r = 0; r < rows; r++) scoreOf.set(all.indices.data[q * rows + r], all.scores.data[q * rows + r]);
    const mine = got.indices.subarray(q * k, (q + 1) * k);
    assert(new Set(mine).size === k, `${label} query ${q}: a row is returned twice: ${[...mine]}`);
    assertAllClose(got.scores.subarray(q * k, (q + 1) * k), all.scores.data.subarray(q * rows, q * rows + k), `${label} query ${q} scores`, scoreTolerance);
    assertAllClose([...mine].map((v) => scoreOf.get(v) ?? NaN), got.scores.subarray(q * k, (q + 1) * k), `${label} query ${q} rows' scores`, scoreTolerance);
  }
}

/** Whether two scores are the same number: NaN matches NaN, infinities match their own sign; finite values within float32 rounding. */
function sameScore(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= scoreTolerance.atol + scoreTolerance.rtol * Math.abs(b);
}

/**
 * Checks one query's answer against the documented order, independently of
 * the reference: rows inside the table and distinct; scores best first
 * (similarities largest, distances smallest), numbers before NaN, equal
 * scores (and NaNs) in row order. With `roundedTies` (cosine), two finite
 * scores that differ before rounding to float32 may print equal, in either
 * row order.
 */
function assertDefinedOrder(indices: ArrayLike<number>, scores: ArrayLike<number>, rows: number, distance: boolean, label: string, roundedTies = false): void {
  assert(new Set(Array.from(indices)).size === indices.length, `${label}: a row is returned twice: ${Array.from(indices)}`);
  for (let r = 0; r < indices.length; r++) {
    assert(Number.isInteger(indices[r]) && indices[r] >= 0 && indices[r] < rows, `${label}: row ${indices[r]} at rank ${r} is outside the table [0, ${rows})`);
    if (r === 0) continue;
    const [a, b] = [scores[r - 1], scores[r]];
    const bothNaN = Number.isNaN(a) && Number.isNaN(b);
    const ordered = (Number.isNaN(b) && !bothNaN) || (!Number.isNaN(a) && (distance ? a < b : a > b));
    const tie = bothNaN || a === b;
    const tieOrdered = indices[r - 1] < indices[r] || (roundedTies && !bothNaN && Number.isFinite(a));
    assert(ordered || (tie && tieOrdered), `${label}: rank ${r - 1} (row ${indices[r - 1]}, ${a}) before rank ${r} (row ${indices[r]}, ${b}) breaks the order`);
  }
}

/** Small integers with NaN, +Infinity and -Infinity planted in some rows (several of each, so they tie). */
function nonFiniteTable(rng: Random, rows: number, dim: number): Float32Array {
  const data = smallInts(rng, rows * dim);
  for (const value of [NaN, Infinity, -Infinity]) {
    for (let n = 0; n < 3; n++) data[Math.floor(rng() * rows) * dim + Math.floor(rng() * dim)] = value;
  }
  return data;
}

/** Queries: nonzero small integers (so infinities stay infinite in dot products), one with a NaN, one with +Infinity, one all zero. */
function nonFiniteQueries(rng: Random, dim: number): Float32Array {
  const data = Float32Array.from({ length: 4 * dim }, () => (rng() < 0.5 ? -1 : 1) * (1 + Math.floor(rng() * 2)));
  data[dim + Math.floor(rng() * dim)] = NaN;
  data[2 * dim + Math.floor(rng() * dim)] = Infinity;
  data.fill(0, 3 * dim);
  return data;
}

/** [V, D, Q, k]: one row, k = V, chunk edges (1024), several reduction passes, k at and above the chunked limit (512). */
const exactSizes: [number, number, number, number][] = [
  [1, 1, 1, 1],
  [7, 3, 2, 7],
  [10, 2, 3, 4],
  [1024, 3, 2, 5],
  [1025, 5, 3, 16],
  [5000, 2, 2, 100],
  [3000, 4, 1, 512],
  [700, 3, 2, 513],
  [600, 2, 1, 600],
];

export const cases: Case[] = [
  ...exactSizes.flatMap(([rows, dim, count, k]) =>
    (['dot', 'euclidean'] as Metric[]).map((metric): Case => ({
      name: `nearestNeighbors ${metric} V=${rows} D=${dim} Q=${count} k=${k}, small-integer table full of ties: equal to the reference`,
      run: async (rng) => {
        const table = { data: smallInts(rng, rows * dim), shape: [rows, dim] };
        const queries = { data: smallInts(rng, count * dim), shape: [count, dim] };
        await expectExact(table, queries, k, metric, `${metric} V=${rows} k=${k}`);
      },
    })),
  ),
  ...[[1, 1, 1, 1], [9, 3, 4, 9], [300, 8, 3, 7], [2000, 7, 3, 10], [800, 5, 2, 520]].flatMap(([rows, dim, count, k]) =>
    metrics.map((metric): Case => ({
      name: `nearestNeighbors ${metric} V=${rows} D=${dim} Q=${count} k=${k}, random floats: a correct top-k within float32 rounding`,
      run: async (rng) => {
        const table = { data: randomFloats(rng, rows * dim), shape: [rows, dim] };
        const queries = { data: randomFloats(rng, count * dim), shape: [count, dim] };
        await expectWithinRounding(table, queries, k, metric, `${metric} V=${rows} k=${k}`);
      },
    })),
  ),
  ...([[40, 3, 'every k'], [1100, 4, 'k across the chunked and the rank passes']] as const).flatMap(([rows, dim, ks]) =>
    metrics.map((metric): Case => ({
      name: `nearestNeighbors ${metric} with NaN and ±Infinity in the table and the queries, V=${rows}, ${ks} up to V: the defined order, as the reference, never a row outside the table`,
      run: async (rng) => {
        const table = { data: nonFiniteTable(rng, rows, dim), shape: [rows, dim] };
        const queries = { data: nonFiniteQueries(rng, dim), shape: [4, dim] };
        const count = queries.shape[0];
        const want = cpu.nearestNeighbors(table, queries, rows, { metric });
        const special = (q: number) => Array.from(want.scores.data.subarray(q * rows, (q + 1) * rows)).filter((x) => !Number.isFinite(x));
        assert(special(0).some(Number.isNaN), `${metric}: the first query meets a NaN score`);
        if (metric !== 'cosine') assert(special(0).some((x) => x === Infinity || x === -Infinity), `${metric}: the first query meets an infinite score`);
        const kList = rows <= 40 ? Array.from({ length: rows }, (_, i) => i + 1) : [1, 10, 512, 513, rows];
        for (const k of kList) {
          const got = await search(table, queries, k, metric);
          for (let q = 0; q < count; q++) {
            const label = `${metric} k=${k} query ${q}`;
            const mine = got.indices.subarray(q * k, (q + 1) * k);
            const theirs = want.indices.data.subarray(q * rows, q * rows + k);
            const rounded = metric === 'cosine';
            assertDefinedOrder(mine, got.scores.subarray(q * k, (q + 1) * k), rows, metric === 'euclidean', label, rounded);
            assertDefinedOrder(theirs, want.scores.data.subarray(q * rows, q * rows + k), rows, metric === 'euclidean', `${label} (reference)`, rounded);
            for (let r = 0; r < k; r++) {
              assert(sameScore(got.scores[q * k + r], want.scores.data[q * rows + r]), `${label} rank ${r}: score ${got.scores[q * k + r]}, reference ${want.scores.data[q * rows + r]}`);
            }
            // Small integers make dot products and squared distances exact, so the rows must be the reference's too;
            // cosine divides by rounded norms, so two finite scores that the float32 rounding swaps may trade places.
            if (metric !== 'cosine') assertAllClose(mine, theirs, `${label} rows`);
          }
        }
      },
    })),
  ),
  {
    name: 'nearestNeighbors cosine: duplicate rows tie to the lower index, an all-zero row or query scores 0',
    run: async (rng) => {
      const dim = 6;
      const rows = 40;
      const data = randomFloats(rng, rows * dim);
      data.fill(0, 5 * dim, 6 * dim);
      data.fill(0, 30 * dim, 31 * dim);
      data.copyWithin(20 * dim, 3 * dim, 4 * dim);
      const table = { data, shape: [rows, dim] };
      // Query 0 is row 3 (rows 3 and 20 score 1, in that order); query 1 is zero (every score 0, rows 0.. in order).
      const queries = { data: new Float32Array([...data.subarray(3 * dim, 4 * dim), ...new Float32Array(dim)]), shape: [2, dim] };
      await expectWithinRounding(table, queries, rows, 'cosine', 'cosine zero rows');
      const got = await search(table, queries, rows, 'cosine');
      assertAllClose(got.indices.subarray(0, 2), [3, 20], 'a row and its duplicate, lower index first');
      assertAllClose(got.indices.subarray(rows, 2 * rows), Int32Array.from({ length: rows }, (_, i) => i), 'zero query: all ties, row order');
      assertAllClose(got.scores.subarray(rows, 2 * rows), new Float32Array(rows), 'zero query scores');
      const zeroRow = [...got.indices.subarray(0, rows)].indexOf(5);
      assertAllClose([got.scores[zeroRow]], [0], 'score against an all-zero row');
    },
  },
  {
    name: 'nearestNeighbors over 200,000 rows (several reduction passes), equal to the reference',
    run: async (rng) => {
      const rows = 200_000;
      const dim = 3;
      const table = { data: smallInts(rng, rows * dim), shape: [rows, dim] };
      const queries = { data: smallInts(rng, 2 * dim), shape: [2, dim] };
      await expectExact(table, queries, 10, 'euclidean', 'euclidean V=200000');
    },
  },
  {
    name: 'nearestNeighbors over several query batches: each batch lands in its rows of the answer',
    run: async (rng) => {
      // 15 queries of 20,000 rows exceed one batch of keys (2^18, i.e. 13 queries here).
      const rows = 20_000;
      const dim = 4;
      const table = { data: smallInts(rng, rows * dim), shape: [rows, dim] };
      const many = { data: smallInts(rng, 15 * dim), shape: [15, dim] };
      const got = await search(table, many, 3, 'dot');
      for (const q of [0, 12, 13, 14]) {
        const one = { data: many.data.slice(q * dim, (q + 1) * dim), shape: [1, dim] };
        const want = cpu.nearestNeighbors(table, one, 3, { metric: 'dot' });
        assertAllClose(got.indices.subarray(q * 3, q * 3 + 3), want.indices.data, `batched query ${q}`);
      }
    },
  },
  ...[
    // [V, Q, k, rows excluded per list]: one chunk; several chunks and passes; the rank path (k > 512); several query batches (~87 queries each at V = 3000).
    [9, 3, 2, 4],
    [3000, 4, 7, 40],
    [1100, 2, 600, 300],
    [3000, 180, 5, 3],
  ].flatMap(([rows, count, k, excluded]): Case[] =>
    (['shared', 'per query'] as const).map((form) => ({
      name: `nearestNeighbors with exclude (${form} list, ${excluded} rows with duplicates), V=${rows} Q=${count} k=${k}: never an excluded row, equal to the reference`,
      run: async (rng) => {
        const dim = 5;
        const table = { data: smallInts(rng, rows * dim), shape: [rows, dim] };
        const queries = { data: smallInts(rng, count * dim), shape: [count, dim] };
        const list = () => Array.from(randomInts(rng, excluded, rows)).map((v, i, all) => (i === 1 ? all[0] : v));
        const exclude = form === 'shared' ? list() : Array.from({ length: count }, list);
        const lists = form === 'shared' ? Array.from({ length: count }, () => exclude as number[]) : (exclude as number[][]);
        const wantedK = Math.min(k, rows - Math.max(...lists.map((l) => new Set(l).size)));
        for (const metric of metrics) {
          const got = await search(table, queries, wantedK, metric, exclude);
          const want = cpu.nearestNeighbors(table, queries, wantedK, { metric, exclude });
          for (let q = 0; q < count; q++) {
            const mine = got.indices.subarray(q * wantedK, (q + 1) * wantedK);
            assert(!mine.some((row) => lists[q].includes(row)), `${metric} query ${q}: an excluded row was returned: ${[...mine]}`);
            assert(new Set(mine).size === wantedK, `${metric} query ${q}: a row is returned twice`);
          }
          // Small integers make dot products and distances exact; a cosine's rounding may order two near-equal scores either way.
          if (metric !== 'cosine') assertAllClose(got.indices, want.indices.data, `${metric} exclude indices`);
          assertAllClose(got.scores, want.scores.data, `${metric} exclude scores`, scoreTolerance);
        }
      },
    })),
  ),
  {
    name: 'nearestNeighbors with exclude: the similar items of an item without itself and unused rows, k up to the rows left; a typed array list',
    run: async (rng) => {
      const table = { data: randomFloats(rng, 40 * 6), shape: [40, 6] };
      const items = [3, 17, 31];
      const queries = { data: Float32Array.from(items.flatMap((i) => [...table.data.subarray(i * 6, i * 6 + 6)])), shape: [3, 6] };
      const unused = [0, 1];
      const exclude = items.map((i) => [i, ...unused]);
      const got = await search(table, queries, 37, 'cosine', exclude);
      const want = cpu.nearestNeighbors(table, queries, 37, { metric: 'cosine', exclude });
      assertAllClose(got.scores, want.scores.data, 'all rows left', scoreTolerance);
      for (let q = 0; q < 3; q++) {
        const mine = [...got.indices.subarray(q * 37, (q + 1) * 37)];
        assert(mine.every((row) => !exclude[q].includes(row)) && new Set(mine).size === 37, `query ${q}: ${mine}`);
      }
      const typed = await search(table, queries, 5, 'dot', Int32Array.from(unused));
      assertAllClose(typed.indices, cpu.nearestNeighbors(table, queries, 5, { metric: 'dot', exclude: unused }).indices.data, 'Int32Array list');
    },
  },
  {
    name: 'nearestNeighbors rejects a bad exclude before any GPU work: k above the rows left, rows out of range, a list per query of the wrong count, a tensor',
    run: async () => {
      const table = tensor([[1, 2], [3, 4], [5, 6], [7, 8]]);
      const ids = tensor(new Int32Array([0]));
      try {
        expectThrowsWithoutLeak(() => nearestNeighbors(table, [[1, 2]], 3, { exclude: [0, 2, 2] }), RangeError, "expected k to be at most 2 (the table's 4 rows less the 2 excluded), received 3");
        expectThrowsWithoutLeak(() => nearestNeighbors(table, [[1, 2], [3, 4]], 3, { exclude: [[0], [1, 2]] }), TypeError, 'ragged');
        expectThrowsWithoutLeak(() => nearestNeighbors(table, [[1, 2], [3, 4]], 3, { exclude: [[0, 0], [1, 2]] }), RangeError, 'less the 2 excluded for query 1), received 3');
        expectThrowsWithoutLeak(() => nearestNeighbors(table, [[1, 2]], 1, { exclude: [4] }), RangeError, 'nearestNeighbors: exclude: expected integer indices in [0, 4), received 4 at [0]');
        expectThrowsWithoutLeak(() => nearestNeighbors(table, [[1, 2]], 1, { exclude: [[0], [1]] }), RangeError, 'one list per query ([1, E]), received shape [2, 1]');
        expectThrowsWithoutLeak(() => nearestNeighbors(table, [[1, 2]], 1, { exclude: ids as never }), TypeError, 'nearestNeighbors: exclude: expected indices as nested arrays or an integer typed array');
        expectThrowsWithoutLeak(() => nearestNeighbors(table, [[1, 2]], 1, { exclude: [0.5] }), TypeError, 'received 0.5 at [0]');
      } finally {
        table.dispose();
        ids.dispose();
      }
    },
  },
  {
    name: 'nearestNeighbors rejects bad input with clear errors before any GPU work',
    run: async () => {
      const table = tensor([[1, 2], [3, 4], [5, 6]]);
      try {
        expectThrowsWithoutLeak(() => nearestNeighbors(table, [[1, 2]], 4), RangeError, 'expected k to be an integer in [1, 3]');
        expectThrowsWithoutLeak(() => nearestNeighbors(table, [[1, 2]], 0), RangeError, 'received 0');
        expectThrowsWithoutLeak(() => nearestNeighbors(table, [[1, 2]], 1.5), RangeError, 'received 1.5');
        expectThrowsWithoutLeak(() => nearestNeighbors(table, [[1, 2]], '2' as unknown as number), TypeError, 'expected k to be an integer');
        expectThrowsWithoutLeak(() => nearestNeighbors(table, [[1, 2, 3]], 1), RangeError, 'expected queries of shape [Q, 2]');
        expectThrowsWithoutLeak(() => nearestNeighbors(table, [1, 2], 1), RangeError, 'received shape [2]');
        expectThrowsWithoutLeak(() => nearestNeighbors([1, 2, 3], [[1]], 1), RangeError, 'expected a table of rank 2');
        expectThrowsWithoutLeak(() => nearestNeighbors(table, [[1, 2]], 1, { metric: 'l2' as Metric }), RangeError, "expected metric 'cosine', 'dot' or 'euclidean'");
      } finally {
        table.dispose();
      }
    },
  },
];
