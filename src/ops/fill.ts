/**
 * fill: a new tensor with every element set to one value, written on the GPU
 * (no host array of its size), split across buffers like a weight of its
 * shape when it is larger than one buffer may be.
 */
import fillCode from '../../shaders/fill.wgsl?raw';
import { defaultDevice } from '../gpu/device.js';
import { defineKernel } from '../gpu/pipelines.js';
import type { DType, Tensor } from '../tensor/tensor.js';
import { formatValue } from '../validate/position.js';
import { runOp } from './run-op.js';

const WG = 256;
const kernel = defineKernel({ name: 'fill', code: fillCode, constants: { WG } });

/**
 * @internal A tensor of `shape` and `dtype` holding `value` everywhere, split
 * by rows across buffers as `tensor()` would split one of that shape, or
 * into buffers of `shardBytes` (e.g. laid out like a weight).
 *
 * @example
 * ```ts
 * const accumulator = fill([10000, 64], 0.1); // float32, filled on the GPU
 * const slot = fill(weight.shape, 0, 'float32', weight.shards.map((s) => s.byteLength));
 * ```
 */
export function fill<D extends DType = 'float32'>(shape: readonly number[], value: number, dtype: D = 'float32' as D, shardBytes?: readonly number[]): Tensor<D> {
  if (typeof value !== 'number' || (dtype === 'int32' && !Number.isInteger(value))) {
    throw new TypeError(`fill: expected a ${dtype} value, received ${formatValue(value)}.`);
  }
  const word = new Uint32Array(1);
  if (dtype === 'int32') new Int32Array(word.buffer)[0] = value;
  else new Float32Array(word.buffer)[0] = value;
  return runOp(defaultDevice(), { op: 'fill', inputs: [] }, (make) => {
    const out = make.output(shape, dtype, shardBytes ? { shardBytes } : { split: true });
    const steps = out.shards.map((shard) => ({ kernel, buffers: [shard.buffer], params: new Uint32Array([shard.byteLength / 4, word[0]]), workgroups: Math.ceil(shard.byteLength / 4 / WG) }));
    return { result: out, steps };
  });
}
