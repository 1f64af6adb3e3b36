/**
 * The two forms of a weight's gradient an optimizer takes: dense (the
 * weight's shape) or unique rows of a 2-D weight, and the check that one
 * fits its weight and slots before a step is encoded.
 */
import type { Weight } from '../layers/weight.js';
import type { Shard } from '../tensor/storage.js';
import type { Tensor } from '../tensor/tensor.js';

/** Unique rows of a table's gradient (from segmentSumRows): index V marks an unused slot. */
export interface UniqueRows<T> {
  indices: T;
  rows: T;
}

/**
 * Whether a weight's gradient is unique rows (else dense).
 *
 * @example
 * ```ts
 * const count = isRows(gradient) ? gradient.rows.shape[0] : gradient.shape[0];
 * ```
 */
export function isRows<T>(gradient: T | UniqueRows<T>): gradient is UniqueRows<T> {
  return typeof gradient === 'object' && gradient !== null && 'indices' in gradient && 'rows' in gradient;
}

/**
 * @internal Throws a RangeError naming `owner` unless `slots` are still laid
 * out like `weight`'s buffers and `gradient` fits the weight: dense with the
 * same buffers' sizes, or rows as long as the weight's (2-D) with one index
 * per row.
 *
 * @example
 * ```ts
 * checkStepLayout(weight, slots, gradient, "Adam step of 'dense/kernel'");
 * ```
 */
export function checkStepLayout(weight: Weight, slots: readonly Tensor[], gradient: Tensor | UniqueRows<Tensor>, owner: string): void {
  const value = weight.value();
  const aligned = (shards: readonly Shard[]) =>
    shards.length === value.shards.length && shards.every((s, i) => s.byteLength === value.shards[i].byteLength);
  if (!slots.every((slot) => aligned(slot.shards))) {
    throw new RangeError(`${owner}: the weight's buffers changed since its slots were made; compile again.`);
  }
  const dim = weight.shape[weight.shape.length - 1] ?? 1;
  if (isRows(gradient)) {
    if (weight.shape.length !== 2 || gradient.rows.shape[1] !== dim || gradient.indices.size !== gradient.rows.shape[0]) {
      throw new RangeError(`${owner}: row gradients ${gradient.rows.toString()} at ${gradient.indices.toString()} do not fit a weight [${weight.shape.join(', ')}].`);
    }
  } else if (gradient.size !== weight.size || !aligned(gradient.shards)) {
    throw new RangeError(`${owner}: expected a gradient laid out like the weight [${weight.shape.join(', ')}], received ${gradient.toString()}.`);
  }
}
