/**
 * The sort inside segmentSumRows: (index, position) pairs in ascending order
 * of index, equal indices in the order of their positions, by a bitonic
 * network: whole blocks sorted in workgroup memory, then, for longer lists,
 * the long steps of each later stage in global memory and its short steps
 * back in workgroup memory. O(K log² K) work in 1 + log²(K / BLOCK) / 2 passes.
 */
import blockCode from '../../shaders/segment-sort-block.wgsl?raw';
import mergeCode from '../../shaders/segment-sort-merge.wgsl?raw';
import type { DispatchSpec } from '../gpu/dispatch.js';
import { defineKernel, type Kernel } from '../gpu/pipelines.js';

/**
 * @internal Invocations per workgroup of the segment kernels. Few: on
 * software adapters every barrier suspends and resumes each invocation, and
 * the block sort has 45 of them.
 */
export const SEGMENT_WG = 64;
/** @internal Pairs one workgroup sorts in workgroup memory (eight per invocation). */
export const SEGMENT_BLOCK = 512;

const constants = { WG: SEGMENT_WG, BLOCK: SEGMENT_BLOCK };
const blockKernel = defineKernel({ name: 'segment-sort-block', code: blockCode, constants });
const MERGE_WG = 256;
const mergeKernel = defineKernel({ name: 'segment-sort-merge', code: mergeCode, constants: { WG: MERGE_WG } });

/**
 * @internal Length of the sorted list for `count` indices: a power of two,
 * at least one block (padding sorts last).
 *
 * @example
 * ```ts
 * paddedLength(600); // 1024
 * ```
 */
export function paddedLength(count: number): number {
  let padded = SEGMENT_BLOCK;
  while (padded < count) padded *= 2;
  return padded;
}

/**
 * @internal The dispatches that sort `count` indices of a `[0, rows)` range
 * into `pairs` (`paddedLength(count)` pairs of u32: key, position). An index
 * outside the range gets the key `rows`; padding gets 0xffffffff.
 *
 * @example
 * ```ts
 * const steps = [...sortSteps(indices.buffer, pairs.buffer, k, vocab), ...]; // returned to runOp
 * ```
 */
export function sortSteps(indices: GPUBuffer, pairs: GPUBuffer, count: number, rows: number): (DispatchSpec & { kernel: Kernel })[] {
  const padded = paddedLength(count);
  const blocks = padded / SEGMENT_BLOCK;
  const block = (stage: number) => ({
    kernel: blockKernel,
    buffers: [indices, pairs],
    params: new Uint32Array([count, rows, stage, blocks]),
    workgroups: blocks,
  });
  const steps = [block(0)];
  for (let stage = 2 * SEGMENT_BLOCK; stage <= padded; stage *= 2) {
    for (let step = stage / 2; step >= SEGMENT_BLOCK; step /= 2) {
      steps.push({
        kernel: mergeKernel,
        buffers: [pairs],
        params: new Uint32Array([padded / 2, stage, step]),
        workgroups: padded / 2 / MERGE_WG,
      });
    }
    steps.push(block(stage));
  }
  return steps;
}
