/**
 * Host-side checks for nearestNeighbors, shared by the op and the CPU
 * reference so both reject the same input with the same message.
 */
import { formatShape, formatValue } from './position.js';

/** How nearestNeighbors compares vectors. */
export type Metric = 'cosine' | 'dot' | 'euclidean';

const metrics: readonly Metric[] = ['cosine', 'dot', 'euclidean'];

/**
 * The metric, `'cosine'` when left out.
 *
 * @example
 * ```ts
 * metricOf(undefined, 'nearestNeighbors'); // 'cosine'
 * ```
 */
export function metricOf(metric: unknown, op: string): Metric {
  if (metric === undefined) return 'cosine';
  if (!metrics.includes(metric as Metric)) {
    throw new RangeError(`${op}: expected metric 'cosine', 'dot' or 'euclidean', received ${formatValue(metric)}.`);
  }
  return metric as Metric;
}

/**
 * Checks the table `[V, D]` and queries `[Q, D]` shapes and `k` in `[1, V]`;
 * returns `[V, D, Q]`.
 *
 * @example
 * ```ts
 * checkNeighborShapes([10, 4], [2, 4], 3, 'nearestNeighbors'); // [10, 4, 2]
 * checkNeighborShapes([10, 4], [2, 4], 11, 'nearestNeighbors'); // RangeError: k in [1, 10]
 * ```
 */
export function checkNeighborShapes(table: readonly number[], queries: readonly number[], k: unknown, op: string): [number, number, number] {
  if (table.length !== 2) throw new RangeError(`${op}: expected a table of rank 2 [V, D], received shape ${formatShape(table)}.`);
  const [rows, dim] = table;
  if (queries.length !== 2 || queries[1] !== dim) {
    throw new RangeError(`${op}: expected queries of shape [Q, ${dim}] (the table's D), received shape ${formatShape(queries)}.`);
  }
  if (typeof k !== 'number') throw new TypeError(`${op}: expected k to be an integer, received ${formatValue(k)}.`);
  if (!Number.isInteger(k) || k < 1 || k > rows) {
    throw new RangeError(`${op}: expected k to be an integer in [1, ${rows}] (the table's rows), received ${formatValue(k)}.`);
  }
  return [rows, dim, queries[0]];
}
