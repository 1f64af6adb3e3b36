/**
 * matMul: the notebook's `np.dot(onehot, embedding)`, and the product step
 * Dense and its backward run (bias, activation, transposed operands).
 */
import matMulCode from '../../shaders/mat-mul.wgsl?raw';
import { defaultDevice } from '../gpu/device.js';
import { dispatchAll, type DispatchSpec } from '../gpu/dispatch.js';
import { defineKernel, type Kernel } from '../gpu/pipelines.js';
import { placeholderBuffer } from '../gpu/placeholder.js';
import { outputTensor, type TensorLike } from '../tensor/create.js';
import { floatInput, release, upload } from '../tensor/inputs.js';
import type { Tensor } from '../tensor/tensor.js';
import { formatShape } from '../validate/position.js';

/** Side of the square block of c each workgroup computes; must match TILE in mat-mul.wgsl. */
const TILE = 32;
const kernel = defineKernel({ name: 'mat-mul', code: matMulCode });
const DIRECT_WG = 256;
const directKernel = defineKernel({ name: 'mat-mul-direct', code: matMulCode, entryPoint: 'direct', constants: { WG: DIRECT_WG } });

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
export function matMul(a: Tensor | TensorLike, b: Tensor | TensorLike): Tensor<'float32'> {
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
  out.watch(dispatchAll(device, [matMulStep(aGpu.tensor, bGpu.tensor, out, [m, k, n])]));
  release(aGpu, bGpu);
  return out;
}

/** The epilogue of a product: `act(c + bias)`; Dense's activations that act element by element. */
export type Epilogue = { bias?: Tensor; activation?: 'linear' | 'relu' | 'sigmoid' | 'tanh' };

const activationCodes = { linear: 0, relu: 1, sigmoid: 2, tanh: 3 } as const;

/**
 * @internal The dispatch of `out [m, n] = act(op(a) . op(b) + bias)` for
 * checked, GPU-resident operands: `transA` reads `a` stored `[k, m]`,
 * `transB` reads `b` stored `[n, k]`.
 *
 * @example
 * ```ts
 * dispatchAll(device, [matMulStep(x, kernel, y, [batch, inputs, units], { bias, activation: 'relu' })]);
 * dispatchAll(device, [matMulStep(x, dz, dKernel, [inputs, batch, units], {}, { transA: true })]);
 * ```
 */
export function matMulStep(
  a: Tensor,
  b: Tensor,
  out: Tensor,
  [m, k, n]: readonly [number, number, number],
  epilogue: Epilogue = {},
  { transA = false, transB = false } = {},
): DispatchSpec & { kernel: Kernel } {
  const tilesN = Math.ceil(n / TILE);
  const tiles = Math.ceil(m / TILE) * tilesN;
  // Tiles pay off only when every side fills one; thinner products take one invocation per output.
  const tiled = m >= TILE && n >= TILE && k >= TILE;
  return {
    kernel: tiled ? kernel : directKernel,
    buffers: [a.buffer, b.buffer, epilogue.bias?.buffer ?? placeholderBuffer(out.device), out.buffer],
    params: new Uint32Array([m, k, n, tilesN, tiles, transA ? 1 : 0, transB ? 1 : 0, epilogue.bias ? 1 : 0, activationCodes[epilogue.activation ?? 'linear']]),
    workgroups: tiled ? tiles : Math.ceil((m * n) / DIRECT_WG),
  };
}
