import { checkExclusions, checkNeighborShapes, metricOf, type Metric } from '../validate/neighbors.js';
import type { IndexData } from '../validate/indices.js';
import type { HostTensor } from './host-tensor.js';

/**
 * CPU reference nearest neighbours: for each query row, the `k` table rows
 * most similar to it, best first, ties to the lower row index. Scores are
 * computed in float64: cosine similarity (0 against a zero vector), dot
 * product, or euclidean distance (smallest first). NaN and infinities in
 * the inputs give NaN or infinite scores: a NaN score ranks after every
 * number, an infinitely bad one (-Infinity similarity, +Infinity distance)
 * after every finite one. Rows in `exclude` (one list for every query, or
 * one per query `[Q, E]`) are never returned; `k` must not exceed the rows
 * left.
 *
 * @example
 * ```ts
 * const table = { data: new Float32Array([1, 0, 0, 1, 1, 1]), shape: [3, 2] };
 * const { indices, scores } = cpu.nearestNeighbors(table, { data: new Float32Array([1, 0]), shape: [1, 2] }, 2);
 * indices.data; // [0, 2]: cosine 1, then 0.707...
 * cpu.nearestNeighbors(table, { data: new Float32Array([1, 0]), shape: [1, 2] }, 2, { exclude: [0] }).indices.data; // [2, 1]
 * ```
 */
export function nearestNeighbors(
  table: HostTensor,
  queries: HostTensor,
  k: number,
  options: { metric?: Metric; exclude?: IndexData } = {},
): { indices: HostTensor<Int32Array>; scores: HostTensor } {
  const op = 'nearestNeighbors';
  const metric = metricOf(options.metric, op);
  const [rows, dim, count] = checkNeighborShapes(table.shape, queries.shape, k, op);
  const exclusions = checkExclusions(options.exclude, rows, count, k, op);
  const indices = new Int32Array(count * k);
  const scores = new Float32Array(count * k);
  const score = new Float64Array(rows);
  for (let q = 0; q < count; q++) {
    const x = queries.data.subarray(q * dim, (q + 1) * dim);
    for (let v = 0; v < rows; v++) score[v] = similarity(x, table.data.subarray(v * dim, (v + 1) * dim), metric);
    const list = exclusions ? (exclusions.perQuery ? q : 0) * exclusions.perList : 0;
    const excluded = new Set(exclusions?.rows.subarray(list, list + exclusions.perList));
    const order = Int32Array.from({ length: rows }, (_, v) => v).filter((v) => !excluded.has(v));
    order.sort((a, b) => rankOrder(score[a], score[b], metric === 'euclidean') || a - b);
    for (let r = 0; r < k; r++) {
      indices[q * k + r] = order[r];
      scores[q * k + r] = score[order[r]];
    }
  }
  return { indices: { data: indices, shape: [count, k] }, scores: { data: scores, shape: [count, k] } };
}

/** Negative when score `x` ranks before `y`, 0 for a tie: distances smallest first, similarities largest first, NaN last. */
function rankOrder(x: number, y: number, distance: boolean): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return Number(Number.isNaN(x)) - Number(Number.isNaN(y));
  if (x === y) return 0;
  return (distance ? x < y : x > y) ? -1 : 1;
}

function similarity(x: Float32Array, t: Float32Array, metric: Metric): number {
  let dot = 0;
  let xx = 0;
  let tt = 0;
  let dd = 0;
  for (let c = 0; c < x.length; c++) {
    dot += x[c] * t[c];
    xx += x[c] * x[c];
    tt += t[c] * t[c];
    dd += (x[c] - t[c]) ** 2;
  }
  if (metric === 'dot') return dot;
  if (metric === 'euclidean') return Math.sqrt(dd);
  return xx === 0 || tt === 0 ? 0 : dot / Math.sqrt(xx * tt);
}
