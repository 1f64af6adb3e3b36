import { formatShape } from '../validate/position.js';
import type { HostTensor } from './host-tensor.js';

/** Dense's activations (Keras's names). */
export type DenseActivation = 'linear' | 'relu' | 'sigmoid' | 'tanh' | 'softmax';

/** Applies the activation to one row of pre-activations, in place. */
function activate(z: Float64Array, activation: DenseActivation): void {
  if (activation === 'softmax') {
    let peak = -Infinity;
    for (const v of z) peak = Math.max(peak, v);
    let sum = 0;
    for (let j = 0; j < z.length; j++) sum += z[j] = Math.exp(z[j] - peak);
    for (let j = 0; j < z.length; j++) z[j] /= sum;
    return;
  }
  for (let j = 0; j < z.length; j++) {
    const v = z[j];
    if (activation === 'relu') z[j] = v > 0 ? v : 0;
    else if (activation === 'sigmoid') z[j] = 1 / (1 + Math.exp(-v));
    else if (activation === 'tanh') z[j] = Math.tanh(v);
  }
}

/**
 * CPU reference Dense: `act(x · kernel + bias)` for `x` `[M, in]`, `kernel`
 * `[in, units]`, `bias` `[units]` or null, row by row in float64 (softmax
 * over each row), rounded once to float32.
 *
 * @example
 * ```ts
 * cpu.dense({ data: new Float32Array([1, 2]), shape: [1, 2] }, { data: new Float32Array([3, 4]), shape: [2, 1] }, null, 'relu').data; // [11]
 * ```
 */
export function dense(x: HostTensor, kernel: HostTensor, bias: HostTensor | null, activation: DenseActivation): HostTensor {
  const [m, k] = x.shape;
  const [k2, n] = kernel.shape;
  if (x.shape.length !== 2 || kernel.shape.length !== 2 || k !== k2 || (bias && bias.data.length !== n)) {
    throw new RangeError(`dense: expected x [M, K], kernel [K, N], bias [N], received ${formatShape(x.shape)}, ${formatShape(kernel.shape)}${bias ? `, ${formatShape(bias.shape)}` : ''}.`);
  }
  const out = new Float32Array(m * n);
  const z = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = bias ? bias.data[j] : 0;
      for (let p = 0; p < k; p++) sum += x.data[i * k + p] * kernel.data[p * n + j];
      z[j] = sum;
    }
    activate(z, activation);
    out.set(z, i * n);
  }
  return { data: out, shape: [m, n] };
}

/** Dense's gradients: input, kernel, bias. */
export interface DenseGradientsHost {
  dx: HostTensor;
  dKernel: HostTensor;
  dBias: HostTensor;
}

/**
 * CPU reference gradient of {@link dense} from the input `x`, the `kernel`,
 * the output `y` it gave and the output gradient `dy`: the gradient before
 * the activation dz (from y: relu 1 where y > 0, sigmoid y(1 - y), tanh
 * 1 - y², softmax y_i (dy_i - Σ dy_j y_j)), then dx = dz · kernelᵀ,
 * dKernel = xᵀ · dz, dBias = Σ_rows dz, in float64.
 *
 * @example
 * ```ts
 * const { dx, dKernel, dBias } = cpu.denseBackward(x, kernel, y, dy, 'relu');
 * ```
 */
export function denseBackward(x: HostTensor, kernel: HostTensor, y: HostTensor, dy: HostTensor, activation: DenseActivation): DenseGradientsHost {
  const [m, k] = x.shape;
  const n = kernel.shape[1];
  const dz = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    let inner = 0;
    for (let j = 0; j < n; j++) inner += dy.data[i * n + j] * y.data[i * n + j];
    for (let j = 0; j < n; j++) {
      const at = i * n + j;
      const out = y.data[at];
      const g = dy.data[at];
      if (activation === 'relu') dz[at] = out > 0 ? g : 0;
      else if (activation === 'sigmoid') dz[at] = g * out * (1 - out);
      else if (activation === 'tanh') dz[at] = g * (1 - out * out);
      else if (activation === 'softmax') dz[at] = out * (g - inner);
      else dz[at] = g;
    }
  }
  const dx = new Float32Array(m * k);
  const dKernel = new Float32Array(k * n);
  const dBias = new Float32Array(n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      let sum = 0;
      for (let j = 0; j < n; j++) sum += dz[i * n + j] * kernel.data[p * n + j];
      dx[i * k + p] = sum;
    }
  }
  for (let p = 0; p < k; p++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let i = 0; i < m; i++) sum += x.data[i * k + p] * dz[i * n + j];
      dKernel[p * n + j] = sum;
    }
  }
  for (let j = 0; j < n; j++) {
    let sum = 0;
    for (let i = 0; i < m; i++) sum += dz[i * n + j];
    dBias[j] = sum;
  }
  return { dx: { data: dx, shape: [m, k] }, dKernel: { data: dKernel, shape: [k, n] }, dBias: { data: dBias, shape: [n] } };
}
