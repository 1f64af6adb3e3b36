/**
 * nearestNeighbors, pass 1: sort keys of a batch of queries against every table row.
 */
import nearestScoresCode from '../../shaders/nearest-scores.wgsl?raw';
import nearestScoresVec4Code from '../../shaders/nearest-scores-vec4.wgsl?raw';
import sortKeyCode from '../../shaders/sort-key.wgsl?raw';
import { defineKernel } from '../gpu/pipelines.js';
import type { RowShard } from '../tensor/shards.js';
import type { Metric } from '../validate/neighbors.js';
import type { Step } from './run-op.js';

const WG = 256;
// The sort-key functions go after the kernel's own code, so compiler messages keep the kernel file's line numbers.
const scalarKernel = defineKernel({ name: 'nearest-scores', code: `${nearestScoresCode}\n${sortKeyCode}`, constants: { WG } });
const vec4Kernel = defineKernel({ name: 'nearest-scores-vec4', code: `${nearestScoresVec4Code}\n${sortKeyCode}`, constants: { WG } });
const metricCodes: Record<Metric, number> = { cosine: 0, dot: 1, euclidean: 2 };

/** One batch of pass 1: queries `[firstQuery, firstQuery + count)` against all `rows`. */
export interface ScoresBatch {
  /** The table's buffers with the rows each holds (one unless the table is split). */
  table: readonly RowShard[];
  queries: GPUBuffer;
  /** Output, `[count, rows]` u32 sort keys of the scores (larger is better; euclidean: of -d²). */
  keys: GPUBuffer;
  rows: number;
  dim: number;
  metric: Metric;
  firstQuery: number;
  count: number;
}

/**
 * The dispatches that write the keys of one batch of queries, one per
 * buffer of the table; nearestNeighbors' top-k passes read them.
 *
 * @example
 * ```ts
 * scoreSteps({ table: rowShards(table, op), queries, keys, rows: 1000, dim: 64, metric: 'cosine', firstQuery: 0, count: 16 });
 * ```
 */
export function scoreSteps(batch: ScoresBatch): Step[] {
  // Vectors whose length is a multiple of 4 are read as vec4s.
  const width = batch.dim % 4 === 0 ? 4 : 1;
  return batch.table.map((shard) => {
    const total = batch.count * shard.rows;
    return {
      kernel: width === 4 ? vec4Kernel : scalarKernel,
      buffers: [shard.buffer, batch.queries, batch.keys],
      params: new Uint32Array([total, batch.rows, batch.dim / width, metricCodes[batch.metric], batch.firstQuery, shard.rowStart, shard.rows]),
      workgroups: Math.ceil(total / WG),
    };
  });
}
