/**
 * matMul: the notebook's `np.dot(onehot, embedding)`.
 */
import matMulCode from '../../shaders/mat-mul.wgsl?raw';
import { defaultDevice } from '../gpu/device.js';
import { defineKernel } from '../gpu/pipelines.js';
import type { TensorLike } from '../tensor/create.js';
import { floatInput, upload } from '../tensor/inputs.js';
import { rowShards } from '../tensor/shards.js';
import type { Tensor } from '../tensor/tensor.js';
import { formatShape } from '../validate/position.js';
import { runOp } from './run-op.js';

/** Side of the square block of c each workgroup computes (the kernel's TILE). */
const TILE = 32;
const kernel = defineKernel({ name: 'mat-mul', code: matMulCode, constants: { TILE } });

/**
 * Multiplies float32 matrices `a` `[M, K]` and `b` `[K, N]` into `[M, N]`.
 * Both are checked before any GPU work; either may be split by rows across
 * several buffers (a table larger than one buffer may be).
 *
 * @example
 * ```ts
 * const table = tensor([[0, 1], [2, 3], [4, 5]]);
 * await matMul(oneHot([2], 3), table).array(); // [[4, 5]]
 * ```
 */
export function matMul(a: Tensor | TensorLike, b: Tensor | TensorLike): Tensor<'float32', 2> {
  const device = defaultDevice();
  const aIn = floatInput(a, device, 'matMul', 'a', { split: true });
  const bIn = floatInput(b, device, 'matMul', 'b', { split: true });
  const [m, k] = aIn.shape;
  const [k2, n] = bIn.shape;
  if (aIn.shape.length !== 2 || bIn.shape.length !== 2 || k !== k2) {
    throw new RangeError(`matMul: expected a [M, K] and b [K, N], received ${formatShape(aIn.shape)} and ${formatShape(bIn.shape)}.`);
  }
  const [aGpu, bGpu] = upload([aIn, bIn] as const);
  return runOp(device, { op: 'matMul', inputs: [aGpu, bGpu] }, (make) => {
    const out = make.output([m, n], 'float32');
    const tilesN = Math.ceil(n / TILE);
    const bShards = rowShards(bGpu.tensor, 'matMul');
    // One dispatch per (a buffer, b buffer) of split operands; later b buffers add to what the earlier ones wrote.
    const steps = rowShards(aGpu.tensor, 'matMul').flatMap((aShard) => {
      const tiles = Math.ceil(aShard.rows / TILE) * tilesN;
      return bShards.map((bShard, s) => ({
        kernel,
        buffers: [aShard.buffer, bShard.buffer, out.buffer],
        params: new Uint32Array([aShard.rows, bShard.rows, n, tilesN, tiles, k, bShard.rowStart, aShard.rowStart, s === 0 ? 0 : 1]),
        workgroups: tiles,
      }));
    });
    return { result: out as Tensor<'float32', 2>, steps };
  });
}
