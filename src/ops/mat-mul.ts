/**
 * matMul: the notebook's `np.dot(onehot, embedding)`.
 */
import matMulCode from '../../shaders/mat-mul.wgsl?raw';
import { defaultDevice } from '../gpu/device.js';
import { dispatch } from '../gpu/dispatch.js';
import { defineKernel } from '../gpu/pipelines.js';
import { outputTensor, type TensorLike } from '../tensor/create.js';
import { floatInput, release, upload } from '../tensor/inputs.js';
import type { Tensor } from '../tensor/tensor.js';
import { formatShape } from '../validate/position.js';

/** Side of the square block of c each workgroup computes; must match TILE in mat-mul.wgsl. */
const TILE = 32;
const kernel = defineKernel({ name: 'mat-mul', code: matMulCode });

/**
 * Multiplies float32 matrices `a` `[M, K]` and `b` `[K, N]` into `[M, N]`.
 * Both are checked before any GPU work.
 *
 * @example
 * ```ts
 * const table = tensor([[0, 1], [2, 3], [4, 5]]);
 * await matMul(oneHot([2], 3), table).array(); // [[4, 5]]
 * ```
 */
export function matMul(a: Tensor | TensorLike, b: Tensor | TensorLike): Tensor<'float32', 2> {
  const device = defaultDevice();
  const aIn = floatInput(a, device, 'matMul', 'a');
  const bIn = floatInput(b, device, 'matMul', 'b');
  const [m, k] = aIn.shape;
  const [k2, n] = bIn.shape;
  if (aIn.shape.length !== 2 || bIn.shape.length !== 2 || k !== k2) {
    throw new RangeError(`matMul: expected a [M, K] and b [K, N], received ${formatShape(aIn.shape)} and ${formatShape(bIn.shape)}.`);
  }
  const [aGpu, bGpu] = upload([aIn, bIn] as const);
  let out: Tensor<'float32'>;
  try {
    out = outputTensor(device, 'matMul', [m, n], 'float32', { inputs: [aGpu.tensor, bGpu.tensor] });
  } catch (error) {
    release(aGpu, bGpu);
    throw error;
  }
  const tilesN = Math.ceil(n / TILE);
  const tiles = Math.ceil(m / TILE) * tilesN;
  out.watch(dispatch(device, kernel, {
    buffers: [aGpu.tensor.buffer, bGpu.tensor.buffer, out.buffer],
    params: new Uint32Array([m, k, n, tilesN, tiles]),
    workgroups: tiles,
  }));
  release(aGpu, bGpu);
  return out as Tensor<'float32', 2>;
}
