/**
 * nearestNeighbors: exact top-k similarity search on the GPU.
 */
import { createStorageBuffer } from '../gpu/buffers.js';
import { defaultDevice } from '../gpu/device.js';
import { outputTensor, type TensorLike } from '../tensor/create.js';
import { expectRank, floatInput, release, upload } from '../tensor/inputs.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkNeighborShapes, metricOf, type Metric } from '../validate/neighbors.js';
import { scoreBatch } from './nearest-scores.js';
import { selectByRank } from './nearest-rank.js';
import { firstFailure, MAX_CHUNKED_K, selectChunked } from './nearest-top-k.js';

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
 * ranks every row by counting, O(V²) per query.
 *
 * @example
 * ```ts
 * const table = tensor([[1, 0], [0, 1], [1, 1]]);
 * const { indices, scores } = nearestNeighbors(table, [[1, 0.1]], 2);
 * await indices.array(); // [[0, 2]]
 * await scores.array();  // [[0.995..., 0.773...]]
 * const near = nearestNeighbors(table, [[1, 0]], 1, { metric: 'euclidean' }); // row 0, distance 0
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
  const tableIn = floatInput(table, device, op, 'the table');
  const queryIn = floatInput(queries, device, op, 'the queries');
  expectRank(tableIn.shape, 2, op, 'a table of rank 2 [V, D]');
  const [rows, dim, count] = checkNeighborShapes(tableIn.shape, queryIn.shape, k, op);
  const [tableGpu, queryGpu] = upload([tableIn, queryIn] as const);
  const lineage = { inputs: [tableGpu.tensor, queryGpu.tensor] };
  let indices: Tensor<'int32'> | undefined;
  let scores: Tensor<'float32'>;
  let keys: GPUBuffer;
  try {
    indices = outputTensor(device, op, [count, k], 'int32', lineage);
    scores = outputTensor(device, op, [count, k], 'float32', lineage);
    const batchSize = Math.max(1, Math.min(count, Math.floor(KEYS_PER_BATCH / rows)));
    keys = createStorageBuffer(device, `${op} keys`, batchSize * rows * 4).buffer;
    const failures: Promise<Error | null>[] = [];
    for (let first = 0; first < count; first += batchSize) {
      const batch = Math.min(batchSize, count - first);
      failures.push(scoreBatch(device, { table: tableGpu.tensor.buffer, queries: queryGpu.tensor.buffer, keys, rows, dim, metric, firstQuery: first, count: batch }));
      const select = k > MAX_CHUNKED_K ? selectByRank : selectChunked;
      failures.push(select(device, { keys, rows, k, count: batch, firstQuery: first, euclidean: metric === 'euclidean', scores: scores.buffer, indices: indices.buffer }));
    }
    const failure = firstFailure(failures);
    indices.watch(failure);
    scores.watch(failure);
  } catch (error) {
    indices?.dispose();
    release(tableGpu, queryGpu);
    throw error;
  }
  // Safe once submitted: the buffer is freed when the queued passes are done.
  keys.destroy();
  release(tableGpu, queryGpu);
  return { indices, scores } as Neighbors;
}
