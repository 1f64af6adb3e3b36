/**
 * oneHot: the notebook's one-hot encoding, `onehot[i] = 1`.
 */
import oneHotCode from '../../shaders/one-hot.wgsl?raw';
import { defaultDevice } from '../gpu/device.js';
import { defineKernel } from '../gpu/pipelines.js';
import { indexInput, upload } from '../tensor/inputs.js';
import type { PlusOne, RankOf } from '../tensor/rank.js';
import type { Tensor } from '../tensor/tensor.js';
import { outOfRangePolicy, type IndexData } from '../validate/indices.js';
import { formatValue } from '../validate/position.js';
import type { IndexOptions } from './gather.js';
import { runOp } from './run-op.js';

const WG = 256;
const kernel = defineKernel({ name: 'one-hot', code: oneHotCode, constants: { WG } });

/**
 * One-hot encodes `indices` (any shape) into float32 `[...indices.shape, depth]`.
 * Host indices must lie in `[0, depth)`; a GPU-resident index outside it
 * gives an all-zero row, reported by the result's first read unless
 * `outOfRange: 'zero'` (the same policy as {@link gather}).
 *
 * @example
 * ```ts
 * await oneHot([2, 0], 3).array(); // [[0, 0, 1], [1, 0, 0]]
 * ```
 */
export function oneHot<I extends Tensor | IndexData>(indices: I, depth: number, options: IndexOptions = {}): Tensor<'float32', PlusOne<RankOf<I>>> {
  return oneHotAs('oneHot', indices, depth, options) as Tensor<'float32', PlusOne<RankOf<I>>>;
}

/**
 * @internal `oneHot` whose errors and out-of-range reports name `op` (a layer).
 *
 * @example
 * ```ts
 * oneHotAs(this.describe(), flatIds, this.inputDim, { outOfRange: this.outOfRange });
 * ```
 */
export function oneHotAs(op: string, indices: Tensor | IndexData, depth: number, options: IndexOptions = {}): Tensor<'float32'> {
  if (!Number.isInteger(depth) || depth < 1) {
    throw new RangeError(`${op}: expected depth to be a positive integer, received ${formatValue(depth)}.`);
  }
  const device = defaultDevice();
  const policy = outOfRangePolicy(options?.outOfRange, op);
  const [indexGpu] = upload([indexInput(indices, depth, device, op, policy)] as const);
  return runOp(device, { op, inputs: [indexGpu], report: { indices: indexGpu, upper: depth, policy } }, (make) => {
    const out = make.output([...indexGpu.tensor.shape, depth], 'float32', { label: 'oneHot' });
    const total = indexGpu.tensor.size * depth;
    const step = { kernel, buffers: [indexGpu.tensor.buffer, out.buffer, make.status], params: new Uint32Array([total, depth]), workgroups: Math.ceil(total / WG) };
    return { result: out, steps: [step] };
  });
}
