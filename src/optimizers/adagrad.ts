/**
 * Adagrad with TensorFlow.js's rule and defaults.
 */
import adagradCode from '../../shaders/adagrad.wgsl?raw';
import { adagradStep } from '../cpu/optimizers.js';
import type { Kernel } from '../gpu/pipelines.js';
import { hyper } from './hyper.js';
import { Optimizer, type OptimizerArgs, type StepBuffers, type StepRange } from './optimizer.js';
import { stepKernels, stepParams } from './step-params.js';

const kernelFor = stepKernels('adagrad', adagradCode);

/** TensorFlow.js's `epsilon()` for float32, which its Adagrad adds under the root. */
const EPSILON = 1e-7;

/** Options of {@link Adagrad}. */
export interface AdagradArgs extends OptimizerArgs {
  /** Default 0.01. */
  learningRate?: number;
  /** Where each accumulator starts (> 0). Default 0.1. */
  initialAccumulatorValue?: number;
}

/**
 * Adagrad with TensorFlow.js's rule: `a += g^2`, `w -= lr * g / sqrt(a + 1e-7)`.
 * A zero gradient leaves a weight and its accumulator as they are, so
 * tables are updated on their touched rows only, with the same result.
 * `'adagrad'` is `new Adagrad()` (lr 0.01).
 *
 * @example
 * ```ts
 * model.compile({ optimizer: new Adagrad({ learningRate: 0.05 }), loss: 'mse' });
 * ```
 */
export class Adagrad extends Optimizer {
  readonly initialAccumulatorValue: number;

  constructor(args: AdagradArgs = {}) {
    super(args, 0.01, 'Adagrad');
    this.initialAccumulatorValue = hyper(args.initialAccumulatorValue, 0.1, 'initialAccumulatorValue', this.className, 0, Infinity, true);
  }

  get className(): string {
    return 'Adagrad';
  }

  getConfig(): Record<string, number | boolean> {
    return { learningRate: this.learningRate, initialAccumulatorValue: this.initialAccumulatorValue, lazy: this.lazy };
  }

  protected get slotNames(): readonly string[] {
    return ['accumulator'];
  }

  protected override slotStart(): number {
    return this.initialAccumulatorValue;
  }

  override get rowsUpdate(): boolean {
    return true;
  }

  protected kernel(rows: boolean): Kernel {
    return kernelFor(rows);
  }

  protected dispatchFor({ weight, slots, grad, rowIds }: StepBuffers, range: StepRange): { buffers: GPUBuffer[]; params: Uint32Array<ArrayBuffer> } {
    return { buffers: [weight, slots[0], grad, rowIds], params: stepParams(range, [this.learningRate, EPSILON]) };
  }

  protected stepHost(weight: Float32Array, grad: ArrayLike<number>, slots: Float32Array[]): void {
    adagradStep(weight, grad, slots[0], this.learningRate, EPSILON);
  }
}
