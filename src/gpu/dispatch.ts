/**
 * Encoding and submitting one compute dispatch. Every kernel uses the same
 * binding convention (storage buffers first, then one uniform block of
 * shape parameters) and the same linear workgroup index, so that work larger
 * than one dimension's limit folds into a 2-D grid.
 */
import { pipelineFor, type Kernel } from './pipelines.js';

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
  /** Shape parameters, bound as a uniform after the buffers (padded to 16 bytes). */
  params: Uint32Array<ArrayBuffer>;
  /** Total workgroups; folded into a 2-D grid when needed. Zero dispatches nothing. */
  workgroups: number;
}

/**
 * Binds and dispatches `kernel` once, then submits.
 *
 * @example
 * ```ts
 * dispatch(device, gatherKernel, { buffers: [table, idx, out], params: new Uint32Array([n, d]), workgroups: 8 });
 * ```
 */
export function dispatch(device: GPUDevice, kernel: Kernel, spec: DispatchSpec): void {
  if (spec.workgroups === 0) return;
  const pipeline = pipelineFor(device, kernel);
  const uniform = device.createBuffer({
    label: `${kernel.name}.params`,
    size: Math.max(16, Math.ceil(spec.params.byteLength / 16) * 16),
    usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
  });
  device.queue.writeBuffer(uniform, 0, spec.params);
  const entries: GPUBindGroupEntry[] = spec.buffers.map((buffer, binding) => ({ binding, resource: { buffer } }));
  entries.push({ binding: spec.buffers.length, resource: { buffer: uniform } });
  const bindGroup = device.createBindGroup({ label: kernel.name, layout: pipeline.getBindGroupLayout(0), entries });
  const [x, y] = workgroupGrid(spec.workgroups, device.limits.maxComputeWorkgroupsPerDimension);
  const encoder = device.createCommandEncoder({ label: kernel.name });
  const pass = encoder.beginComputePass({ label: kernel.name });
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bindGroup);
  pass.dispatchWorkgroups(x, y);
  pass.end();
  device.queue.submit([encoder.finish()]);
  // Destroying after submit is safe: the implementation frees it once the dispatch is done.
  uniform.destroy();
}
