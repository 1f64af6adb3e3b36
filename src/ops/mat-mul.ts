/**
 * matMul: the notebook's `np.dot(onehot, embedding)` (with optional
 * transposed operands, as `tf.matMul`), and the product step Dense and its
 * backward run (bias, activation, transposed operands).
 */
import matMulCode from '../../shaders/mat-mul.wgsl?raw';
import { defaultDevice } from '../gpu/device.js';
import { placeholderBuffer } from '../gpu/placeholder.js';
import { defineKernel } from '../gpu/pipelines.js';
import { splitSizes, type TensorLike } from '../tensor/create.js';
import { floatInput, upload, type Checked } from '../tensor/inputs.js';
import { rowShards } from '../tensor/shards.js';
import type { Tensor } from '../tensor/tensor.js';
import { matMulPlan, type MatMulOptions } from '../validate/mat-mul.js';
import { formatShape } from '../validate/position.js';
import { runOp, type Step } from './run-op.js';

/** Side of the square block of c each workgroup of the tiled kernel computes (its TILE). */
const TILE = 32;
const kernel = defineKernel({ name: 'mat-mul', code: matMulCode, constants: { TILE } });
const DIRECT_WG = 256;
const directKernel = defineKernel({ name: 'mat-mul-direct', code: matMulCode, entryPoint: 'direct', constants: { WG: DIRECT_WG, TILE } });

/**
 * Multiplies float32 matrices `op(a)` `[M, K]` and `op(b)` `[K, N]` into
 * `[M, N]`, where `op` transposes an operand whose option is set, as
 * `tf.matMul(a, b, transposeA, transposeB)`: with `transposeA`, `a` is
 * stored `[K, M]`; with `transposeB`, `b` is stored `[N, K]`. The kernel
 * reads a transposed operand in place (no transposed copy is made). Both
 * are checked before any GPU work. Without transposes either may be split
 * by rows across several buffers (a table larger than one buffer may be);
 * with a transpose, each must be in one buffer (a `RangeError` otherwise).
 *
 * @example
 * ```ts
 * const table = tensor([[0, 1], [2, 3], [4, 5]]);
 * await matMul(oneHot([2], 3), table).array();                  // [[4, 5]]
 * await matMul(table, table, { transposeA: true }).array();     // tableᵀ · table: [[20, 26], [26, 35]]
 * await matMul(table, [[1, 0]], { transposeB: true }).array();  // the first column: [[0], [2], [4]]
 * ```
 */
export function matMul(a: Tensor | TensorLike, b: Tensor | TensorLike, options: MatMulOptions = {}): Tensor<'float32', 2> {
  const device = defaultDevice();
  const aIn = floatInput(a, device, 'matMul', 'a', { split: true });
  const bIn = floatInput(b, device, 'matMul', 'b', { split: true });
  const { transposeA, transposeB, m, k, n } = matMulPlan(aIn.shape, bIn.shape, options, 'matMul');
  if (transposeA || transposeB) for (const [name, input] of [['a', aIn], ['b', bIn]] as const) inOneBuffer(input, name, device);
  const [aGpu, bGpu] = upload([aIn, bIn] as const);
  return runOp(device, { op: 'matMul', inputs: [aGpu, bGpu] }, (make) => {
    const out = make.output([m, n], 'float32');
    const aShards = rowShards(aGpu.tensor, 'matMul');
    const bShards = rowShards(bGpu.tensor, 'matMul');
    if (aShards.length === 1 && bShards.length === 1) {
      return { result: out as Tensor<'float32', 2>, steps: [matMulStep(aGpu.tensor, bGpu.tensor, out, [m, k, n], {}, { transA: transposeA, transB: transposeB })] };
    }
    const tilesN = Math.ceil(n / TILE);
    const bias = placeholderBuffer(device);
    // One dispatch per (a buffer, b buffer) of split operands; later b buffers add to what the earlier ones wrote.
    const steps = aShards.flatMap((aShard) => {
      const tiles = Math.ceil(aShard.rows / TILE) * tilesN;
      return bShards.map((bShard, s): Step => ({
        kernel,
        buffers: [aShard.buffer, bShard.buffer, bias, out.buffer],
        params: productParams(aShard.rows, bShard.rows, n, { aStride: k, aCol: bShard.rowStart, cRow: aShard.rowStart, accumulate: s > 0 }),
        workgroups: tiles,
      }));
    });
    return { result: out as Tensor<'float32', 2>, steps };
  });
}

