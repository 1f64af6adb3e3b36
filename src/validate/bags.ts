/**
 * Host-side checks for embeddingBag's options, shared by the op and the CPU
 * reference so both reject the same input with the same message. Semantics
 * follow PyTorch's `nn.functional.embedding_bag`.
 */
import { flattenNested } from './nested.js';
import { formatShape, formatValue } from './position.js';

/** How a bag's rows are reduced. */
export type BagMode = 'sum' | 'mean' | 'max';

const modes: readonly BagMode[] = ['sum', 'mean', 'max'];

/**
 * The reduction mode, `'mean'` when left out (as in PyTorch).
 *
 * @example
 * ```ts
 * bagMode(undefined, 'embeddingBag'); // 'mean'
 * bagMode('min', 'embeddingBag');     // RangeError
 * ```
 */
export function bagMode(mode: unknown, op: string): BagMode {
  if (mode === undefined) return 'mean';
  if (!modes.includes(mode as BagMode)) {
    throw new RangeError(`${op}: expected mode 'sum', 'mean' or 'max', received ${formatValue(mode)}.`);
  }
  return mode as BagMode;
}

/**
 * The padding row as an index in `[0, rows)`, or `null` for none. Negative
 * values count from the end, as in PyTorch (`-1` is the last row).
 *
 * @example
 * ```ts
 * paddingRow(-1, 10, 'embeddingBag'); // 9
 * ```
 */
export function paddingRow(paddingIdx: unknown, rows: number, op: string): number | null {
  if (paddingIdx === undefined || paddingIdx === null) return null;
  if (typeof paddingIdx !== 'number' || !Number.isInteger(paddingIdx)) {
    throw new TypeError(`${op}: expected paddingIdx to be an integer, received ${formatValue(paddingIdx)}.`);
  }
  if (paddingIdx < -rows || paddingIdx >= rows) {
    throw new RangeError(`${op}: expected paddingIdx in [${-rows}, ${rows}) for a table of ${rows} rows, received ${paddingIdx}.`);
  }
  return paddingIdx < 0 ? rows + paddingIdx : paddingIdx;
}

/**
 * Checks the rank of the indices: 2-D `[bags, bagSize]` without offsets, 1-D
 * (all bags back to back) with them.
 *
 * @example
 * ```ts
 * checkIndexRank([4, 3], false, 'embeddingBag'); // ok: 4 bags of 3
 * checkIndexRank([12], false, 'embeddingBag');   // RangeError: 1-D indices need offsets
 * ```
 */
export function checkIndexRank(shape: readonly number[], hasOffsets: boolean, op: string): void {
  if (hasOffsets && shape.length !== 1) {
    throw new RangeError(`${op}: with offsets, expected 1-D indices, received shape ${formatShape(shape)}.`);
  }
  if (!hasOffsets && shape.length !== 2) {
    const hint = shape.length === 1 ? ' (1-D indices need offsets)' : '';
    throw new RangeError(`${op}: expected 2-D indices [bags, bagSize] or 1-D indices with offsets, received shape ${formatShape(shape)}${hint}.`);
  }
}

/**
 * Host offsets (CSR bag starts) converted to `Int32Array` and checked against
 * `count` indices: 1-D integers, `offsets[0] === 0`, never decreasing, at
 * most `count`; with `includeLastOffset` the last one must equal `count`.
 *
 * @example
 * ```ts
 * bagOffsets([0, 2, 2], 5, false, 'embeddingBag'); // Int32Array [0, 2, 2]: bags [0,2), [2,2), [2,5)
 * bagOffsets([0, 3, 1], 5, false, 'embeddingBag'); // RangeError: offsets must not decrease ...
 * ```
 */
export function bagOffsets(offsets: unknown, count: number, includeLastOffset: boolean, op: string): Int32Array {
  const values = offsetValues(offsets, op);
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const raw = values[i];
    const value = typeof raw === 'bigint' ? Number(raw) : raw;
    if (!Number.isInteger(value)) {
      throw new TypeError(`${op}: expected integer offsets, received ${formatValue(raw)} at [${i}].`);
    }
    if (value < 0 || value > count) {
      throw new RangeError(`${op}: expected offsets in [0, ${count}] (there are ${count} indices), received ${formatValue(raw)} at [${i}].`);
    }
    if (i === 0 && value !== 0) throw new RangeError(`${op}: expected offsets[0] to be 0, received ${formatValue(raw)}.`);
    if (i > 0 && value < out[i - 1]) {
      throw new RangeError(`${op}: offsets must not decrease, received ${formatValue(raw)} at [${i}] after ${out[i - 1]} at [${i - 1}].`);
    }
    out[i] = value;
  }
  checkOffsetCount(out.length, count, includeLastOffset, op);
  if (includeLastOffset && out[out.length - 1] !== count) {
    throw new RangeError(
      `${op}: with includeLastOffset the last offset must equal the number of indices (${count}), received ${out[out.length - 1]}.`,
    );
  }
  return out;
}

/**
 * Checks the number of offsets (also for GPU-resident offsets, whose values
 * cannot be read): with `includeLastOffset` at least one; without it, at
 * least one unless there are no indices at all.
 *
 * @example
 * ```ts
 * checkOffsetCount(0, 4, false, 'embeddingBag'); // RangeError: 4 indices need at least one offset
 * ```
 */
export function checkOffsetCount(length: number, count: number, includeLastOffset: boolean, op: string): void {
  if (includeLastOffset && length === 0) {
    throw new RangeError(`${op}: with includeLastOffset, offsets need at least one entry (the end, ${count}).`);
  }
  if (!includeLastOffset && length === 0 && count > 0) {
    throw new RangeError(`${op}: ${count} indices need at least one offset (offsets[0] = 0 starts the first bag).`);
  }
}

/**
 * Bags described by offsets: one per offset, or one fewer with `includeLastOffset`.
 *
 * @example
 * ```ts
 * bagCount(3, true); // 2
 * ```
 */
export function bagCount(offsetCount: number, includeLastOffset: boolean): number {
  return includeLastOffset ? Math.max(0, offsetCount - 1) : offsetCount;
}

/**
 * Checks that per-sample weights are allowed (mode `'sum'` only) and have one
 * value per index.
 *
 * @example
 * ```ts
 * checkWeights(4, 4, 'sum', 'embeddingBag');  // ok
 * checkWeights(4, 4, 'mean', 'embeddingBag'); // RangeError: only with mode 'sum'
 * ```
 */
export function checkWeights(weightCount: number, count: number, mode: BagMode, op: string): void {
  if (mode !== 'sum') {
    throw new RangeError(`${op}: perSampleWeights are only supported with mode 'sum', received mode '${mode}'.`);
  }
  if (weightCount !== count) {
    throw new RangeError(`${op}: expected perSampleWeights with ${count} values (one per index), received ${weightCount}.`);
  }
}

function offsetValues(offsets: unknown, op: string): ArrayLike<number | bigint> {
  if (offsets instanceof Int32Array || offsets instanceof Uint32Array || offsets instanceof BigInt64Array || offsets instanceof BigUint64Array) {
    return offsets;
  }
  if (Array.isArray(offsets)) {
    const { data, shape } = flattenNested(offsets, op);
    if (shape.length !== 1) throw new RangeError(`${op}: expected 1-D offsets, received ${shape.length}-D nested arrays.`);
    return data;
  }
  throw new TypeError(`${op}: expected offsets as an array, Int32Array, Uint32Array, BigInt64Array or int32 Tensor, received ${formatValue(offsets)}.`);
}
