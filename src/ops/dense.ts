/**
 * Dense's forward and backward on the GPU, for checked GPU-resident
 * operands: the forward is one fused product (mat-mul.wgsl: bias and
 * element-wise activation in its epilogue; softmax in a second pass over
 * each row); the backward turns dy into dz through the activation, then
 * multiplies by transposed operands (dKernel = xᵀ·dz, dx = dz·kernelᵀ) and
 * sums dz's columns for the bias.
 */
import activationBackwardCode from '../../shaders/activation-backward.wgsl?raw';
import columnSumCode from '../../shaders/column-sum.wgsl?raw';
import softmaxCode from '../../shaders/softmax.wgsl?raw';
import softmaxBackwardCode from '../../shaders/softmax-backward.wgsl?raw';
import { defineKernel } from '../gpu/pipelines.js';
import type { Tensor } from '../tensor/tensor.js';
import { matMulStep } from './mat-mul.js';
import { runOp, type Step } from './run-op.js';

/** Dense's activations (Keras's names). */
export type Activation = 'linear' | 'relu' | 'sigmoid' | 'tanh' | 'softmax';

const WG = 256;
const ROW_WG = 64;
const activationBackward = defineKernel({ name: 'activation-backward', code: activationBackwardCode, constants: { WG } });
const softmax = defineKernel({ name: 'softmax', code: softmaxCode, constants: { WG: ROW_WG } });
const softmaxBackward = defineKernel({ name: 'softmax-backward', code: softmaxBackwardCode, constants: { WG: ROW_WG } });
const columnSum = defineKernel({ name: 'column-sum', code: columnSumCode, constants: { WG: ROW_WG } });
const codes = { relu: 1, sigmoid: 2, tanh: 3 } as const;

/**
 * @internal `act(x · kernel + bias)` for `x` `[M, in]`, `kernel` `[in, units]`,
 * `bias` `[units]` or null; a new `[M, units]` tensor.
 *
 * @example
 * ```ts
 * const y = denseForward(x, kernel, bias, 'relu', "Dense 'dense'");
 * ```
 */
export function denseForward(x: Tensor, kernel: Tensor, bias: Tensor | null, activation: Activation, op: string): Tensor<'float32'> {
  const [m, k] = x.shape;
  const n = kernel.shape[1];
  return runOp(x.device, { op, inputs: bias ? [x, kernel, bias] : [x, kernel] }, (make) => {
    const out = make.output([m, n], 'float32');
    const steps: Step[] = [
      matMulStep(x, kernel, out, [m, k, n], { bias: bias ?? undefined, activation: activation === 'softmax' ? 'linear' : activation }),
    ];
    if (activation === 'softmax') {
      steps.push({ kernel: softmax, buffers: [out.buffer], params: new Uint32Array([m, n]), workgroups: Math.ceil(m / ROW_WG) });
    }
    return { result: out, steps };
  });
}

/** Which of Dense's gradients to compute. */
export interface DenseWant {
  input: boolean;
  kernel: boolean;
  bias: boolean;
}

/** Dense's gradients (null where not asked for). */
export interface DenseGradients {
  dx: Tensor<'float32'> | null;
  dKernel: Tensor<'float32'> | null;
  dBias: Tensor<'float32'> | null;
}

/**
 * @internal Dense's backward from the saved input `x` `[M, in]`, `kernel`
 * and output `y` `[M, units]`, and the output gradient `dy` `[M, units]`.
 * Returns new tensors the caller owns.
 *
 * @example
 * ```ts
 * const { dx, dKernel, dBias } = denseBackward(x, kernel, y, dy, 'relu', { input: true, kernel: true, bias: true }, "Dense 'dense'");
 * ```
 */
export function denseBackward(x: Tensor, kernel: Tensor, y: Tensor, dy: Tensor, activation: Activation, want: DenseWant, op: string): DenseGradients {
  const [m, k] = x.shape;
  const n = kernel.shape[1];
  return runOp(x.device, { op, inputs: [x, kernel, y, dy] }, (make) => {
    const steps: Step[] = [];
    let dz = dy;
    if (activation !== 'linear') {
      dz = make.temporary([m, n], 'float32', 'dz');
      steps.push(
        activation === 'softmax'
          ? { kernel: softmaxBackward, buffers: [dy.buffer, y.buffer, dz.buffer], params: new Uint32Array([m, n]), workgroups: Math.ceil(m / ROW_WG) }
          : { kernel: activationBackward, buffers: [dy.buffer, y.buffer, dz.buffer], params: new Uint32Array([m * n, codes[activation]]), workgroups: Math.ceil((m * n) / WG) },
      );
    }
    const result: DenseGradients = { dx: null, dKernel: null, dBias: null };
    if (want.kernel) {
      result.dKernel = make.output([k, n], 'float32', { label: `${op} dKernel` });
      steps.push(matMulStep(x, dz, result.dKernel, [k, m, n], {}, { transA: true }));
    }
    if (want.bias) {
      result.dBias = make.output([n], 'float32', { label: `${op} dBias` });
      steps.push({ kernel: columnSum, buffers: [dz.buffer, result.dBias.buffer], params: new Uint32Array([m, n]), workgroups: Math.ceil(n / ROW_WG) });
    }
    if (want.input) {
      result.dx = make.output([m, k], 'float32', { label: `${op} dx` });
      steps.push(matMulStep(dz, kernel, result.dx, [m, n, k], {}, { transB: true }));
    }
    return { result, steps };
  });
}
