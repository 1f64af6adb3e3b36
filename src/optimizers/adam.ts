/**
 * Adam with TensorFlow.js's rule and defaults: bias correction through
 * powers of beta accumulated step by step in float32 on the GPU.
 */
import adamCode from '../../shaders/adam.wgsl?raw';
import advanceCode from '../../shaders/adam-advance.wgsl?raw';
import { adamStep } from '../cpu/optimizers.js';
import type { DispatchSpec } from '../gpu/dispatch.js';
import { defineKernel, type Kernel } from '../gpu/pipelines.js';
import { tensor } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { hyper } from './hyper.js';
import { Optimizer, type OptimizerArgs, type StepBuffers, type StepRange } from './optimizer.js';
import { stepKernels, stepParams } from './step-params.js';

const kernelFor = stepKernels('adam', adamCode);
const advanceKernel = defineKernel({ name: 'adam-advance', code: advanceCode });

/** Options of {@link Adam}. */
export interface AdamArgs extends OptimizerArgs {
  /** Default 0.001. */
  learningRate?: number;
  /** Decay of the first moment, in [0, 1). Default 0.9. */
  beta1?: number;
  /** Decay of the second moment, in [0, 1). Default 0.999. */
  beta2?: number;
  /** Added to the root of the second moment. Default 1e-7 (TensorFlow.js's `epsilon()`). */
  epsilon?: number;
}

/**
 * Adam (Kingma and Ba) with TensorFlow.js's update rule: `m = beta1 m +
 * (1 - beta1) g`, `v = beta2 v + (1 - beta2) g^2`, then
 * `w -= lr * mHat / (sqrt(vHat) + epsilon)` with `mHat = m / (1 - beta1^t)`
 * and `vHat = v / (1 - beta2^t)`. By default every element of every weight
 * moves each step (Keras semantics, tables included); `lazy: true` updates
 * only the rows a batch touched (LazyAdam). `'adam'` is `new Adam()`.
 *
 * @example
 * ```ts
 * model.compile({ optimizer: new Adam({ learningRate: 1e-3 }), loss: 'mae' });
 * ```
 */
export class Adam extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** [beta1^t, beta2^t] for the next step t. */
  #powers: Tensor<'float32'> | null = null;

  constructor(args: AdamArgs = {}) {
    super(args, 0.001, 'Adam');
    this.beta1 = hyper(args.beta1, 0.9, 'beta1', this.className, 0, 1);
    this.beta2 = hyper(args.beta2, 0.999, 'beta2', this.className, 0, 1);
    this.epsilon = hyper(args.epsilon, 1e-7, 'epsilon', this.className, 0, Infinity, true);
  }

  get className(): string {
    return 'Adam';
  }

  getConfig(): Record<string, number | boolean> {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, lazy: this.lazy };
  }

  protected get slotNames(): readonly string[] {
    return ['m', 'v'];
  }

  protected override prepareState(): void {
    this.#powers ??= tensor([this.beta1, this.beta2], [2], 'float32');
  }

  protected override resetState(iterations: number): void {
    this.disposeState();
    const powers = this.#hostPowers(iterations + 1);
    this.#powers = tensor(powers, [2], 'float32');
  }

  protected override disposeState(): void {
    this.#powers?.dispose();
    this.#powers = null;
  }

  /** beta^t as TensorFlow.js accumulates it: t - 1 float32 products of beta. */
  #hostPowers(t: number): Float32Array {
    const powers = new Float32Array([this.beta1, this.beta2]);
    for (let i = 1; i < t; i++) {
      const [p1, p2] = powers;
      powers[0] = Math.fround(p1 * Math.fround(this.beta1));
      powers[1] = Math.fround(p2 * Math.fround(this.beta2));
      // Once neither power changes (at 0, the smallest subnormal, or 1), later steps keep them: a restored count of millions costs no more.
      if (powers[0] === p1 && powers[1] === p2) break;
    }
    return powers;
  }

  protected kernel(rows: boolean): Kernel {
    return kernelFor(rows);
  }

  protected dispatchFor({ weight, slots, grad, rowIds }: StepBuffers, range: StepRange): { buffers: GPUBuffer[]; params: Uint32Array<ArrayBuffer> } {
    const params = stepParams(range, [this.learningRate, this.beta1, this.beta2, this.epsilon, 1 - this.beta1, 1 - this.beta2]);
    return { buffers: [weight, slots[0], slots[1], grad, rowIds, this.#powers!.buffer], params };
  }

  protected override afterStep(): (DispatchSpec & { kernel: Kernel })[] {
    const params = new Uint32Array(2);
    new Float32Array(params.buffer).set([this.beta1, this.beta2]);
    return [{ kernel: advanceKernel, buffers: [this.#powers!.buffer], params, workgroups: 1 }];
  }

  protected stepHost(weight: Float32Array, grad: ArrayLike<number>, slots: Float32Array[], t: number): void {
    const [beta1Power, beta2Power] = this.#hostPowers(t);
    adamStep(weight, grad, slots[0], slots[1], { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon }, beta1Power, beta2Power);
  }
}
