/**
 * The two forms of a weight's gradient an optimizer takes: dense (the
 * weight's shape) or unique rows of a 2-D weight.
 */

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
