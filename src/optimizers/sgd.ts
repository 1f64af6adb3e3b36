/**
 * SGD, plain or with (Nesterov) momentum: TensorFlow.js's `sgd` and
 * `momentum` optimizers in one class, as Keras has it.
 */
import sgdCode from '../../shaders/sgd.wgsl?raw';
import { sgdStep } from '../cpu/optimizers.js';
import { defaultDevice } from '../gpu/device.js';
import type { Kernel } from '../gpu/pipelines.js';
import { placeholderBuffer } from '../gpu/placeholder.js';
import { formatValue } from '../validate/position.js';
import { hyper } from './hyper.js';
import { Optimizer, type OptimizerArgs, type StepBuffers, type StepRange } from './optimizer.js';
import { stepKernels, stepParams } from './step-params.js';

const kernelFor = stepKernels('sgd', sgdCode);

/** Options of {@link SGD}. */
export interface SGDArgs extends OptimizerArgs {
  /** Default 0.01. */
  learningRate?: number;
  /** Momentum factor in [0, 1]; 0 (default) is plain SGD. */
  momentum?: number;
  /** Nesterov momentum (with `momentum` > 0). Default false. */
  nesterov?: boolean;
}

/**
 * Stochastic gradient descent with TensorFlow.js's rules: `w -= lr * g`;
 * with momentum, `a = momentum * a + g; w -= lr * a` (Nesterov:
 * `w -= lr * (g + momentum * a)`). `'sgd'` is `new SGD()` (lr 0.01).
 *
 * @example
 * ```ts
 * model.compile({ optimizer: new SGD({ learningRate: 0.01, momentum: 0.9 }), loss: 'mse' });
 * ```
 */
export class SGD extends Optimizer {
  readonly momentum: number;
  readonly nesterov: boolean;

  constructor(args: SGDArgs = {}) {
    super(args, 0.01, 'SGD');
    this.momentum = hyper(args.momentum, 0, 'momentum', this.className, 0, 1);
    if (args.nesterov !== undefined && typeof args.nesterov !== 'boolean') throw new TypeError(`SGD: expected nesterov to be a boolean, received ${formatValue(args.nesterov)}.`);
    this.nesterov = args.nesterov ?? false;
  }

  get className(): string {
    return 'SGD';
  }

  getConfig(): Record<string, number | boolean> {
    return { learningRate: this.learningRate, momentum: this.momentum, nesterov: this.nesterov, lazy: this.lazy };
  }

  protected get slotNames(): readonly string[] {
    return this.momentum > 0 ? ['momentum'] : [];
  }

  /** Plain SGD leaves a row with a zero gradient as it is, so updating only touched rows is exact. */
  override get rowsUpdate(): boolean {
    return this.lazy || this.momentum === 0;
  }

  protected kernel(rows: boolean): Kernel {
    return kernelFor(rows);
  }

  protected dispatchFor({ weight, slots, grad, rowIds }: StepBuffers, range: StepRange): { buffers: GPUBuffer[]; params: Uint32Array<ArrayBuffer> } {
    const params = stepParams(range, [this.learningRate, this.momentum], [this.momentum === 0 ? 0 : this.nesterov ? 2 : 1]);
    return { buffers: [weight, slots[0] ?? placeholderBuffer(defaultDevice()), grad, rowIds], params };
  }

  protected stepHost(weight: Float32Array, grad: ArrayLike<number>, slots: Float32Array[]): void {
    sgdStep(weight, grad, slots[0] ?? null, { learningRate: this.learningRate, momentum: this.momentum, nesterov: this.nesterov });
  }
}
