/**
 * Quantising a float32 table to int8 with one scale per row, on the GPU.
 */
import quantizeInt8Code from '../../shaders/quantize-int8.wgsl?raw';
import { defineKernel } from '../gpu/pipelines.js';
import type { Tensor } from '../tensor/tensor.js';
import { runOp } from './run-op.js';

const WG = 64;
const kernel = defineKernel({ name: 'quantize-int8', code: quantizeInt8Code, constants: { WG } });

/**
 * A `[rows, dim]` float32 table as int8 in new tensors labelled after
 * `label`: `packed` (int32 `[rows, ceil(dim / 4)]`) and `scales` (float32
 * `[rows]`), scale = max|x| / 127, value = round(x / scale). The layout
 * {@link gatherInt8} reads.
 *
 * @example
 * ```ts
 * const { packed, scales } = quantizeInt8(table, 'e/embeddings');
 * ```
 */
export function quantizeInt8(values: Tensor<'float32'>, label: string): { packed: Tensor<'int32'>; scales: Tensor<'float32'> } {
  const [rows, dim] = values.shape;
  const words = Math.ceil(dim / 4);
  return runOp(values.device, { op: 'quantizeInt8', inputs: [values] }, (make) => {
    const packed = make.output([rows, words], 'int32', { label: `${label} int8` });
    const scales = make.output([rows], 'float32', { label: `${label} scales` });
    const step = { kernel, buffers: [values.buffer, packed.buffer, scales.buffer], params: new Uint32Array([rows, dim, words]), workgroups: Math.ceil(rows / WG) };
    return { result: { packed, scales }, steps: [step] };
  });
}
