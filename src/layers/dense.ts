/**
 * Dense: `activation(x · kernel + bias)` over the last axis (Keras's
 * `layers.Dense`), one fused GPU pass forward; its backward multiplies by
 * transposed operands.
 */
import * as cpu from '../cpu/index.js';
import type { AnyHostTensor, HostTensor } from '../cpu/host-tensor.js';
import { denseBackward, denseForward, type Activation } from '../ops/dense.js';
import type { DType, Tensor } from '../tensor/tensor.js';
import { formatValue } from '../validate/position.js';
import { checkInitializer, initialValues, type Initializer } from './initializers.js';
import { Layer, type CallOptions, type LayerArgs, type LayerConfig, type TraceOptions, type Traced } from './layer.js';
import { checkGradient } from './reshape-trace.js';
import { formatTuple, type Shape } from './shape.js';
import { positiveInteger } from './table.js';
import { GpuWeightStorage } from './gpu-weight-storage.js';
import { Weight } from './weight.js';

export type { Activation } from '../ops/dense.js';

const activations: readonly Activation[] = ['linear', 'relu', 'sigmoid', 'tanh', 'softmax'];

/** Options of {@link Dense}, Keras's names in camelCase. */
export interface DenseArgs extends LayerArgs {
  /** Outputs per input row. */
  units: number;
  /** 'linear' (default), 'relu', 'sigmoid', 'tanh' or 'softmax' (over the last axis). */
  activation?: Activation;
  /** Whether to add a bias. Default true. */
  useBias?: boolean;
  /** Default 'glorotUniform', as in Keras. */
  kernelInitializer?: Initializer;
  /** Default 'zeros'. */
  biasInitializer?: Initializer;
  /** Makes random initial values reproducible (the kernel draws from `seed`, the bias from `seed + 1`). */
  seed?: number;
  /** The input's last dimension, so that a Sequential can start with this layer. */
  inputDim?: number;
}

/** The configuration `getConfig` returns and `Dense.fromConfig` takes. */
export interface DenseConfig extends LayerConfig {
  units: number;
  activation: Activation;
  useBias: boolean;
  kernelInitializer: Initializer;
  biasInitializer: Initializer;
  seed?: number;
  inputDim?: number;
}

/**
 * A fully connected layer: an input `[batch, ..., inputs]` gives
 * `[batch, ..., units]`, each row `activation(row · kernel + bias)`. The
 * kernel is `[inputs, units]` and the bias `[units]`, created in that order
 * (Keras's layout and weight order).
 *
 * @example
 * ```ts
 * const hidden = new Dense({ units: 64, activation: 'relu' }).apply(joined); // [null, 64]
 * const score = new Dense({ units: 1 }).apply(hidden);                       // [null, 1]
 * ```
 */
export class Dense extends Layer {
  readonly units: number;
  readonly activation: Activation;
  readonly useBias: boolean;
  readonly kernelInitializer: Initializer;
  readonly biasInitializer: Initializer;
  readonly seed: number | undefined;
  readonly inputDim: number | undefined;
  #kernel: Weight | null = null;
  #bias: Weight | null = null;

  constructor(args: DenseArgs) {
    super(args ?? ({} as DenseArgs), 'dense');
    const owner = this.describe();
    if (typeof args !== 'object' || args === null) throw new TypeError(`${owner}: expected a config such as { units: 8 }, received ${formatValue(args)}.`);
    positiveInteger(args.units, 'units', owner);
    if (args.inputDim !== undefined) positiveInteger(args.inputDim, 'inputDim', owner);
    const activation = args.activation ?? 'linear';
    if (!activations.includes(activation)) {
      throw new TypeError(`${owner}: expected activation to be one of ${activations.map((a) => `'${a}'`).join(', ')}, received ${formatValue(activation)}.`);
    }
    const kernelInitializer = args.kernelInitializer ?? 'glorotUniform';
    const biasInitializer = args.biasInitializer ?? 'zeros';
    checkInitializer(kernelInitializer, owner, 'kernelInitializer');
    checkInitializer(biasInitializer, owner, 'biasInitializer');
    if (args.seed !== undefined && !Number.isInteger(args.seed)) throw new TypeError(`${owner}: expected seed to be an integer, received ${formatValue(args.seed)}.`);
    this.units = args.units;
    this.activation = activation;
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = kernelInitializer;
    this.biasInitializer = biasInitializer;
    this.seed = args.seed;
    this.inputDim = args.inputDim;
  }

  /**
   * Rebuilds a layer from `getConfig()`'s result (weights are not part of it).
   *
   * @example
   * ```ts
   * const twin = Dense.fromConfig(layer.getConfig());
   * ```
   */
  static fromConfig(config: DenseConfig): Dense {
    return new Dense(config);
  }

  get className(): string {
    return 'Dense';
  }

