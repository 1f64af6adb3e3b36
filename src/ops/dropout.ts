/**
 * Dropout's mask applied on the GPU: forward to the input, backward to the
 * output gradient (the same mask, recomputed from its key).
 */
import dropoutCode from '../../shaders/dropout.wgsl?raw';
import { dropoutScale, dropoutThreshold, type DropoutKey } from '../cpu/dropout.js';
import { defineKernel } from '../gpu/pipelines.js';
import type { Tensor } from '../tensor/tensor.js';
import { runOp } from './run-op.js';

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
  const params = new Uint32Array(3);
  params.set([x.size, dropoutThreshold(rate)]);
  new Float32Array(params.buffer, 8, 1)[0] = dropoutScale(rate);
  return runOp(x.device, { op, inputs: [x] }, (make) => {
    const out = make.output(x.shape, 'float32');
    // The step changes every call: a per-call value, so that the parameters stay the same (cached) batch after batch.
    const keyBuffer = make.callValues(new Uint32Array([key.seed >>> 0, key.layer >>> 0, key.step >>> 0, 0]));
    return { result: out, steps: [{ kernel, buffers: [x.buffer, keyBuffer, out.buffer], params, workgroups: Math.ceil(out.size / WG) }] };
  });
}
