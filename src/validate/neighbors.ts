/**
 * Host-side checks for nearestNeighbors, shared by the op and the CPU
 * reference so both reject the same input with the same message.
 */
import { toIndices, type IndexData } from './indices.js';
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

/** Rows nearestNeighbors leaves out of its answers, checked. */
export interface Exclusions {
  /** The excluded rows, `perList` per list, row-major (duplicates allowed). */
  rows: Int32Array;
  /** Entries per list. */
  perList: number;
  /** One list per query (`[Q, E]`), or one list for every query (`[E]`). */
  perQuery: boolean;
}

/**
 * Checks nearestNeighbors' `exclude` option: host indices of table rows,
 * either one list for every query (`[E]`, a typed array too) or one list per
 * query (`[Q, E]`; repeat an entry to pad a shorter list), and `k` against
 * the rows left for each query. Returns null when nothing is excluded.
 *
 * @example
 * ```ts
 * checkExclusions([0, 5], 10, 2, 3, 'nearestNeighbors');        // { rows: Int32Array [0, 5], perList: 2, perQuery: false }
 * checkExclusions([[5], [6]], 10, 2, 3, 'nearestNeighbors');    // one list per query
 * checkExclusions([0, 5], 10, 2, 9, 'nearestNeighbors');        // RangeError: k at most 8
 * ```
 */
export function checkExclusions(exclude: unknown, rows: number, queries: number, k: number, op: string): Exclusions | null {
  if (exclude === undefined) return null;
  const { data, shape } = toIndices(exclude as IndexData, { op: `${op}: exclude`, upper: rows });
  if (shape.length > 2 || (shape.length === 2 && shape[0] !== queries)) {
    throw new RangeError(`${op}: expected exclude to be one list of rows for every query ([E]) or one list per query ([${queries}, E]), received shape ${formatShape(shape)}.`);
  }
  const perQuery = shape.length === 2;
  const perList = perQuery ? shape[1] : data.length;
  if (perList === 0) return null;
  const lists = perQuery ? queries : 1;
  for (let q = 0; q < lists; q++) {
    const left = rows - new Set(data.subarray(q * perList, (q + 1) * perList)).size;
    if (k > left) {
      throw new RangeError(
        `${op}: expected k to be at most ${left} (the table's ${rows} rows less the ${rows - left} excluded${perQuery ? ` for query ${q}` : ''}), received ${k}.`,
      );
    }
  }
  return { rows: data, perList, perQuery };
}
