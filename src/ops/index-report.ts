/**
 * The out-of-range report of an op over GPU-resident indices: a status
 * buffer the op's kernel fills (see `IndexStatus`). Host indices were
 * validated before upload, indices the library knows to lie in range (found
 * so at their upload or by a check pass: `Tensor.indicesBelow`) need none,
 * and a `'zero'` policy asks for none, so those bind the device's spare
 * buffer, which nobody reads.
 */
import indexRangeCode from '../../shaders/index-range.wgsl?raw';
import indexStatusCode from '../../shaders/index-status.wgsl?raw';
import { dispatchAll, type DispatchSpec } from '../gpu/dispatch.js';
import { defineKernel, type Kernel } from '../gpu/pipelines.js';
import { placeholderBuffer } from '../gpu/placeholder.js';
import { IndexStatus } from '../tensor/checks.js';
import type { OpInput } from '../tensor/inputs.js';
import type { OutOfRange } from '../validate/indices.js';

const WG = 256;
const captureKernel = defineKernel({ name: 'index-status', code: indexStatusCode });
const countKernel = defineKernel({ name: 'index-range', code: indexRangeCode, constants: { WG } });

/** The status buffer an op binds, the report its result carries, and the dispatches that fill it. */
export interface IndexReport {
  buffer: GPUBuffer;
  status?: IndexStatus;
  /** Run after the op's own dispatches, in the same pass: with `countAll`, the count; else none. */
  steps: (DispatchSpec & { kernel: Kernel })[];
}

/**
 * Prepares the out-of-range report of `op` over `indices`. An op whose
 * kernel counts each bad entry exactly once binds `buffer` and counts them
 * itself; with `countAll`, a separate dispatch counts every entry once and
 * the op's kernel need not bind the status at all.
 *
 * @example
 * ```ts
 * // runOp makes it for `plan.report`, binds `report.buffer` as `make.status` and runs `report.steps` after the op's:
 * const report = indexReport(device, 'gather', idx, rows, policy);
 * ```
 */
export function indexReport(
  device: GPUDevice,
  op: string,
  indices: OpInput<'int32'>,
  upper: number,
  policy: OutOfRange,
  options: { countAll?: boolean } = {},
): IndexReport {
  const below = indices.tensor.indicesBelow;
  if (indices.owned || policy === 'zero' || indices.tensor.size === 0 || (below !== null && below <= upper)) {
    return { buffer: placeholderBuffer(device), steps: [] };
  }
  const size = indices.tensor.size;
  const status = new IndexStatus(op, indices.tensor, upper, (indexBuffer, statusBuffer) =>
    dispatchAll(device, [{ kernel: captureKernel, buffers: [indexBuffer, statusBuffer], params: new Uint32Array([size]), workgroups: 1 }]),
  );
  const count = { kernel: countKernel, buffers: [indices.tensor.buffer, status.buffer], params: new Uint32Array([size, upper]), workgroups: Math.ceil(size / WG) };
  return { buffer: status.buffer, status, steps: options.countAll ? [count] : [] };
}
