/**
 * Packing float32 values into float16 halves on the GPU.
 */
import packF16Code from '../../shaders/pack-f16.wgsl?raw';
import { defineKernel } from '../gpu/pipelines.js';
import type { Tensor } from '../tensor/tensor.js';
import { runOp } from './run-op.js';

const WG = 256;
const kernel = defineKernel({ name: 'pack-f16', code: packF16Code, constants: { WG } });

/**
 * `values` as float16, two per word, in a new int32 tensor of
 * `ceil(values.size / 2)` elements labelled `label`: the layout
 * {@link gatherFloat16} reads.
 *
 * @example
 * ```ts
 * const packed = packFloat16(table, 'e/embeddings float16');
 * ```
 */
export function packFloat16(values: Tensor<'float32'>, label: string): Tensor<'int32'> {
  const words = Math.ceil(values.size / 2);
  return runOp(values.device, { op: 'packFloat16', inputs: [values] }, (make) => {
    const packed = make.output([words], 'int32', { label });
    const step = { kernel, buffers: [values.buffer, packed.buffer], params: new Uint32Array([words, values.size]), workgroups: Math.ceil(words / WG) };
    return { result: packed, steps: [step] };
  });
}
