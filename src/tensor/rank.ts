/**
 * Ranks in the type system: a `Tensor<D, R>` whose rank `R` is known at
 * compile time reads back (`array()`) as nested arrays of that depth, e.g.
 * `number[][]` for a rank-2 tensor. Where the rank is not known (`number`),
 * reads give the general `NestedArray`. Types only: nothing here runs.
 */
import type { NestedArray } from '../validate/nested.js';

/**
 * What `array()` returns for a tensor of rank `R`: `number` for rank 0,
 * `number[]` for rank 1, ... up to rank 6; `NestedArray` when the rank is
 * not known at compile time.
 *
 * @example
 * ```ts
 * const rows: ArrayOfRank<2> = [[1, 2], [3, 4]];
 * ```
 */
export type ArrayOfRank<R extends number> = number extends R
  ? NestedArray
  : R extends 0
    ? number
    : R extends 1
      ? number[]
      : R extends 2
        ? number[][]
        : R extends 3
          ? number[][][]
          : R extends 4
            ? number[][][][]
            : R extends 5
              ? number[][][][][]
              : R extends 6
                ? number[][][][][][]
                : NestedArray;

/**
 * The rank of values given to `tensor()` or an op: a tensor's own rank, the
 * depth of nested arrays (up to 6), 1 for a flat typed array, else `number`
 * (unknown).
 *
 * @example
 * ```ts
 * type Two = RankOf<number[][]>; // 2
 * ```
 */
export type RankOf<T> = T extends { readonly rank: infer R extends number }
  ? R
  : T extends number
    ? 0
    : T extends ArrayBufferView
      ? 1
      : T extends readonly number[]
        ? 1
        : T extends readonly (readonly number[])[]
          ? 2
          : T extends readonly (readonly (readonly number[])[])[]
            ? 3
            : T extends readonly (readonly (readonly (readonly number[])[])[])[]
              ? 4
              : number;

/**
 * `R + 1` for known ranks up to 5 (an op that adds an axis, e.g. `gather`
 * adds the row axis to the indices' shape); `number` otherwise.
 *
 * @example
 * ```ts
 * type Three = PlusOne<2>; // 3
 * ```
 */
export type PlusOne<R extends number> = number extends R
  ? number
  : R extends 0
    ? 1
    : R extends 1
      ? 2
      : R extends 2
        ? 3
        : R extends 3
          ? 4
          : R extends 4
            ? 5
            : R extends 5
              ? 6
              : number;
