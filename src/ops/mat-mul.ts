/**
 * matMul: the notebook's `np.dot(onehot, embedding)`.
 */
import matMulCode from '../../shaders/mat-mul.wgsl?raw';
import { defaultDevice } from '../gpu/device.js';
import { dispatch } from '../gpu/dispatch.js';
import { defineKernel } from '../gpu/pipelines.js';
import { outputTensor, type TensorLike } from '../tensor/create.js';
import { floatInput, release } from '../tensor/inputs.js';
import type { Tensor } from '../tensor/tensor.js';
import { formatShape } from '../validate/position.js';

/** Side of the square block each workgroup computes; must match TILE in mat-mul.wgsl. */
const TILE = 16;
const kernel = defineKernel({ name: 'mat-mul', code: matMulCode });

/**
 * Multiplies float32 matrices `a` `[M, K]` and `b` `[K, N]` into `[M, N]`.
 *
 * @example
 * ```ts
 * const table = tensor([[0, 1], [2, 3], [4, 5]]);
 * await matMul(oneHot([2], 3), table).array(); // [[4, 5]]
 * ```
 */
export function matMul(a: Tensor | TensorLike, b: Tensor | TensorLike): Tensor<'float32'> {
  const device = defaultDevice();
  const aIn = floatInput(a, 'matMul', 'a');
  let bIn;
  try {
    bIn = floatInput(b, 'matMul', 'b');
  } catch (error) {
    release(aIn);
    throw error;
  }
  const [m, k] = aIn.tensor.shape;
  const [k2, n] = bIn.tensor.shape;
  if (aIn.tensor.rank !== 2 || bIn.tensor.rank !== 2 || k !== k2) {
    const message = `matMul: expected a [M, K] and b [K, N], received ${formatShape(aIn.tensor.shape)} and ${formatShape(bIn.tensor.shape)}.`;
    release(aIn, bIn);
    throw new RangeError(message);
  }
  const out = outputTensor(device, 'matMul', [m, n], 'float32');
  const tilesN = Math.ceil(n / TILE);
  const tiles = Math.ceil(m / TILE) * tilesN;
  dispatch(device, kernel, {
    buffers: [aIn.tensor.buffer, bIn.tensor.buffer, out.buffer],
    params: new Uint32Array([m, k, n, tilesN, tiles]),
    workgroups: tiles,
  });
  release(aIn, bIn);
  return out;
}
