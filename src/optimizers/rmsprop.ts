/**
 * RMSprop, plain or centered, with TensorFlow.js's rule and defaults.
 */
import rmspropCode from '../../shaders/rmsprop.wgsl?raw';
import { rmspropStep } from '../cpu/optimizers.js';
import { defaultDevice } from '../gpu/device.js';
import type { Kernel } from '../gpu/pipelines.js';
import { placeholderBuffer } from '../gpu/placeholder.js';
import { formatValue } from '../validate/position.js';
import { hyper } from './hyper.js';
import { Optimizer, type OptimizerArgs, type StepBuffers, type StepRange } from './optimizer.js';
import { stepKernels, stepParams } from './step-params.js';

const kernelFor = stepKernels('rmsprop', rmspropCode);

/** Options of {@link RMSprop} (TensorFlow.js's names: `decay` is Keras's `rho`). */
export interface RMSpropArgs extends OptimizerArgs {
  /** Default 0.001. */
  learningRate?: number;
  /** Decay of the mean square, in [0, 1]. Default 0.9. */
  decay?: number;
  /** Momentum factor, >= 0. Default 0. */
  momentum?: number;
  /** Added under the root. Default 1e-7. */
  epsilon?: number;
  /** Divide by the variance (mean square minus squared mean gradient) instead of the mean square. Default false. */
  centered?: boolean;
}

/**
 * RMSprop with TensorFlow.js's rule: `ms = decay ms + (1 - decay) g^2`,
 * `mom = momentum mom + lr g / sqrt(ms + epsilon)`, `w -= mom`; centered,
 * also `mg = decay mg + (1 - decay) g` and the root of
 * `ms - mg^2 + epsilon` (Keras's: TensorFlow.js 4.22 takes the root of
 * `ms - (mg^2 + epsilon)`, NaN wherever a gradient is 0, e.g. on every row
 * of a table a batch did not touch). `'rmsprop'` is `new RMSprop()` (lr 0.001).
 *
 * @example
 * ```ts
 * model.compile({ optimizer: new RMSprop({ learningRate: 0.01, centered: true }), loss: 'mse' });
 * ```
 */
export class RMSprop extends Optimizer {
  readonly decay: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;

  constructor(args: RMSpropArgs = {}) {
    super(args, 0.001, 'RMSprop');
    this.decay = hyper(args.decay, 0.9, 'decay', this.className, 0, 1);
    this.momentum = hyper(args.momentum, 0, 'momentum', this.className, 0, Infinity);
    this.epsilon = hyper(args.epsilon, 1e-7, 'epsilon', this.className, 0, Infinity, true);
    if (args.centered !== undefined && typeof args.centered !== 'boolean') throw new TypeError(`RMSprop: expected centered to be a boolean, received ${formatValue(args.centered)}.`);
    this.centered = args.centered ?? false;
  }

  get className(): string {
    return 'RMSprop';
  }

  getConfig(): Record<string, number | boolean> {
    return { learningRate: this.learningRate, decay: this.decay, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered, lazy: this.lazy };
  }

  protected get slotNames(): readonly string[] {
    return this.centered ? ['rms', 'momentum', 'mg'] : ['rms', 'momentum'];
  }

  protected kernel(rows: boolean): Kernel {
    return kernelFor(rows);
  }

  protected dispatchFor({ weight, slots, grad, rowIds }: StepBuffers, range: StepRange): { buffers: GPUBuffer[]; params: Uint32Array<ArrayBuffer> } {
    const params = stepParams(range, [this.learningRate, this.decay, this.momentum, this.epsilon, 1 - this.decay], [this.centered ? 1 : 0]);
    return { buffers: [weight, slots[0], slots[1], slots[2] ?? placeholderBuffer(defaultDevice()), grad, rowIds], params };
  }

  protected stepHost(weight: Float32Array, grad: ArrayLike<number>, slots: Float32Array[]): void {
    rmspropStep(weight, grad, slots[0], slots[1], slots[2] ?? null, {
      learningRate: this.learningRate,
      decay: this.decay,
      momentum: this.momentum,
      epsilon: this.epsilon,
      centered: this.centered,
    });
  }
}
