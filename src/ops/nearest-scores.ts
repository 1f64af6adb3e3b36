/**
 * nearestNeighbors, pass 1: sort keys of a batch of queries against every table row.
 */
import nearestScoresCode from '../../shaders/nearest-scores.wgsl?raw';
import nearestScoresVec4Code from '../../shaders/nearest-scores-vec4.wgsl?raw';
import { dispatch } from '../gpu/dispatch.js';
import { defineKernel } from '../gpu/pipelines.js';
import type { Metric } from '../validate/neighbors.js';

const WG = 256;
const scalarKernel = defineKernel({ name: 'nearest-scores', code: nearestScoresCode, constants: { WG } });
const vec4Kernel = defineKernel({ name: 'nearest-scores-vec4', code: nearestScoresVec4Code, constants: { WG } });
const metricCodes: Record<Metric, number> = { cosine: 0, dot: 1, euclidean: 2 };

/** One batch of pass 1: queries `[firstQuery, firstQuery + count)` against all `rows`. */
export interface ScoresBatch {
  table: GPUBuffer;
  queries: GPUBuffer;
  /** Output, `[count, rows]` float32 keys (larger is better; euclidean: -d²). */
  keys: GPUBuffer;
  rows: number;
  dim: number;
  metric: Metric;
  firstQuery: number;
  count: number;
}

/**
 * Writes the keys of one batch of queries; nearestNeighbors' top-k passes
 * read them. Resolves with the error the device raised for this work, or null.
 *
 * @example
 * ```ts
 * scoreBatch(device, { table, queries, keys, rows: 1000, dim: 64, metric: 'cosine', firstQuery: 0, count: 16 });
 * ```
 */
export function scoreBatch(device: GPUDevice, batch: ScoresBatch): Promise<Error | null> {
  const total = batch.count * batch.rows;
  // Vectors whose length is a multiple of 4 are read as vec4s.
  const width = batch.dim % 4 === 0 ? 4 : 1;
  return dispatch(device, width === 4 ? vec4Kernel : scalarKernel, {
    buffers: [batch.table, batch.queries, batch.keys],
    params: new Uint32Array([total, batch.rows, batch.dim / width, metricCodes[batch.metric], batch.firstQuery]),
    workgroups: Math.ceil(total / WG),
  });
}
