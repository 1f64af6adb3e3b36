/**
 * ONNX Runtime Web's WebGPU execution provider running the one-node Gather
 * model on our device. Table, indices and output are GPU-buffer tensors
 * over our own buffers (IO binding), so nothing crosses to the host between
 * runs, as with ours.
 */
import * as ort from 'onnxruntime-web/webgpu';
import { outputTensor } from '../../src/tensor/create.js';
import { gatherModel } from './onnx.js';
import type { Entry } from './runner.js';

let session: Promise<ort.InferenceSession> | null = null;

function sessionOn(device: GPUDevice): Promise<ort.InferenceSession> {
  // Cross-origin isolation (needed for wasm threads) is not assumed; the GPU does the work anyway.
  ort.env.wasm.numThreads = 1;
  ort.env.logLevel = 'error';
  session ??= ort.InferenceSession.create(gatherModel(), {
    executionProviders: [{ name: 'webgpu', device } as ort.InferenceSession.WebGpuExecutionProviderOption],
  });
  return session;
}

const gatherEntry: Entry = {
  op: 'gather',
  impl: 'ort-webgpu',
  groups: ['standard', 'sweep'],
  async setup(w, device) {
    const s = await sessionOn(device);
    const { V, D, N } = w.shape;
    const out = outputTensor(device, 'bench.ort.out', [N, D], 'float32');
    const feeds = {
      table: ort.Tensor.fromGpuBuffer(w.table.buffer, { dataType: 'float32', dims: [V, D] }),
      indices: ort.Tensor.fromGpuBuffer(w.indices.buffer, { dataType: 'int32', dims: [N] }),
    };
    const fetches = { out: ort.Tensor.fromGpuBuffer(out.buffer, { dataType: 'float32', dims: [N, D] }) };
    return {
      clock: 'gpu',
      run: async () => void (await s.run(feeds, fetches)),
      dispose: () => out.dispose(),
    };
  },
};

/** ONNX Runtime Web's entries. */
export const ortEntries: Entry[] = [gatherEntry];
