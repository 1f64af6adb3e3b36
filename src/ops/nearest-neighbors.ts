/**
 * nearestNeighbors: exact top-k similarity search on the GPU.
 */
import { bufferLimit, defaultDevice } from '../gpu/device.js';
import type { TensorLike } from '../tensor/create.js';
import { expectRank, floatInput, upload, type Checked } from '../tensor/inputs.js';
import { rowShards } from '../tensor/shards.js';
import type { Tensor } from '../tensor/tensor.js';
import type { IndexData } from '../validate/indices.js';
import { checkExclusions, checkNeighborShapes, metricOf, type Metric } from '../validate/neighbors.js';
import { excludeStep } from './nearest-exclude.js';
import { scoreSteps } from './nearest-scores.js';
import { selectByRank } from './nearest-rank.js';
import { chunkLevels, MAX_CHUNKED_K, selectChunked } from './nearest-top-k.js';
import { runOp, type Step } from './run-op.js';

/**
 * Keys held at once (1 MiB): queries are processed in batches of about this
 * many (query, row) pairs, at least one query per batch. A batch gives the
 * first top-k pass ~256 workgroups (one query of a million rows ~1,000),
 * enough to fill a GPU, while the scratch memory stays small.
 */
const KEYS_PER_BATCH = 1 << 18;

/** Options of {@link nearestNeighbors}. */
export interface NearestNeighborsOptions {
  /** `'cosine'` (default), `'dot'`, or `'euclidean'` (the score is the distance, smallest first). */
  metric?: Metric;
  /**
   * Table rows never returned: one list for every query (`[E]`, e.g. an
   * unused row 0, or a typed array), or one list per query (`[Q, E]`, e.g.
   * each query item itself; repeat an entry to pad a shorter list). Host
   * data only. `k` must be at most the rows left for each query.
   */
  exclude?: IndexData;
}

/** The answer of {@link nearestNeighbors}, one row per query, best first. The caller owns both tensors. */
export interface Neighbors {
  /** int32 `[Q, k]`: table rows. */
  indices: Tensor<'int32', 2>;
  /** float32 `[Q, k]`: their similarity, or distance for `'euclidean'`. */
  scores: Tensor<'float32', 2>;
}

/**
 * Exact k-nearest-neighbour search: for each row of `queries` (`[Q, D]`), the
 * `k` rows of `table` (`[V, D]`) most similar to it, best first, ties to the
 * lower row index. Cosine similarity against an all-zero vector is 0. Runs on
 * the GPU in two passes (scores, then a chunked top-k in workgroup memory,
 * repeated until one chunk is left), so nothing of size `V` comes back to the
 * host; suited to tables up to millions of rows. Above `k = 512` the selection
 * ranks every row by counting, O(V²) per query. Rows in `exclude` get the
 * worst key between the two passes, so they are never returned (a
 * `RangeError` if `k` is more than the rows left).
 *
 * @example
 * ```ts
 * const table = tensor([[1, 0], [0, 1], [1, 1]]);
 * const { indices, scores } = nearestNeighbors(table, [[1, 0.1]], 2);
 * await indices.array(); // [[0, 2]]
 * await scores.array();  // [[0.995..., 0.773...]]
 * const near = nearestNeighbors(table, [[1, 0]], 1, { metric: 'euclidean' }); // row 0, distance 0
 * nearestNeighbors(table, [[1, 0]], 2, { exclude: [0] });                       // rows 2, 1: row 0 left out
 * nearestNeighbors(table, [[1, 0], [0, 1]], 1, { exclude: [[0], [1]] });        // each query's own row left out: [[2], [2]]
 * ```
 */
export function nearestNeighbors(
  table: Tensor | TensorLike,
  queries: Tensor | TensorLike,
  k: number,
  options: NearestNeighborsOptions = {},
): Neighbors {
  const op = 'nearestNeighbors';
  const device = defaultDevice();
  const metric = metricOf(options.metric, op);
  const tableIn = floatInput(table, device, op, 'the table', { split: true });
  const queryIn = floatInput(queries, device, op, 'the queries');
  expectRank(tableIn.shape, 2, op, 'a table of rank 2 [V, D]');
  const [rows, dim, count] = checkNeighborShapes(tableIn.shape, queryIn.shape, k, op);
  const exclusions = checkExclusions(options.exclude, rows, count, k, op);
  const excludedIn: Checked<'int32'>[] = exclusions ? [{ shape: [exclusions.rows.length], host: { data: exclusions.rows, shape: [exclusions.rows.length] } }] : [];
  const [tableGpu, queryGpu, excludedGpu] = upload([tableIn, queryIn, ...excludedIn] as const);
  return runOp(device, { op, inputs: [tableGpu, queryGpu, ...(excludedGpu ? [excludedGpu] : [])] }, (make) => {
    const indices = make.output([count, k], 'int32');
    const scores = make.output([count, k], 'float32');
    // A batch's keys are one buffer: within the device's limit too (queries of a table with more rows than that go one at a time).
    const batchSize = Math.max(1, Math.min(count, Math.floor(Math.min(KEYS_PER_BATCH, bufferLimit(device) / 4) / rows)));
    const keys = make.scratch('keys', batchSize * rows * 4);
    const levels = k > MAX_CHUNKED_K ? null : chunkLevels(make, rows, k, batchSize);
    const shards = rowShards(tableGpu.tensor, op);
    const steps: Step[] = [];
    // Batches reuse the keys and levels: dispatches in one pass run in order, each seeing the writes before it.
    for (let first = 0; first < count; first += batchSize) {
      const batch = Math.min(batchSize, count - first);
      steps.push(...scoreSteps({ table: shards, queries: queryGpu.tensor.buffer, keys, rows, dim, metric, firstQuery: first, count: batch }));
      if (exclusions && excludedGpu) {
        steps.push(excludeStep({ excluded: excludedGpu.tensor.buffer, perList: exclusions.perList, perQuery: exclusions.perQuery, keys, rows, firstQuery: first, count: batch }));
      }
      const select = { keys, rows, k, count: batch, firstQuery: first, euclidean: metric === 'euclidean', scores: scores.buffer, indices: indices.buffer };
      steps.push(...(levels ? selectChunked(select, levels) : selectByRank(select)));
    }
    return { result: { indices, scores } as Neighbors, steps };
  });
}
