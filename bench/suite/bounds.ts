/**
 * The adapter's bounds for moving a gather's bytes: `copyBufferToBuffer`
 * (the memory system: the bound on a real GPU) and a trivial vec4 copy
 * compute kernel (the bound for any compute kernel; on SwiftShader far
 * below copyBufferToBuffer). Both copy the N·D floats a gather writes.
 */
import copyCode from './copy-vec4.wgsl?raw';
import { workgroupGrid } from '../../src/gpu/dispatch.js';
import { submitPass, type Entry, type Workload } from './runner.js';

function buffers(device: GPUDevice, w: Workload): [GPUBuffer, GPUBuffer, number] {
  const size = Math.max(16, w.shape.N * w.shape.D * 4);
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const src = device.createBuffer({ label: 'bench.bound.src', size, usage });
  const dst = device.createBuffer({ label: 'bench.bound.dst', size, usage });
  return [src, dst, size];
}

const copyBuffer: Entry = {
  op: 'copy-buffer',
  impl: 'bound',
  groups: ['standard', 'sweep'],
  setup(w, device) {
    const [src, dst, size] = buffers(device, w);
    return {
      clock: 'gpu',
      run() {
        const encoder = device.createCommandEncoder({ label: 'bench.copy-buffer' });
        encoder.copyBufferToBuffer(src, 0, dst, 0, size);
        device.queue.submit([encoder.finish()]);
      },
      dispose() {
        src.destroy();
        dst.destroy();
      },
    };
  },
};

const copyKernel: Entry = {
  op: 'copy-kernel',
  impl: 'bound',
  groups: ['standard', 'sweep'],
  setup(w, device) {
    const [src, dst, size] = buffers(device, w);
    const pipeline = device.createComputePipeline({
      label: 'bench.copy-kernel',
      layout: 'auto',
      compute: { module: device.createShaderModule({ label: 'bench.copy-kernel', code: copyCode }), entryPoint: 'main' },
    });
    const total = size / 16;
    const params = device.createBuffer({ label: 'bench.copy-kernel.params', size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(params, 0, new Uint32Array([total, 0, 0, 0]));
    const bindGroup = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: [src, dst, params].map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    const [x, y] = workgroupGrid(Math.ceil(total / 256), device.limits.maxComputeWorkgroupsPerDimension);
    return {
      clock: 'gpu',
      run: () =>
        submitPass(device, 'bench.copy-kernel', (pass) => {
          pass.setPipeline(pipeline);
          pass.setBindGroup(0, bindGroup);
          pass.dispatchWorkgroups(x, y);
        }),
      dispose() {
        src.destroy();
        dst.destroy();
        params.destroy();
      },
    };
  },
};

/** The two bounds. */
export const boundEntries: Entry[] = [copyBuffer, copyKernel];
