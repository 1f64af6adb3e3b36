/**
 * The training forward of layers that only reshape (Input, Flatten): the
 * output is a view of the input, and the gradient is `dy` viewed in the
 * input's shape.
 */
import type { AnyHostTensor } from '../cpu/host-tensor.js';
import type { Tensor } from '../tensor/tensor.js';
import { formatShape } from '../validate/position.js';
import type { Traced } from './traced.js';

/**
 * Throws a RangeError unless `dy` has the shape of the output it is the gradient of.
 *
 * @example
 * ```ts
 * checkGradient(dy.shape, output.shape, "Dense 'dense'");
 * ```
 */
export function checkGradient(received: readonly number[], expected: readonly number[], owner: string): void {
  if (received.length !== expected.length || received.some((d, i) => d !== expected[i])) {
    throw new RangeError(`${owner}: expected an output gradient of shape ${formatShape(expected)}, received ${formatShape(received)}.`);
  }
}

/**
 * @internal A traced reshape on the GPU: the output is a view of `input` in
 * `shape`; the input gradient is a view of `dy` in the input's shape.
 *
 * @example
 * ```ts
 * const traced = viewTrace(x, [x.shape[0], 12], this.describe());
 * ```
 */
export function viewTrace(input: Tensor, shape: readonly number[], owner: string): Traced<Tensor> {
  const inputShape = [...input.shape];
  return {
    output: input.reshape(shape),
    backward: (dy, want) => {
      checkGradient(dy.shape, shape, owner);
      return { inputs: [want.inputs[0] ? dy.reshape(inputShape) : null], weights: [] };
    },
    dispose: () => undefined,
  };
}

/**
 * @internal The CPU twin of {@link viewTrace}: copies in the new shapes (host values are never shared).
 *
 * @example
 * ```ts
 * const traced = viewTraceCpu(x, [x.shape[0], 12], this.describe());
 * ```
 */
export function viewTraceCpu(input: AnyHostTensor, shape: readonly number[], owner: string): Traced<AnyHostTensor> {
  const inputShape = [...input.shape];
  return {
    output: { data: input.data.slice(), shape: [...shape] },
    backward: (dy, want) => {
      checkGradient(dy.shape, shape, owner);
      return { inputs: [want.inputs[0] ? { data: dy.data.slice(), shape: inputShape } : null], weights: [] };
    },
    dispose: () => undefined,
  };
}
