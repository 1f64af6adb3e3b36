/**
 * Encoding and submitting compute dispatches. Every kernel uses the same
 * binding convention (storage buffers first, then one uniform block of
 * shape parameters) and the same linear workgroup index, so that work larger
 * than one dimension's limit folds into a 2-D grid.
 */
import { bindGroupFor } from './bind-groups.js';
import { popVerdict } from './error-scope.js';
import { pipelineFor, type Kernel } from './pipelines.js';
import { uniformFor } from './uniforms.js';

/**
 * Splits `count` workgroups into an `[x, y]` grid with each side at most
 * `limit` (65,535 by default). Kernels rebuild the linear index as
 * `id.x + id.y * num_workgroups.x` and guard the overshoot.
 *
 * @example
 * ```ts
 * workgroupGrid(100_000); // [65535, 2]
 * ```
 */
export function workgroupGrid(count: number, limit = 65535): [number, number] {
  if (count <= limit) return [count, 1];
  const y = Math.ceil(count / limit);
  if (y > limit) throw new RangeError(`A dispatch of ${count} workgroups exceeds ${limit}² workgroups.`);
  return [Math.ceil(count / y), y];
}

/** One dispatch of a kernel. */
export interface DispatchSpec {
  /** Storage buffers, bound at 0, 1, ... in order. */
  buffers: GPUBuffer[];
  /**
   * Shape parameters, bound as a uniform after the buffers (padded to 16
   * bytes). Buffers are cached by these bytes (uniforms.ts), so values that
   * change on every call belong in a storage buffer instead.
   */
  params: Uint32Array<ArrayBuffer>;
  /** Total workgroups; folded into a 2-D grid when needed. Zero dispatches nothing. */
  workgroups: number;
}

/**
 * Dispatches several kernels in order in one compute pass and one
 * submission; each dispatch sees the storage writes of the ones before it.
 * Buffers in `clears` are set to zeros first, in the same submission (the
 * queue's own fill, far cheaper than a kernel). Resolves with the error the
 * device raised for this work, or null.
 *
 * @example
 * ```ts
 * out.watch(dispatchAll(device, shards.map((shard) => ({ kernel: gatherKernel, ...specFor(shard) }))));
 * dispatchAll(device, [{ kernel: scatterKernel, buffers: [ids, rows, dense], params, workgroups }], [dense]);
 * ```
 */
export function dispatchAll(device: GPUDevice, steps: readonly (DispatchSpec & { kernel: Kernel })[], clears: readonly GPUBuffer[] = []): Promise<Error | null> {
  const live = steps.filter((step) => step.workgroups > 0);
  if (!live.length && !clears.length) return Promise.resolve(null);
  const label = [...(clears.length ? ['clear'] : []), ...live.map((step) => step.kernel.name)].join('+');
  device.pushErrorScope('validation');
  const evicted: GPUBuffer[] = [];
  try {
    const encoder = device.createCommandEncoder({ label });
    for (const buffer of clears) encoder.clearBuffer(buffer);
    const pass = encoder.beginComputePass({ label });
    for (const { kernel, buffers, params, workgroups } of live) {
      const pipeline = pipelineFor(device, kernel);
      const bindGroup = bindGroupFor(device, pipeline, [...buffers, uniformFor(device, params, evicted)], kernel.name);
      const [x, y] = workgroupGrid(workgroups, device.limits.maxComputeWorkgroupsPerDimension);
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(x, y);
    }
    pass.end();
    device.queue.submit([encoder.finish()]);
  } catch (error) {
    // Nothing was submitted: close this work's error scope so that later scopes pair up.
    void device.popErrorScope();
    throw error;
  } finally {
    // Destroying after submit is safe: the implementation frees them once the dispatches are done.
    for (const uniform of evicted) uniform.destroy();
  }
  return popVerdict(device, label);
}
