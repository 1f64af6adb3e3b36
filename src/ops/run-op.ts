/**
 * The one way an op runs on the GPU. Every op module checks its arguments
 * (before any GPU work) and uploads host data, then hands the rest to
 * {@link runOp}: allocate the outputs, scratch buffers and the out-of-range
 * status, build the dispatches, submit them in one pass, and let go of what
 * the op made for itself. If anything throws on the way (an allocation over
 * the device's limit, a refused buffer, too many workgroups), everything
 * allocated so far is released and the uploaded inputs are disposed before
 * the error propagates, so no op has a failure path of its own to forget.
 *
 * @example
 * ```ts
 * export function double(values: Tensor | TensorLike): Tensor<'float32'> {
 *   const device = defaultDevice();
 *   const checked = floatInput(values, device, 'double', 'the values');    // validate
 *   const [input] = upload([checked] as const);                          // host data -> GPU
 *   return runOp(device, { op: 'double', inputs: [input] }, (make) => {
 *     const out = make.output(checked.shape, 'float32');                 // output shape
 *     const total = out.size;
 *     return { result: out, steps: [{ kernel: doubleKernel, buffers: [input.tensor.buffer, out.buffer],
 *       params: new Uint32Array([total]), workgroups: Math.ceil(total / 256) }] }; // bind + dispatch
 *   });
 * }
 * ```
 */
import { recycle } from '../gpu/buffer-pool.js';
import { createStorageBuffer } from '../gpu/buffers.js';
import { dispatchAll, type DispatchSpec } from '../gpu/dispatch.js';
import { placeholderBuffer } from '../gpu/placeholder.js';
import type { Kernel } from '../gpu/pipelines.js';
import { outputTensor, splitSizes } from '../tensor/create.js';
import { release, type OpInput } from '../tensor/inputs.js';
import { Tensor, type DType } from '../tensor/tensor.js';
import type { OutOfRange } from '../validate/indices.js';
import { indexReport, type IndexReport } from './index-report.js';

/** One dispatch of an op: a kernel, its storage buffers in binding order, its shape parameters. */
export type Step = DispatchSpec & { kernel: Kernel };

/** What an op runs on, and whether it reports GPU-resident indices out of range. */
export interface OpPlan {
  /** Names the op: the label of its outputs (unless given), its errors and its out-of-range report. */
  op: string;
  /**
   * The op's inputs on the GPU. Outputs inherit their pending checks; those
   * the op uploaded itself (`owned`) are disposed once the work is submitted
   * or the op failed.
   */
  inputs: readonly (OpInput<DType> | Tensor)[];
  /** An out-of-range report over GPU-resident indices (see `indexReport`). */
  report?: { indices: OpInput<'int32'>; upper: number; policy: OutOfRange; countAll?: boolean };
}

/** What an op's build step allocates through. */
export interface OpMaker {
  /**
   * A new output tensor, labelled after the op unless `label` is given,
   * carrying the inputs' checks and the op's report. It is one buffer
   * unless `split` (split by rows as the device's limit requires) or
   * `shardBytes` (buffers of these sizes) says otherwise.
   */
  output<D extends DType>(shape: readonly number[], dtype: D, options?: { label?: string; split?: boolean; shardBytes?: readonly number[] }): Tensor<D>;
  /** A storage buffer for intermediate values, released (kept for reuse) once the work is submitted. */
  scratch(label: string, byteLength: number): GPUBuffer;
  /** The buffer the op's kernel counts bad indices in (the device's spare buffer when no report is asked for). */
  readonly status: GPUBuffer;
}

/**
 * Runs an op: `build` allocates through `make` and returns the op's result
 * and its dispatches, which are submitted in order in one pass (with the
 * report's own dispatches last); every output watches the verdict. On any
 * error, everything allocated is released before it propagates.
 *
 * @example
 * ```ts
 * return runOp(device, { op, inputs: [table, ids], report: { indices: ids, upper: rows, policy } }, (make) => {
 *   const out = make.output([n, d], 'float32');
 *   return { result: out, steps: [{ kernel, buffers: [table.tensor.buffer, ids.tensor.buffer, out.buffer, make.status], params, workgroups }] };
 * });
 * ```
 */
export function runOp<R>(device: GPUDevice, plan: OpPlan, build: (make: OpMaker) => { result: R; steps: readonly Step[] }): R {
  const inputs = plan.inputs.map((input) => (input instanceof Tensor ? { tensor: input, owned: false } : input));
  const outputs: Tensor[] = [];
  const scratch: GPUBuffer[] = [];
  let report: IndexReport | undefined;
  try {
    const r = plan.report;
    report = r ? indexReport(device, plan.op, r.indices, r.upper, r.policy, { countAll: r.countAll }) : undefined;
    const lineage = { inputs: inputs.map((input) => input.tensor), status: report?.status };
    const status = report?.buffer ?? placeholderBuffer(device);
    const { result, steps } = build({
      output: (shape, dtype, options = {}) => {
        const label = options.label ?? plan.op;
        const shardBytes = options.shardBytes ?? (options.split ? splitSizes(device, shape, label) : undefined);
        const out = outputTensor(device, label, shape, dtype, lineage, shardBytes);
        outputs.push(out);
        return out;
      },
      scratch: (label, byteLength) => {
        const { buffer } = createStorageBuffer(device, `${plan.op} ${label}`, byteLength);
        scratch.push(buffer);
        return buffer;
      },
      status,
    });
    const verdict = dispatchAll(device, [...steps, ...(report?.complete ?? [])]);
    for (const out of outputs) out.watch(verdict);
    return result;
  } catch (error) {
    for (const out of outputs) out.dispose();
    report?.status?.discard();
    throw error;
  } finally {
    // Safe once submitted: queued work keeps its buffers, and a reused buffer is written only after it.
    for (const buffer of scratch) recycle(device, buffer);
    release(...inputs);
  }
}
