/**
 * Nested JavaScript arrays (as `model.predict([[0], [3]])` takes them) turned
 * into a flat list and a shape, rejecting ragged arrays and non-numbers with
 * the position of the first offender.
 */
import { formatShape, formatValue } from './position.js';

/** A number or arbitrarily nested arrays of numbers. */
export type NestedArray = number | NestedArray[];

/**
 * What inputs accept where `NestedArray` is meant: the same, with readonly
 * arrays allowed at every level (`as const` data, `readonly number[]`).
 *
 * @example
 * ```ts
 * const ids: ReadonlyNestedArray = [[2], [0]] as const;
 * ```
 */
export type ReadonlyNestedArray = number | readonly ReadonlyNestedArray[];

/** A flat row-major list of numbers with its shape. */
export interface Flat<T extends ArrayLike<number> = number[]> {
  data: T;
  shape: number[];
}

/**
 * Flattens a nested array, checking that it is rectangular and holds only numbers.
 *
 * @example
 * ```ts
 * flattenNested([[1, 2], [3, 4]], 'tensor'); // { data: [1, 2, 3, 4], shape: [2, 2] }
 * ```
 */
export function flattenNested(values: unknown, op: string): Flat {
  const shape: number[] = [];
  for (let level: unknown = values; Array.isArray(level); level = level[0]) {
    shape.push(level.length);
    if (level.length === 0) break;
  }
  const data: number[] = [];
  const walk = (node: unknown, depth: number, at: number[]): void => {
    if (depth === shape.length) {
      if (typeof node !== 'number') {
        throw new TypeError(`${op}: expected a number at ${formatShape(at)}, received ${formatValue(node)}.`);
      }
      data.push(node);
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[depth]) {
      const got = Array.isArray(node) ? `${node.length} entries` : formatValue(node);
      throw new TypeError(
        `${op}: ragged nested array: expected ${shape[depth]} entries at ${formatShape(at)} (like the first entry at that depth), received ${got}.`,
      );
    }
    node.forEach((child, i) => walk(child, depth + 1, [...at, i]));
  };
  walk(values, 0, []);
  return { data, shape };
}

/**
 * Rebuilds nested arrays from row-major data.
 *
 * @example
 * ```ts
 * nest(new Float32Array([1, 2, 3, 4]), [2, 2]); // [[1, 2], [3, 4]]
 * ```
 */
export function nest(data: ArrayLike<number>, shape: readonly number[]): NestedArray {
  if (shape.length === 0) return data[0];
  const build = (axis: number, offset: number): NestedArray[] => {
    const extent = shape[axis];
    const stride = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    const out: NestedArray[] = new Array(extent);
    for (let i = 0; i < extent; i++) {
      out[i] = axis === shape.length - 1 ? data[offset + i] : build(axis + 1, offset + i * stride);
    }
    return out;
  };
  return build(0, 0);
}
