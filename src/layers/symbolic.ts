/**
 * Symbolic tensors: the placeholders a functional model is wired from.
 * `Input()` makes one; `layer.apply(symbolic)` (or `apply([a, b])`) makes
 * another and records which layer produced it from which inputs (a node of
 * the graph).
 */
import type { DType } from '../tensor/tensor.js';
import type { Layer } from './layer.js';
import { formatTuple, type Shape } from './shape.js';

/**
 * A tensor of known shape (batch `null`) and dtype but no values, produced
 * by `Input()` or by applying a layer to another symbolic tensor.
 *
 * @example
 * ```ts
 * const x = Input({ shape: [1] });
 * x.shape;                        // [null, 1]
 * new Flatten().apply(x).shape;   // [null, 1]
 * ```
 */
export class SymbolicTensor {
  readonly shape: Shape;

  /** @internal Made by `Input()` and `Layer.apply`. */
  constructor(
    shape: Shape,
    readonly dtype: DType,
    /** The layer that produced this tensor (an `InputLayer` for a model input). */
    readonly layer: Layer,
    /** The symbolic tensors that layer was applied to (none for an input). */
    readonly inputs: readonly SymbolicTensor[],
    /** Which application of `layer` made this tensor (Keras's node index: 0 for the first). */
    readonly nodeIndex = 0,
  ) {
    this.shape = Object.freeze([...shape]);
  }

  /** Number of dimensions, batch included. */
  get rank(): number {
    return this.shape.length;
  }

  /** e.g. `SymbolicTensor int32 (None, 1) from input`. */
  toString(): string {
    return `SymbolicTensor ${this.dtype} ${formatTuple(this.shape)} from ${this.layer.name}`;
  }
}