  override get weights(): readonly Weight[] {
    return [this.#kernel, this.#bias].filter((w): w is Weight => w !== null);
  }

  /** The kernel `[inputs, units]` (null before the layer is built). */
  get kernel(): Weight | null {
    return this.#kernel;
  }

  /** The bias `[units]` (null before the layer is built, or without a bias). */
  get bias(): Weight | null {
    return this.#bias;
  }

  computeOutputShape(inputShape: Shape | readonly Shape[]): Shape {
    const shape = inputShape as Shape;
    const last = shape.length >= 2 ? shape[shape.length - 1] : null;
    if (last === null) {
      throw new RangeError(`${this.describe()}: expected an input of rank 2 or more whose last dimension is known, received shape ${formatTuple(shape)}.`);
    }
    const inputs = this.#kernel?.shape[0] ?? this.inputDim;
    if (inputs !== undefined && last !== inputs) {
      throw new RangeError(`${this.describe()}: expected an input whose last dimension is ${inputs}, received shape ${formatTuple(shape)}.`);
    }
    return [...shape.slice(0, -1), this.units];
  }

  override impliedInputShape(): Shape | null {
    return super.impliedInputShape() ?? (this.inputDim === undefined ? null : [null, this.inputDim]);
  }

  protected override createWeights(inputShape: Shape | readonly Shape[]): void {
    const shape = inputShape as Shape;
    const inputs = shape[shape.length - 1] as number;
    const owner = this.describe();
    const kernel = initialValues(this.kernelInitializer, [inputs, this.units], this.seed, owner, 'kernelInitializer');
    const bias = this.useBias ? initialValues(this.biasInitializer, [this.units], this.seed === undefined ? undefined : this.seed + 1, owner, 'biasInitializer') : null;
    this.#kernel = new Weight(`${this.name}/kernel`, [inputs, this.units], new GpuWeightStorage(`${this.name}/kernel`, [inputs, this.units], kernel));
    if (bias) this.#bias = new Weight(`${this.name}/bias`, [this.units], new GpuWeightStorage(`${this.name}/bias`, [this.units], bias));
  }

  protected override checkInputDType(dtype: DType): void {
    if (dtype !== 'float32') {
      throw new TypeError(`${this.describe()}: expected float32 inputs, received ${dtype} (indices go through an Embedding first).`);
    }
  }

  /** The input as rows `[M, inputs]` (a view), and the output shape. */
  #rows(input: Tensor): { rows: Tensor; outputShape: number[] } {
    this.assertLive();
    this.checkInputDType(input.dtype);
    this.computeOutputShape([null, ...input.shape.slice(1)]);
    const inputs = this.#kernel!.shape[0];
    return { rows: input.reshape([input.size / inputs, inputs]), outputShape: [...input.shape.slice(0, -1), this.units] };
  }

  call(inputs: readonly Tensor[], _options?: CallOptions): Tensor {
    const { rows, outputShape } = this.#rows(inputs[0]);
    try {
      const out = denseForward(rows, this.#kernel!.value(), this.#bias?.value() ?? null, this.activation, this.describe());
      const shaped = out.reshape(outputShape);
      out.dispose();
      return shaped;
    } finally {
      rows.dispose();
    }
  }

  /** @internal The training forward: keeps the input rows and the output for the backward. */
  override trace(inputs: readonly Tensor[], _options?: TraceOptions): Traced<Tensor> {
    const { rows, outputShape } = this.#rows(inputs[0]);
    let y: Tensor;
    try {
      y = denseForward(rows, this.#kernel!.value(), this.#bias?.value() ?? null, this.activation, this.describe());
    } catch (error) {
      rows.dispose();
      throw error;
    }
    const inputShape = [...inputs[0].shape];
    return {
      output: y.reshape(outputShape),
      backward: (dy, want) => {
        checkGradient(dy.shape, outputShape, this.describe());
        const dyRows = dy.reshape(y.shape);
        try {
          const g = denseBackward(rows, this.#kernel!.value(), y, dyRows, this.activation, { input: want.inputs[0], kernel: want.weights, bias: want.weights && this.useBias }, this.describe());
          const dx = g.dx ? g.dx.reshape(inputShape) : null;
          g.dx?.dispose();
          return { inputs: [dx], weights: this.useBias ? [g.dKernel, g.dBias] : [g.dKernel] };
        } finally {
          dyRows.dispose();
        }
      },
      dispose: () => {
        rows.dispose();
        y.dispose();
      },
    };
  }

  /** @internal The CPU twin of `trace`: `cpu.dense` forward, `cpu.denseBackward` backward. */
  override traceCpu(inputs: readonly AnyHostTensor[], weights: readonly AnyHostTensor[], _options?: TraceOptions): Traced<AnyHostTensor> {
    const x = inputs[0] as HostTensor;
    this.computeOutputShape([null, ...x.shape.slice(1)]);
    const [kernel, bias] = weights as HostTensor[];
    const inputsPerRow = kernel.shape[0];
    const rows = { data: x.data, shape: [x.data.length / inputsPerRow, inputsPerRow] };
    const y = cpu.dense(rows, kernel, this.useBias ? bias : null, this.activation);
    const outputShape = [...x.shape.slice(0, -1), this.units];
    return {
      output: { data: y.data.slice(), shape: outputShape },
      backward: (dy, want) => {
        checkGradient(dy.shape, outputShape, this.describe());
        const g = cpu.denseBackward(rows, kernel, y, { data: dy.data as Float32Array, shape: y.shape }, this.activation);
        const dx = want.inputs[0] ? { data: g.dx.data, shape: [...x.shape] } : null;
        const grads = want.weights ? [g.dKernel, g.dBias] : [null, null];
        return { inputs: [dx], weights: this.useBias ? grads : grads.slice(0, 1) };
      },
      dispose: () => undefined,
    };
  }

  override getConfig(): DenseConfig {
    const config: DenseConfig = {
      ...super.getConfig(),
      units: this.units,
      activation: this.activation,
      useBias: this.useBias,
      kernelInitializer: this.kernelInitializer,
      biasInitializer: this.biasInitializer,
    };
    if (this.seed !== undefined) config.seed = this.seed;
    if (this.inputDim !== undefined) config.inputDim = this.inputDim;
    return config;
  }
}
