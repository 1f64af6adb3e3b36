/**
 * The engine's two backends: GPU tensors through the layers' `trace` and the
 * ops, and host arrays through the layers' `traceCpu` and the CPU reference
 * (which keeps its own copy of the weights).
 */
import * as cpu from '../cpu/index.js';
import type { AnyHostTensor, HostTensor } from '../cpu/host-tensor.js';
import { concatRows } from '../layers/copy.js';
import type { Layer } from '../layers/layer.js';
import type { Weight } from '../layers/weight.js';
import { add } from '../ops/add.js';
import { scatterRows } from '../ops/scatter-rows.js';
import { segmentSumRows } from '../ops/segment-sum-rows.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Backend } from './engine.js';

/**
 * @internal The GPU backend: layers' `trace` and `call`, and the ops.
 *
 * @example
 * ```ts
 * const tape = record(gpuBackend, graph, batch, trained, options);
 * ```
 */
export const gpuBackend: Backend<Tensor> = {
  trace: (layer, inputs, options) => layer.trace(inputs, options),
  call: (layer, inputs) => layer.call(inputs, { training: false }),
  add: (a, b) => add(a, b),
  concat: (parts) => concatRows(parts, 'gradient rows'),
  segmentSumRows: (indices, rows, numRows) => {
    const summed = segmentSumRows(indices, rows, numRows);
    return { indices: summed.indices, rows: summed.rows };
  },
  scatterRows: (rows, shape) => scatterRows(rows, shape),
  dispose: (t) => t.dispose(),
};

function concatHost(parts: readonly AnyHostTensor[]): AnyHostTensor {
  const length = parts.reduce((n, p) => n + p.data.length, 0);
  const data = parts[0].data instanceof Int32Array ? new Int32Array(length) : new Float32Array(length);
  let offset = 0;
  for (const part of parts) {
    data.set(part.data, offset);
    offset += part.data.length;
  }
  return { data, shape: [parts.reduce((n, p) => n + p.shape[0], 0), ...parts[0].shape.slice(1)] };
}

/**
 * @internal The CPU backend over host copies of the weights (`weights`,
 * which the CPU fit's optimizer updates in place).
 *
 * @example
 * ```ts
 * const backend = cpuBackend(new Map(model.weights.map((w, i) => [w, { data: values[i], shape: [...w.shape] }])));
 * ```
 */
export function cpuBackend(weights: ReadonlyMap<Weight, HostTensor>): Backend<AnyHostTensor> {
  const of = (layer: Layer) => layer.weights.map((w) => weights.get(w)!);
  return {
    trace: (layer, inputs, options) => layer.traceCpu(inputs, of(layer), options),
    call: (layer, inputs) => {
      const traced = layer.traceCpu(inputs, of(layer), { training: false, seed: 0, step: 0 });
      traced.dispose();
      return traced.output;
    },
    add: (a, b) => cpu.add(a as HostTensor, b as HostTensor),
    concat: concatHost,
    segmentSumRows: (indices, rows, numRows) => {
      const summed = cpu.segmentSumRows(indices as HostTensor<Int32Array>, rows as HostTensor, numRows);
      return { indices: summed.indices, rows: summed.rows };
    },
    scatterRows: (rows, shape) => cpu.scatterRows(rows as { indices: HostTensor<Int32Array>; rows: HostTensor }, shape),
    dispose: () => undefined,
  };
}
