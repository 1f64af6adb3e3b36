/**
 * Op arguments that may be a GPU tensor or host data. Host data is checked
 * and uploaded here; the op disposes what it uploaded once the work is
 * submitted.
 */
import { toIndices, type IndexData } from '../validate/indices.js';
import { formatValue } from '../validate/position.js';
import { tensor, type TensorLike } from './create.js';
import { Tensor } from './tensor.js';

/** A tensor an op received or made, and whether the op must dispose it. */
export interface OpInput<D extends 'float32' | 'int32'> {
  tensor: Tensor<D>;
  /** True when the op uploaded it from host data and so owns it. */
  owned: boolean;
}

/**
 * A float32 tensor from a tensor or host values.
 *
 * @example
 * ```ts
 * const { tensor: table, owned } = floatInput([[1, 2]], 'gather', 'table');
 * ```
 */
export function floatInput(value: Tensor | TensorLike, op: string, what: string): OpInput<'float32'> {
  if (value instanceof Tensor) {
    value.assertLive();
    if (value.dtype !== 'float32') throw new TypeError(`${op}: expected ${what} of dtype float32, received ${value.dtype}.`);
    return { tensor: value as Tensor<'float32'>, owned: false };
  }
  return { tensor: tensor(value, undefined, 'float32'), owned: true };
}

/**
 * An int32 index tensor from a tensor (GPU-resident: the kernel guards its
 * range) or host indices (validated against `[0, upper)` before upload).
 *
 * @example
 * ```ts
 * const { tensor: idx, owned } = indexInput([[2], [0]], 3, 'gather');
 * ```
 */
export function indexInput(value: Tensor | IndexData, upper: number, op: string): OpInput<'int32'> {
  if (value instanceof Tensor) {
    value.assertLive();
    if (value.dtype !== 'int32') throw new TypeError(`${op}: expected int32 indices, received a ${value.dtype} tensor.`);
    return { tensor: value as Tensor<'int32'>, owned: false };
  }
  if (value === null || value === undefined) {
    throw new TypeError(`${op}: expected indices, received ${formatValue(value)}.`);
  }
  const { data, shape } = toIndices(value, { op, upper });
  return { tensor: tensor(data, shape, 'int32'), owned: true };
}

/**
 * Disposes the inputs an op uploaded itself.
 *
 * @example
 * ```ts
 * release(table, idx);
 * ```
 */
export function release(...inputs: OpInput<'float32' | 'int32'>[]): void {
  for (const input of inputs) if (input.owned) input.tensor.dispose();
}
