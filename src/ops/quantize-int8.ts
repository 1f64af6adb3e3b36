/**
 * Quantising a float32 table to int8 with one scale per row, on the GPU.
 */
import quantizeInt8Code from '../../shaders/quantize-int8.wgsl?raw';
import { dispatch } from '../gpu/dispatch.js';
import { defineKernel } from '../gpu/pipelines.js';
import { outputTensor } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';

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
  const packed = outputTensor(values.device, `${label} int8`, [rows, Math.ceil(dim / 4)], 'int32', { inputs: [values] });
  let scales: Tensor<'float32'>;
  try {
    scales = outputTensor(values.device, `${label} scales`, [rows], 'float32', { inputs: [values] });
  } catch (error) {
    packed.dispose();
    throw error;
  }
  const failure = dispatch(values.device, kernel, {
    buffers: [values.buffer, packed.buffer, scales.buffer],
    params: new Uint32Array([rows, dim, Math.ceil(dim / 4)]),
    workgroups: Math.ceil(rows / WG),
  });
  packed.watch(failure);
  scales.watch(failure);
  return { packed, scales };
}
