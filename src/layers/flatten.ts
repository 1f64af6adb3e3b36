/**
 * Flatten: `[batch, ...]` -> `[batch, product]`, a view of the same GPU
 * buffer (no copy), as the notebook uses it to drop the sequence axis.
 */
import type { Tensor } from '../tensor/tensor.js';
import { Layer, type LayerArgs } from './layer.js';
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

  call(input: Tensor): Tensor {
    this.assertLive();
    return input.reshape([input.shape[0], input.shape.slice(1).reduce((a, b) => a * b, 1)]);
  }
}
