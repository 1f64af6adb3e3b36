/**
 * Quantising a float32 table to int8 with one scale per row, on the GPU.
 */
import quantizeInt8Code from '../../shaders/quantize-int8.wgsl?raw';
import { dispatch } from '../gpu/dispatch.js';
import { defineKernel } from '../gpu/pipelines.js';
import type { Tensor } from '../tensor/tensor.js';

const WG = 64;
const kernel = defineKernel({ name: 'quantize-int8', code: quantizeInt8Code, constants: { WG } });

/**
 * Writes a `[rows, dim]` float32 table as int8 into `packed` (int32
 * `[rows, ceil(dim / 4)]`) and `scales` (float32 `[rows]`): scale = max|x| / 127,
 * value = round(x / scale). The layout {@link gatherInt8} reads.
 *
 * @example
 * ```ts
 * quantizeInt8(table, packed, scales);
 * ```
 */
export function quantizeInt8(values: Tensor<'float32'>, packed: Tensor<'int32'>, scales: Tensor<'float32'>): void {
  const [rows, dim] = values.shape;
  const failure = dispatch(values.device, kernel, {
    buffers: [values.buffer, packed.buffer, scales.buffer],
    params: new Uint32Array([rows, dim, Math.ceil(dim / 4)]),
    workgroups: Math.ceil(rows / WG),
  });
  packed.watch(failure);
  scales.watch(failure);
}
