/**
 * Packing float32 values into float16 halves on the GPU.
 */
import packF16Code from '../../shaders/pack-f16.wgsl?raw';
import { dispatch } from '../gpu/dispatch.js';
import { defineKernel } from '../gpu/pipelines.js';
import type { Tensor } from '../tensor/tensor.js';

const WG = 256;
const kernel = defineKernel({ name: 'pack-f16', code: packF16Code, constants: { WG } });

/**
 * Writes `values` as float16, two per word, into `packed` (int32, at least
 * `ceil(values.size / 2)` elements), the layout {@link gatherFloat16} reads.
 *
 * @example
 * ```ts
 * packFloat16(table, packed);
 * ```
 */
export function packFloat16(values: Tensor<'float32'>, packed: Tensor<'int32'>): void {
  const words = Math.ceil(values.size / 2);
  packed.watch(dispatch(values.device, kernel, {
    buffers: [values.buffer, packed.buffer],
    params: new Uint32Array([words, values.size]),
    workgroups: Math.ceil(words / WG),
  }));
}
