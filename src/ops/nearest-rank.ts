/**
 * nearestNeighbors, pass 2 for large k: each row's rank by counting.
 */
import nearestRankCode from '../../shaders/nearest-rank.wgsl?raw';
import sortKeyCode from '../../shaders/sort-key.wgsl?raw';
import { defineKernel } from '../gpu/pipelines.js';
import type { SelectBatch } from './nearest-top-k.js';
import type { Step } from './run-op.js';

/** Rows per workgroup (the kernel's WG). */
const WG = 256;
const kernel = defineKernel({ name: 'nearest-rank', code: `${nearestRankCode}\n${sortKeyCode}`, constants: { WG } });

/**
 * The dispatch that selects the best k rows of each query in a batch for
 * any k, in O(rows²) per query: the path for k above what the chunked pass keeps.
 *
 * @example
 * ```ts
 * selectByRank({ keys, rows: 5000, k: 2000, count: 4, firstQuery: 0, euclidean: true, scores, indices });
 * ```
 */
export function selectByRank(batch: SelectBatch): Step[] {
  const groupsPerQuery = Math.ceil(batch.rows / WG);
  const groups = batch.count * groupsPerQuery;
  return [{
    kernel,
    buffers: [batch.keys, batch.scores, batch.indices],
    params: new Uint32Array([batch.rows, batch.k, groupsPerQuery, groups, batch.euclidean ? 1 : 0, batch.firstQuery]),
    workgroups: groups,
  }];
}
