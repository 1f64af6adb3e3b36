/**
 * The types of a `Model`'s construction and results: what its outputs may
 * be, and what `predict` and `outputShape` give for them.
 */
import type { Shape } from '../layers/shape.js';
import type { SymbolicTensor } from '../layers/symbolic.js';
import type { Tensor } from '../tensor/tensor.js';

/** A model's outputs: one symbolic tensor, or a list of them. */
export type ModelOutputs = SymbolicTensor | readonly SymbolicTensor[];

/**
 * What `predict` returns for outputs `O`: one `Tensor` for one output (or a
 * list of exactly one), an array for a list of several; `Tensor | Tensor[]`
 * when the type system cannot tell.
 */
export type PredictResult<O extends ModelOutputs> = O extends SymbolicTensor
  ? Tensor
  : O extends readonly [SymbolicTensor]
    ? Tensor
    : O extends readonly [SymbolicTensor, SymbolicTensor, ...SymbolicTensor[]]
      ? Tensor[]
      : Tensor | Tensor[];

/** What `outputShape` is for outputs `O`: one shape for one output, a list for several (as {@link PredictResult}). */
export type OutputShapeOf<O extends ModelOutputs> = PredictResult<O> extends Tensor ? Shape : PredictResult<O> extends Tensor[] ? Shape[] : Shape | Shape[];

/** Options of {@link Model}. */
export interface ModelConfig<O extends ModelOutputs = ModelOutputs> {
  /** One `Input` or several (then `predict` takes one entry per input, in this order). */
  inputs: SymbolicTensor | readonly SymbolicTensor[];
  /** One output or several (then `predict` returns an array of tensors). */
  outputs: O;
  /** Defaults to `model`, `model_1`, ... */
  name?: string;
}