/**
 * Refuses an operand of a transposed product that is, or would be uploaded
 * as, several buffers: the kernel reads transposed operands from one buffer.
 */
function inOneBuffer(input: Checked<'float32'>, name: 'a' | 'b', device: GPUDevice): void {
  const buffers = input.tensor ? input.tensor.shards.length : splitSizes(device, input.shape, `matMul ${name}`).length;
  if (buffers > 1) {
    throw new RangeError(
      `matMul: with transposeA or transposeB, each operand must fit in one GPU buffer; ${name} ${input.tensor ? `(${input.tensor.toString()}) ` : ''}` +
        `of shape ${formatShape(input.shape)} takes ${buffers} buffers on this device. Multiply it without transposes, or in parts.`,
    );
  }
}

/** The epilogue of a product: `act(c + bias)`; Dense's activations that act element by element. */
export type Epilogue = { bias?: Tensor; activation?: 'linear' | 'relu' | 'sigmoid' | 'tanh' };

const activationCodes = { linear: 0, relu: 1, sigmoid: 2, tanh: 3 } as const;

interface ProductOptions {
  aStride?: number;
  aCol?: number;
  cRow?: number;
  accumulate?: boolean;
  transA?: boolean;
  transB?: boolean;
  bias?: boolean;
  activation?: keyof typeof activationCodes;
}

/** The kernel's Params, in mat-mul.wgsl's order. */
function productParams(m: number, k: number, n: number, o: ProductOptions): Uint32Array<ArrayBuffer> {
  const tilesN = Math.ceil(n / TILE);
  return new Uint32Array([
    m, k, n, tilesN, Math.ceil(m / TILE) * tilesN,
    o.aStride ?? k, o.aCol ?? 0, o.cRow ?? 0, o.accumulate ? 1 : 0,
    o.transA ? 1 : 0, o.transB ? 1 : 0, o.bias ? 1 : 0, activationCodes[o.activation ?? 'linear'],
  ]);
}

/**
 * @internal The dispatch of `out [m, n] = act(op(a) . op(b) + bias)` for
 * checked, GPU-resident operands held in one buffer each: `transA` reads
 * `a` stored `[k, m]`, `transB` reads `b` stored `[n, k]`.
 *
 * @example
 * ```ts
 * const steps = [matMulStep(x, kernel, y, [batch, inputs, units], { bias, activation: 'relu' })]; // returned to runOp
 * steps.push(matMulStep(x, dz, dKernel, [inputs, batch, units], {}, { transA: true }));
 * ```
 */
export function matMulStep(
  a: Tensor,
  b: Tensor,
  out: Tensor,
  [m, k, n]: readonly [number, number, number],
  epilogue: Epilogue = {},
  { transA = false, transB = false } = {},
): Step {
  // Tiles pay off only when every side fills one; thinner products take one invocation per output.
  const tiled = m >= TILE && n >= TILE && k >= TILE;
  const params = productParams(m, k, n, { transA, transB, bias: !!epilogue.bias, activation: epilogue.activation });
  return {
    kernel: tiled ? kernel : directKernel,
    buffers: [a.buffer, b.buffer, epilogue.bias?.buffer ?? placeholderBuffer(out.device), out.buffer],
    params,
    workgroups: tiled ? params[4] : Math.ceil((m * n) / DIRECT_WG),
  };
}
