/**
 * CPU reference optimizer steps: TensorFlow.js's update rules
 * (tfjs-core/src/optimizers), one function per optimizer, updating a weight
 * and its slots in place from a gradient of the same length. The values are
 * stored as float32 after each step, as on the GPU; the arithmetic in
 * between is double precision.
 */

/** SGD, optionally with (Nesterov) momentum: TensorFlow.js's `sgd` and `momentum` optimizers. */
export interface SgdRule {
  learningRate: number;
  momentum: number;
  nesterov: boolean;
}

/**
 * One SGD step: `w -= lr * g`; with momentum `a = momentum * a + g` then
 * `w -= lr * a` (Nesterov: `w -= lr * (g + momentum * a)`).
 *
 * @example
 * ```ts
 * cpu.sgdStep(w, g, null, { learningRate: 0.01, momentum: 0, nesterov: false });
 * ```
 */
export function sgdStep(weight: Float32Array, grad: ArrayLike<number>, accum: Float32Array | null, rule: SgdRule): void {
  for (let i = 0; i < weight.length; i++) {
    if (!accum) {
      weight[i] -= rule.learningRate * grad[i];
      continue;
    }
    accum[i] = rule.momentum * accum[i] + grad[i];
    const step = rule.nesterov ? grad[i] + rule.momentum * accum[i] : accum[i];
    weight[i] -= rule.learningRate * step;
  }
}

/** Adam's hyperparameters. */
export interface AdamRule {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/**
 * One Adam step. `beta1Power` and `beta2Power` are beta^t for this step
 * (t from 1), as TensorFlow.js accumulates them: float32 products.
 *
 * @example
 * ```ts
 * cpu.adamStep(w, g, m, v, { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }, Math.fround(0.9), Math.fround(0.999));
 * ```
 */
export function adamStep(weight: Float32Array, grad: ArrayLike<number>, m: Float32Array, v: Float32Array, rule: AdamRule, beta1Power: number, beta2Power: number): void {
  const correction1 = 1 - beta1Power;
  const correction2 = 1 - beta2Power;
  for (let i = 0; i < weight.length; i++) {
    const g = grad[i];
    m[i] = rule.beta1 * m[i] + (1 - rule.beta1) * g;
    v[i] = rule.beta2 * v[i] + (1 - rule.beta2) * g * g;
    const mHat = m[i] / correction1;
    const vHat = v[i] / correction2;
    weight[i] -= (rule.learningRate * mHat) / (Math.sqrt(vHat) + rule.epsilon);
  }
}

/**
 * One Adagrad step: `a += g * g`, then `w -= lr * g / sqrt(a + epsilon)`.
 *
 * @example
 * ```ts
 * cpu.adagradStep(w, g, accumulator, 0.01, 1e-7);
 * ```
 */
export function adagradStep(weight: Float32Array, grad: ArrayLike<number>, accum: Float32Array, learningRate: number, epsilon: number): void {
  for (let i = 0; i < weight.length; i++) {
    accum[i] += grad[i] * grad[i];
    weight[i] -= (learningRate * grad[i]) / Math.sqrt(accum[i] + epsilon);
  }
}

/** RMSprop's hyperparameters (TensorFlow.js names: `decay` is Keras's `rho`). */
export interface RmspropRule {
  learningRate: number;
  decay: number;
  momentum: number;
  epsilon: number;
  centered: boolean;
}

/**
 * One RMSprop step: the mean square `ms` (and, centered, the mean gradient
 * `mg`) decay toward the new gradient; the moment `mom` accumulates
 * `lr * g / sqrt(ms + eps)` (centered: `sqrt(ms - mg^2 + eps)`, as Keras has
 * it; TensorFlow.js 4.22 subtracts eps, NaN for a zero gradient); `w -= mom`.
 *
 * @example
 * ```ts
 * cpu.rmspropStep(w, g, ms, mom, null, { learningRate: 0.001, decay: 0.9, momentum: 0, epsilon: 1e-7, centered: false });
 * ```
 */
export function rmspropStep(weight: Float32Array, grad: ArrayLike<number>, ms: Float32Array, mom: Float32Array, mg: Float32Array | null, rule: RmspropRule): void {
  for (let i = 0; i < weight.length; i++) {
    const g = grad[i];
    ms[i] = rule.decay * ms[i] + (1 - rule.decay) * g * g;
    let scale = ms[i] + rule.epsilon;
    if (rule.centered && mg) {
      mg[i] = rule.decay * mg[i] + (1 - rule.decay) * g;
      scale = ms[i] - mg[i] * mg[i] + rule.epsilon;
    }
    mom[i] = rule.momentum * mom[i] + (rule.learningRate * g) / Math.sqrt(scale);
    weight[i] -= mom[i];
  }
}
