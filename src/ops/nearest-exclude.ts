/**
 * nearestNeighbors, between pass 1 and the selection: excluded rows get the
 * padding key, so no query's answer holds them.
 */
import nearestExcludeCode from '../../shaders/nearest-exclude.wgsl?raw';
import sortKeyCode from '../../shaders/sort-key.wgsl?raw';
import { defineKernel } from '../gpu/pipelines.js';
import type { Step } from './run-op.js';

const WG = 256;
const kernel = defineKernel({ name: 'nearest-exclude', code: `${nearestExcludeCode}\n${sortKeyCode}`, constants: { WG } });

/** One batch's exclusions: the checked rows on the GPU and where the batch's keys are. */
export interface ExcludeBatch {
  /** int32 `[lists, perList]` table rows (see `checkExclusions`). */
  excluded: GPUBuffer;
  perList: number;
  perQuery: boolean;
  /** Pass 1's keys `[count, rows]` of queries `[firstQuery, firstQuery + count)`. */
  keys: GPUBuffer;
  rows: number;
  firstQuery: number;
  count: number;
}

/**
 * The dispatch that gives a batch's excluded rows the padding key.
 *
 * @example
 * ```ts
 * excludeStep({ excluded, perList: 2, perQuery: false, keys, rows: 1000, firstQuery: 0, count: 16 });
 * ```
 */
export function excludeStep(batch: ExcludeBatch): Step {
  const total = batch.count * batch.perList;
  return {
    kernel,
    buffers: [batch.excluded, batch.keys],
    params: new Uint32Array([total, batch.perList, batch.rows, batch.firstQuery, batch.perQuery ? 1 : 0]),
    workgroups: Math.ceil(total / WG),
  };
}
