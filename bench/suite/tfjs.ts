/**
 * TensorFlow.js with @tensorflow/tfjs-backend-webgpu on our device. Its
 * tensors wrap our GPU buffers (zero-copy), so table and indices stay on the
 * GPU between runs, as with ours. tfjs defers submits; `flush` submits them.
 */
import * as tf from '@tensorflow/tfjs-core';
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { smallBatch } from './results.js';
import type { Entry, Runner, Workload } from './runner.js';

let backendDevice: GPUDevice | null = null;

/** Makes tfjs's 'webgpu' backend run on `device` (the suite's one device). */
export async function useDevice(device: GPUDevice): Promise<WebGPUBackend> {
  if (backendDevice !== device) {
    // The package registers its own 'webgpu' backend (its own device) when navigator.gpu exists at import.
    if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
    tf.registerBackend('webgpu', () => new WebGPUBackend(device));
    backendDevice = device;
  }
  await tf.setBackend('webgpu');
  await tf.ready();
  return tf.backend() as WebGPUBackend;
}

export interface Inputs {
  backend: WebGPUBackend;
  table: tf.Tensor2D;
  indices: tf.Tensor1D;
}

/** tfjs tensors over the workload's own GPU buffers (zero-copy), on the suite's device. */
export async function tfjsInputs(w: Workload, device: GPUDevice): Promise<Inputs> {
  const backend = await useDevice(device);
  const { V, D, N } = w.shape;
  return {
    backend,
    table: tf.tensor({ buffer: w.table.buffer, zeroCopy: true }, [V, D], 'float32') as tf.Tensor2D,
    indices: tf.tensor({ buffer: w.indices.buffer, zeroCopy: true }, [N], 'int32') as tf.Tensor1D,
  };
}

/** Ends tfjs's open compute pass and submits its command encoder, as tfjs does after each batch of dispatches. */
function flush(backend: WebGPUBackend): void {
  if (!(backend as unknown as { commandEncoder: GPUCommandEncoder | null }).commandEncoder) return;
  backend.endComputePassEncoder();
  backend.submitQueue();
}

/** A runner timing `run` (inside tf.tidy) on the GPU clock; `extra` tensors are freed with the inputs. */
export function gpuRunner({ backend, table, indices }: Inputs, run: () => void, extra: tf.Tensor[] = []): Runner {
  return {
    clock: 'gpu',
    run: () => tf.tidy(run),
    flush: () => flush(backend),
    dispose: () => tf.dispose([table, indices, ...extra]),
  };
}

const gatherEntry: Entry = {
  op: 'gather',
  impl: 'tfjs-webgpu',
  groups: ['standard', 'sweep', 'crossover'],
  async setup(w, device) {
    const t = await tfjsInputs(w, device);
    return gpuRunner(t, () => void tf.gather(t.table, t.indices));
  },
};

const oneHotLookup: Entry = {
  op: 'onehot-lookup',
  impl: 'tfjs-webgpu',
  groups: ['standard', 'crossover'],
  async setup(w, device) {
    const t = await tfjsInputs(w, device);
    return gpuRunner(t, () => void tf.matMul(tf.oneHot(t.indices, w.shape.V, 1, 0, 'float32'), t.table));
  },
};

const matMulEntry: Entry = {
  op: 'matmul',
  impl: 'tfjs-webgpu',
  groups: ['standard'],
  async setup(w, device) {
    const t = await tfjsInputs(w, device);
    const hot = tf.oneHot(t.indices, w.shape.V, 1, 0, 'float32');
    return gpuRunner(t, () => void tf.matMul(hot, t.table), [hot]);
  },
};

/** A TF.js model on the suite's device, as a user would call it. */
export interface TfjsPredictModel {
  /** `model.predict` on host indices (one sample each), then `data()`. */
  predict(ids: Int32Array): Promise<void>;
  dispose(): void;
}

/**
 * A Keras-style TF.js model on `device`: Input [1] int32 -> Embedding(V, D)
 * holding `table` (host values, as a user loads them).
 *
 * @example
 * ```ts
 * const model = await tfjsPredictModel(device, hostTable, 10_000, 256);
 * await model.predict(new Int32Array([3, 7]));
 * ```
 */
export async function tfjsPredictModel(device: GPUDevice, table: Float32Array, V: number, D: number): Promise<TfjsPredictModel> {
  await useDevice(device);
  const input = tfl.input({ shape: [1], dtype: 'int32' });
  const layer = tfl.layers.embedding({ inputDim: V, outputDim: D, inputLength: 1 });
  const model = tfl.model({ inputs: input, outputs: layer.apply(input) as tfl.SymbolicTensor });
  const weights = tf.tensor2d(table, [V, D]);
  layer.setWeights([weights]);
  weights.dispose();
  return {
    async predict(ids) {
      const x = tf.tensor2d(ids, [ids.length, 1], 'int32');
      const y = model.predict(x) as tf.Tensor;
      await y.data();
      tf.dispose([x, y]);
    },
    dispose: () => void model.dispose(),
  };
}

function predictEntry(op: 'predict-small' | 'predict-large' | 'predict-latency', count: (w: Workload) => number): Entry {
  return {
    op,
    impl: 'tfjs-webgpu',
    groups: [op === 'predict-latency' ? 'latency' : 'standard'],
    async setup(w, device) {
      const model = await tfjsPredictModel(device, w.hostTable, w.shape.V, w.shape.D);
      const ids = w.hostIndices.subarray(0, count(w));
      return { clock: 'host', run: () => model.predict(ids), dispose: () => model.dispose() };
    },
  };
}

/** TensorFlow.js's entries. */
export const tfjsEntries: Entry[] = [
  gatherEntry,
  oneHotLookup,
  matMulEntry,
  predictEntry('predict-small', () => smallBatch),
  predictEntry('predict-large', (w) => w.shape.N),
  predictEntry('predict-latency', (w) => w.shape.N),
];
