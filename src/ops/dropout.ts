/**
 * Dropout's mask applied on the GPU: forward to the input, backward to the
 * output gradient (the same mask, recomputed from its key).
 */
import dropoutCode from '../../shaders/dropout.wgsl?raw';
import { dropoutScale, dropoutThreshold, type DropoutKey } from '../cpu/dropout.js';
import { dispatchAll } from '../gpu/dispatch.js';
import { defineKernel } from '../gpu/pipelines.js';
import { outputTensor } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';

const WG = 256;
const kernel = defineKernel({ name: 'dropout', code: dropoutCode, constants: { WG } });

/**
 * @internal `x` with the elements the key drops zeroed and the others
 * scaled by 1 / (1 - rate), in a new tensor.
 *
 * @example
 * ```ts
 * const y = applyDropout(x, 0.5, { seed, layer: layerKey('dropout'), step }, "Dropout 'dropout'");
 * ```
 */
export function applyDropout(x: Tensor, rate: number, key: DropoutKey, op: string): Tensor<'float32'> {
  const out = outputTensor(x.device, op, x.shape, 'float32', { inputs: [x] });
  const params = new Uint32Array(6);
  params.set([out.size, key.seed >>> 0, key.layer >>> 0, key.step >>> 0, dropoutThreshold(rate)]);
  new Float32Array(params.buffer, 20, 1)[0] = dropoutScale(rate);
  out.watch(dispatchAll(x.device, [{ kernel, buffers: [x.buffer, out.buffer], params, workgroups: Math.ceil(out.size / WG) }]));
  return out;
}
