/**
 * Model inputs: `Input({ shape })` is a symbolic tensor of shape
 * `[null, ...shape]` made by an `InputLayer`.
 */
import type { AnyHostTensor } from '../cpu/host-tensor.js';
import type { DType, Tensor } from '../tensor/tensor.js';
import { formatValue } from '../validate/position.js';
import { Layer, type LayerConfig, type TraceOptions, type Traced } from './layer.js';
import { viewTrace, viewTraceCpu } from './reshape-trace.js';
import { formatTuple, type Shape } from './shape.js';
import { SymbolicTensor } from './symbolic.js';

/** Options of {@link Input}. */
export interface InputConfig {
  /** The shape of one sample, without the batch: `[1]` for one index per sample, `[null]` for any length. */
  shape: readonly (number | null)[];
  /** Defaults to `input`, `input_1`, ... */
  name?: string;
  /** `'int32'` (indices, the default) or `'float32'`. */
  dtype?: DType;
}

/** The configuration `getConfig` returns and `InputLayer.fromConfig` takes (Keras's `batch_input_shape`, `dtype`). */
export interface InputLayerConfig extends LayerConfig {
  batchInputShape: (number | null)[];
  dtype: DType;
}

/**
 * The layer behind a model input; it passes its data through. Functional
 * models list it in `layers` (as Keras does), `Sequential` does not.
 *
 * @example
 * ```ts
 * const x = Input({ shape: [1], name: 'input' });
 * x.layer.className; // 'InputLayer'
 * ```
 */
export class InputLayer extends Layer {
  readonly dtype: DType;
  readonly sampleShape: readonly (number | null)[];

  constructor(config: InputConfig) {
    super({ name: config.name }, 'input');
    const { shape, dtype = 'int32' } = config;
    if (!Array.isArray(shape) || shape.some((d) => d !== null && (!Number.isInteger(d) || d < 0))) {
      throw new TypeError(`Input: expected shape to be an array of non-negative integers or null, received ${Array.isArray(shape) ? formatTuple(shape) : formatValue(shape)}.`);
    }
    if (dtype !== 'int32' && dtype !== 'float32') {
      throw new TypeError(`Input: expected dtype 'int32' or 'float32', received ${formatValue(dtype)}.`);
    }
    this.dtype = dtype;
    this.sampleShape = Object.freeze([...shape]);
    this.build([null, ...shape]);
  }

  /**
   * Rebuilds an input layer from `getConfig()`'s result.
   *
   * @example
   * ```ts
   * const twin = InputLayer.fromConfig(x.layer.getConfig() as InputLayerConfig);
   * ```
   */
  static fromConfig(config: InputLayerConfig): InputLayer {
    return new InputLayer({ shape: config.batchInputShape.slice(1), dtype: config.dtype, name: config.name });
  }

  get className(): string {
    return 'InputLayer';
  }

  override getConfig(): InputLayerConfig {
    return { ...super.getConfig(), batchInputShape: [null, ...this.sampleShape], dtype: this.dtype };
  }

  computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  call(inputs: readonly Tensor[]): Tensor {
    return inputs[0].reshape(inputs[0].shape);
  }

  override trace(inputs: readonly Tensor[], _options?: TraceOptions): Traced<Tensor> {
    return viewTrace(inputs[0], inputs[0].shape, this.describe());
  }

  override traceCpu(inputs: readonly AnyHostTensor[], _weights?: readonly AnyHostTensor[], _options?: TraceOptions): Traced<AnyHostTensor> {
    return viewTraceCpu(inputs[0], inputs[0].shape, this.describe());
  }

  /** The symbolic tensor this layer produces. */
  output(): SymbolicTensor {
    return new SymbolicTensor([null, ...this.sampleShape], this.dtype, this, [], this.nextNodeIndex());
  }
}

/**
 * A model input: a symbolic tensor of shape `[null, ...shape]` (the batch
 * first), int32 unless `dtype` says otherwise.
 *
 * @example
 * ```ts
 * const x = Input({ shape: [1], name: 'input' });
 * x.shape; // [null, 1]
 * x.dtype; // 'int32'
 * ```
 */
export function Input(config: InputConfig): SymbolicTensor {
  if (typeof config !== 'object' || config === null) {
    throw new TypeError(`Input: expected a config such as { shape: [1] }, received ${formatValue(config)}.`);
  }
  return new InputLayer(config).output();
}
