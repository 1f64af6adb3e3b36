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
import { callValuesBuffer, CALL_VALUE_WORDS } from '../gpu/call-values.js';
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
   * `shardBytes` (buffers of these sizes) says otherwise. With `zeroed`,
   * its buffers are set to zeros in the op's submission, before its
   * dispatches (for kernels that write only some elements).
   */
  output<D extends DType>(
    shape: readonly number[],
    dtype: D,
    options?: { label?: string; split?: boolean; shardBytes?: readonly number[]; zeroed?: boolean },
  ): Tensor<D>;
  /**
   * A tensor of intermediate values (one buffer), disposed (its buffer kept
   * for reuse) once the work is submitted: for steps that take tensors.
   */
  temporary<D extends DType>(shape: readonly number[], dtype: D, label: string): Tensor<D>;
  /** A storage buffer for intermediate values, released (kept for reuse) once the work is submitted. */
  scratch(label: string, byteLength: number): GPUBuffer;
  /** The buffer the op's kernel counts bad indices in (the device's spare buffer when no report is asked for). */
  readonly status: GPUBuffer;
  /**
   * A storage buffer holding `words` (at most `CALL_VALUE_WORDS`) for values
   * that change on every call (e.g. a training step), which must not go into
   * parameters: uniforms are cached by their bytes. It is the device's one
   * such buffer, written just before this op's submission, so an op asks
   * for one set of values.
   */
  callValues(words: Uint32Array<ArrayBuffer>): GPUBuffer;
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
  return execute(device, plan, build).result;
}

/**
 * {@link runOp} for an op that writes into tensors it was given (an
 * optimizer step updating weights and slots, running totals) rather than,
 * or besides, outputs of its own: the same flow and guarantees (nothing is
 * submitted unless everything was allocated, so on an error the tensors it
 * writes are as they were), returning the verdict of the work for the
 * caller to watch or await.
 *
 * @example
 * ```ts
 * const verdict = runInPlace(device, { op: 'sumRows', inputs: [values, totals] }, () => [
 *   { kernel, buffers: [values.buffer, totals.buffer], params, workgroups: kinds },
 * ]);
 * ```
 */
export function runInPlace(device: GPUDevice, plan: OpPlan, build: (make: OpMaker) => readonly Step[]): Promise<Error | null> {
  return execute(device, plan, (make) => ({ result: null, steps: build(make) })).verdict;
}

function execute<R>(device: GPUDevice, plan: OpPlan, build: (make: OpMaker) => { result: R; steps: readonly Step[] }): { result: R; verdict: Promise<Error | null> } {
  const inputs = plan.inputs.map((input) => (input instanceof Tensor ? { tensor: input, owned: false } : input));
  const outputs: Tensor[] = [];
  const temporaries: Tensor[] = [];
  const scratch: GPUBuffer[] = [];
  const clears: GPUBuffer[] = [];
  let values: Uint32Array<ArrayBuffer> | undefined;
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
        if (options.zeroed) clears.push(...out.shards.map((shard) => shard.buffer));
        return out;
      },
      temporary: (shape, dtype, label) => {
        const t = outputTensor(device, `${plan.op} ${label}`, shape, dtype);
        temporaries.push(t);
        return t;
      },
      scratch: (label, byteLength) => {
        const { buffer } = createStorageBuffer(device, `${plan.op} ${label}`, byteLength);
        scratch.push(buffer);
        return buffer;
      },
      status,
      callValues: (words) => {
        if (values || words.length > CALL_VALUE_WORDS) throw new RangeError(`${plan.op}: an op takes one set of at most ${CALL_VALUE_WORDS} per-call values.`);
        values = words;
        return callValuesBuffer(device);
      },
    });
    // Written last: the queue orders it after every earlier submission and before this one.
    if (values) device.queue.writeBuffer(callValuesBuffer(device), 0, values);
    const verdict = dispatchAll(device, [...steps, ...(report?.steps ?? [])], clears);
    for (const out of outputs) out.watch(verdict);
    return { result, verdict };
  } catch (error) {
    for (const out of outputs) out.dispose();
    report?.status?.discard();
    throw error;
  } finally {
    // Safe once submitted: queued work keeps its buffers, and a reused buffer is written only after it.
    for (const t of temporaries) t.dispose();
    for (const buffer of scratch) recycle(device, buffer);
    release(...inputs);
  }
}
