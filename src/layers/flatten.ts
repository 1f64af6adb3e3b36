/**
 * Flatten: `[batch, ...]` -> `[batch, product]`, a view of the same GPU
 * buffer (no copy), as the notebook uses it to drop the sequence axis.
 */
import type { AnyHostTensor } from '../cpu/host-tensor.js';
import type { Tensor } from '../tensor/tensor.js';
import { Layer, type LayerArgs, type LayerConfig, type TraceOptions, type Traced } from './layer.js';
import { viewTrace, viewTraceCpu } from './reshape-trace.js';
import { formatTuple, sizeOf, type Shape } from './shape.js';

/**
 * Collapses every axis after the batch into one. A rank-1 input `[batch]`
 * becomes `[batch, 1]`, as in Keras.
 *
 * @example
 * ```ts
 * new Flatten().computeOutputShape([null, 1, 4]); // [null, 4]
 * ```
 */
export class Flatten extends Layer {
  constructor(args: LayerArgs = {}) {
    super(args, 'flatten');
  }

  get className(): string {
    return 'Flatten';
  }

  computeOutputShape(inputShape: Shape): Shape {
    if (inputShape.length < 1) throw new RangeError(`${this.describe()}: expected an input with a batch axis, received shape ${formatTuple(inputShape)}.`);
    return [inputShape[0], sizeOf(inputShape.slice(1))];
  }

  /**
   * Rebuilds a layer from `getConfig()`'s result.
   *
   * @example
   * ```ts
   * const twin = Flatten.fromConfig(new Flatten().getConfig());
   * ```
   */
  static fromConfig(config: LayerConfig): Flatten {
    return new Flatten(config);
  }

  call(inputs: readonly Tensor[]): Tensor {
    this.assertLive();
    return inputs[0].reshape(flatShape(inputs[0].shape));
  }

  override trace(inputs: readonly Tensor[], _options?: TraceOptions): Traced<Tensor> {
    this.assertLive();
    return viewTrace(inputs[0], flatShape(inputs[0].shape), this.describe());
  }

  override traceCpu(inputs: readonly AnyHostTensor[], _weights?: readonly AnyHostTensor[], _options?: TraceOptions): Traced<AnyHostTensor> {
    return viewTraceCpu(inputs[0], flatShape(inputs[0].shape), this.describe());
  }
}

function flatShape(shape: readonly number[]): number[] {
  return [shape[0], shape.slice(1).reduce((a, b) => a * b, 1)];
}
