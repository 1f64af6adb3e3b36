/**
 * What optimizers take and give: their common options, a weight's gradient
 * for one step, and a slot named as TensorFlow.js names it.
 */
import type { Weight } from '../layers/weight.js';
import type { Tensor } from '../tensor/tensor.js';
import type { UniqueRows } from './gradients.js';

/** Options every optimizer takes. */
export interface OptimizerArgs {
  /** Step size. */
  learningRate?: number;
  /**
   * Update a table whose gradient comes from lookups (Embedding,
   * EmbeddingBag) only on the rows the batch touched, slots included, like
   * TF Addons' LazyAdam. Faster on large tables, and NOT Keras-equal for
   * optimizers whose slots decay (Adam, RMSprop, SGD with momentum): rows
   * a batch leaves out keep their moments and do not move. Default false.
   */
  lazy?: boolean;
}

/** @internal One weight's gradient for a step: dense (the weight's shape) or unique rows of a 2-D weight. */
export interface WeightUpdate<T> {
  weight: Weight;
  gradient: T | UniqueRows<T>;
}

/** A weight's state as TensorFlow.js's `optimizer.getWeights()` names it, e.g. `user_embedding/embeddings/m`. */
export interface NamedTensor {
  name: string;
  tensor: Tensor<'float32'>;
}
