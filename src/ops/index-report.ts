/**
 * The out-of-range report of an op over GPU-resident indices: a status
 * buffer the op's kernel fills, and the dispatch that completes it. Host
 * indices were validated before upload and a `'zero'` policy asks for no
 * report, so those bind a scratch buffer nobody reads.
 */
import indexStatusCode from '../../shaders/index-status.wgsl?raw';
import type { DispatchSpec } from '../gpu/dispatch.js';
import { defineKernel, type Kernel } from '../gpu/pipelines.js';
import { IndexStatus, scratchStatus } from '../tensor/checks.js';
import type { OpInput } from '../tensor/inputs.js';
import type { OutOfRange } from '../validate/indices.js';

const completeKernel = defineKernel({ name: 'index-status', code: indexStatusCode });

/** The status buffer an op binds, the report its result carries, and the dispatch that completes it. */
export interface IndexReport {
  buffer: GPUBuffer;
  status?: IndexStatus;
  /** Run after the op's own dispatches, in the same pass. */
  complete: (DispatchSpec & { kernel: Kernel })[];
}

/**
 * Prepares the out-of-range report of `op` over `indices`.
 *
 * @example
 * ```ts
 * const report = indexReport(device, 'gather', idx, rows, policy);
 * dispatchAll(device, [{ kernel, buffers: [table, idx.tensor.buffer, out.buffer, report.buffer], ... }, ...report.complete]);
 * const out = outputTensor(device, 'gather', shape, 'float32', { inputs: [...], status: report.status });
 * ```
 */
export function indexReport(device: GPUDevice, op: string, indices: OpInput<'int32'>, upper: number, policy: OutOfRange): IndexReport {
  if (indices.owned || policy === 'zero' || indices.tensor.size === 0) return { buffer: scratchStatus(device), complete: [] };
  const status = new IndexStatus(device, op, indices.tensor.shape, upper);
  return {
    buffer: status.buffer,
    status,
    complete: [
      {
        kernel: completeKernel,
        buffers: [indices.tensor.buffer, status.buffer],
        params: new Uint32Array([indices.tensor.size]),
        workgroups: 1,
      },
    ],
  };
}
