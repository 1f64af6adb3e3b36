/**
 * What every implementation of a case provides: set up once on a workload,
 * then called many times by the timer.
 */
import type { Tensor } from '../../src/index.js';
import type { Impl, Op, Shape } from './results.js';

/** The data of one case, shared by every implementation (peers wrap the same GPU buffers). */
export interface Workload {
  shape: Shape;
  hostTable: Float32Array;
  hostIndices: Int32Array;
  /** Our table `[V, D]` and indices `[N]` on the GPU. */
  table: Tensor<'float32'>;
  indices: Tensor<'int32'>;
}

/** One implementation, set up on a workload and ready to time. */
export interface Runner {
  /**
   * 'gpu': batches of calls are timed on the GPU's timeline (throughput);
   * 'host': each awaited call is timed on the host clock (latency, CPU work).
   */
  clock: 'gpu' | 'host';
  /** One call; for 'gpu' runners it only enqueues work. */
  run(): void | Promise<void>;
  /** Submits work the implementation left encoded but unsubmitted. */
  flush?(): void;
  dispose(): void | Promise<void>;
}

/** Which groups of cases an entry takes part in. */
export type Group = 'standard' | 'sweep' | 'crossover' | 'training' | 'latency';

/** An implementation of an op, as the suite lists it. */
export interface Entry {
  op: Op;
  impl: Impl;
  groups: readonly Group[];
  setup(workload: Workload, device: GPUDevice): Runner | Promise<Runner>;
}

/** Encodes `encode` into a compute pass of a fresh command buffer and submits it. */
export function submitPass(device: GPUDevice, label: string, encode: (pass: GPUComputePassEncoder) => void): void {
  const encoder = device.createCommandEncoder({ label });
  const pass = encoder.beginComputePass({ label });
  encode(pass);
  pass.end();
  device.queue.submit([encoder.finish()]);
}
