/**
 * oneHot: the notebook's one-hot encoding, `onehot[i] = 1`.
 */
import oneHotCode from '../../shaders/one-hot.wgsl?raw';
import { defaultDevice } from '../gpu/device.js';
import { dispatch } from '../gpu/dispatch.js';
import { defineKernel } from '../gpu/pipelines.js';
import { outputTensor } from '../tensor/create.js';
import { indexInput, release } from '../tensor/inputs.js';
import type { Tensor } from '../tensor/tensor.js';
import type { IndexData } from '../validate/indices.js';
import { formatValue } from '../validate/position.js';

const WG = 256;
const kernel = defineKernel({ name: 'one-hot', code: oneHotCode, constants: { WG } });

/**
 * One-hot encodes `indices` (any shape) into float32 `[...indices.shape, depth]`.
 * Host indices must lie in `[0, depth)`; a GPU-resident index outside it
 * gives an all-zero row.
 *
 * @example
 * ```ts
 * await oneHot([2, 0], 3).array(); // [[0, 0, 1], [1, 0, 0]]
 * ```
 */
export function oneHot(indices: Tensor | IndexData, depth: number): Tensor<'float32'> {
  if (!Number.isInteger(depth) || depth < 1) {
    throw new RangeError(`oneHot: expected depth to be a positive integer, received ${formatValue(depth)}.`);
  }
  const device = defaultDevice();
  const indexIn = indexInput(indices, depth, 'oneHot');
  const out = outputTensor(device, 'oneHot', [...indexIn.tensor.shape, depth], 'float32');
  const total = indexIn.tensor.size * depth;
  dispatch(device, kernel, {
    buffers: [indexIn.tensor.buffer, out.buffer],
    params: new Uint32Array([total, depth]),
    workgroups: Math.ceil(total / WG),
  });
  release(indexIn);
  return out;
}
