/**
 * oneHot: the notebook's one-hot encoding, `onehot[i] = 1`.
 */
import oneHotCode from '../../shaders/one-hot.wgsl?raw';
import { defaultDevice } from '../gpu/device.js';
import { dispatchAll } from '../gpu/dispatch.js';
import { defineKernel } from '../gpu/pipelines.js';
import { outputTensor } from '../tensor/create.js';
import { indexInput, release, upload } from '../tensor/inputs.js';
import type { PlusOne, RankOf } from '../tensor/rank.js';
import type { Tensor } from '../tensor/tensor.js';
import { outOfRangePolicy, type IndexData } from '../validate/indices.js';
import { formatValue } from '../validate/position.js';
import type { IndexOptions } from './gather.js';
import { indexReport } from './index-report.js';

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
  const report = indexReport(device, op, indexGpu, depth, policy);
  let out: Tensor<'float32'>;
  try {
    out = outputTensor(device, 'oneHot', [...indexGpu.tensor.shape, depth], 'float32', { inputs: [indexGpu.tensor], status: report.status });
  } catch (error) {
    report.status?.discard();
    release(indexGpu);
    throw error;
  }
  const total = indexGpu.tensor.size * depth;
  out.watch(dispatchAll(device, [
    { kernel, buffers: [indexGpu.tensor.buffer, out.buffer, report.buffer], params: new Uint32Array([total, depth]), workgroups: Math.ceil(total / WG) },
    ...report.complete,
  ]));
  release(indexGpu);
  return out;
}
