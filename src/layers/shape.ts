/**
 * Symbolic shapes: `null` stands for a dimension known only when data
 * arrives (the batch), as Keras's `None`.
 */

/** A shape whose dimensions may be unknown (`null`), outermost first. */
export type Shape = readonly (number | null)[];

/**
 * Formats a shape as Keras prints it, e.g. `(None, 1, 4)`.
 *
 * @example
 * ```ts
 * formatTuple([null, 1, 4]); // '(None, 1, 4)'
 * formatTuple([null]);       // '(None,)'
 * ```
 */
export function formatTuple(shape: Shape): string {
  const dims = shape.map((d) => (d === null ? 'None' : String(d)));
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}

/**
 * Number of elements, or null when a dimension is unknown.
 *
 * @example
 * ```ts
 * sizeOf([2, 3]);    // 6
 * sizeOf([null, 3]); // null
 * ```
 */
export function sizeOf(shape: Shape): number | null {
  let size = 1;
  for (const d of shape) {
    if (d === null) return null;
    size *= d;
  }
  return size;
}
