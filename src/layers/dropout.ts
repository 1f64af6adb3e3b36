/**
 * Dropout: during training (`fit`), zeroes a random fraction `rate` of the
 * elements and scales the others by 1 / (1 - rate) (inverted dropout, as
 * Keras); outside training it passes its input through. The mask is a
 * counter-based hash of (seed, layer, step, element), the same on the GPU
 * and on the CPU, so it is never stored and the backward recomputes it.
 */
import * as cpu from '../cpu/index.js';
import type { AnyHostTensor, HostTensor } from '../cpu/host-tensor.js';
import { applyDropout } from '../ops/dropout.js';
import type { DType, Tensor } from '../tensor/tensor.js';
import { formatValue } from '../validate/position.js';
import { Layer, type CallOptions, type LayerArgs, type LayerConfig, type TraceOptions, type Traced } from './layer.js';
import { checkGradient, viewTrace, viewTraceCpu } from './reshape-trace.js';
import type { Shape } from './shape.js';

/** Options of {@link Dropout}. */
export interface DropoutArgs extends LayerArgs {
  /** The fraction of elements dropped while training, in [0, 1). */
  rate: number;
  /** The mask's seed; without one, the mask follows fit's seed. */
  seed?: number;
}

/** The configuration `getConfig` returns and `Dropout.fromConfig` takes. */
export interface DropoutConfig extends LayerConfig {
  rate: number;
  seed?: number;
}

/**
 * Drops a fraction `rate` of its input's elements while fitting and scales
 * the rest by 1 / (1 - rate); `predict` and `evaluate` see the input
 * unchanged. Which elements drop depends on the seed (the layer's, or fit's),
 * the layer's name and the training step, so the same fit gives the same
 * masks on every run and on the CPU reference.
 *
 * @example
 * ```ts
 * const hidden = new Dropout({ rate: 0.2 }).apply(new Dense({ units: 64, activation: 'relu' }).apply(joined));
 * ```
 */
export class Dropout extends Layer {
  readonly rate: number;
  readonly seed: number | undefined;
  #calls = 0;

  constructor(args: DropoutArgs) {
    super(args ?? ({} as DropoutArgs), 'dropout');
    const owner = this.describe();
    const rate = args?.rate;
    if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) throw new RangeError(`${owner}: expected rate to be a number in [0, 1), received ${formatValue(rate)}.`);
    if (args.seed !== undefined && !Number.isInteger(args.seed)) throw new TypeError(`${owner}: expected seed to be an integer, received ${formatValue(args.seed)}.`);
    this.rate = rate;
    this.seed = args.seed;
  }

  /**
   * Rebuilds a layer from `getConfig()`'s result.
   *
   * @example
   * ```ts
   * const twin = Dropout.fromConfig(layer.getConfig());
   * ```
   */
  static fromConfig(config: DropoutConfig): Dropout {
    return new Dropout(config);
  }

  get className(): string {
    return 'Dropout';
  }

  computeOutputShape(inputShape: Shape | readonly Shape[]): Shape {
    return inputShape as Shape;
  }

  protected override checkInputDType(dtype: DType): void {
    if (dtype !== 'float32') throw new TypeError(`${this.describe()}: expected float32 inputs, received ${dtype}.`);
  }

  /** The mask's key for a training step. */
  #key(options: TraceOptions): cpu.DropoutKey {
    return { seed: this.seed ?? options.seed, layer: cpu.layerKey(this.name), step: options.step };
  }

  #active(options: CallOptions): boolean {
    return options.training && this.rate > 0;
  }

  /**
   * Outside training (`predict`) the input passes through as a view. With
   * `training: true` the mask's step and seed come from the options when
   * they carry them (`trace` does), else from a count of such calls and the
   * layer's seed (0 without one).
   */
  call(inputs: readonly Tensor[], options: CallOptions & Partial<TraceOptions> = { training: false }): Tensor {
    this.assertLive();
    if (!this.#active(options)) return inputs[0].reshape(inputs[0].shape);
    this.checkInputDType(inputs[0].dtype);
    const key = this.#key({ training: true, seed: options.seed ?? this.seed ?? 0, step: options.step ?? this.#calls++ });
    return applyDropout(inputs[0], this.rate, key, this.describe());
  }

  /** @internal The training forward: the masked input; the backward masks dy the same way. */
  override trace(inputs: readonly Tensor[], options: TraceOptions): Traced<Tensor> {
    this.assertLive();
    this.checkInputDType(inputs[0].dtype);
    if (!this.#active(options)) return viewTrace(inputs[0], inputs[0].shape, this.describe());
    const key = this.#key(options);
    const shape = [...inputs[0].shape];
    return {
      output: applyDropout(inputs[0], this.rate, key, this.describe()),
      backward: (dy, want) => {
        checkGradient(dy.shape, shape, this.describe());
        return { inputs: [want.inputs[0] ? applyDropout(dy, this.rate, key, this.describe()) : null], weights: [] };
      },
      dispose: () => undefined,
    };
  }

  /** @internal The CPU twin of `trace`: `cpu.dropout` with the same key. */
  override traceCpu(inputs: readonly AnyHostTensor[], _weights: readonly AnyHostTensor[], options: TraceOptions): Traced<AnyHostTensor> {
    if (!this.#active(options)) return viewTraceCpu(inputs[0], inputs[0].shape, this.describe());
    const key = this.#key(options);
    const x = inputs[0] as HostTensor;
    return {
      output: cpu.dropout(x, this.rate, key),
      backward: (dy, want) => {
        checkGradient(dy.shape, x.shape, this.describe());
        return { inputs: [want.inputs[0] ? cpu.dropout(dy as HostTensor, this.rate, key) : null], weights: [] };
      },
      dispose: () => undefined,
    };
  }

  override getConfig(): DropoutConfig {
    const config: DropoutConfig = { ...super.getConfig(), rate: this.rate };
    if (this.seed !== undefined) config.seed = this.seed;
    return config;
  }
}
