/**
 * The lab's 2-D map of the item embeddings: principal component analysis
 * with the library's GPU ops. The O(V·D²) work (the mean, the D x D Gram
 * matrix Xᵀ X in one `matMul(x, x, { transposeA: true })`, the projection)
 * is gather and matMul on the GPU; the D x D covariance is diagonalised on
 * the host.
 */
import { gather, matMul, tensor, tidy, type Tensor } from '../index.js';
import { symmetricEigen } from './eigen.js';

/** Each row's 2-D coordinates and the share of the variance the two axes explain. */
export interface Map2d {
  /** `[x0, y0, x1, y1, ...]`, one pair per table row. */
  points: Float32Array;
  explained: [number, number];
}

/**
 * Projects the rows of `table` (`[V, D]`, on the GPU) onto its first two
 * principal components. `rows` (default: all) picks the rows that define
 * the components, e.g. only items that were rated; every row is projected.
 *
 * @example
 * ```ts
 * const { points } = await pca2d(itemTable);
 * points[2 * 50]; // item 50's x
 * ```
 */
export async function pca2d(table: Tensor, rows?: readonly number[]): Promise<Map2d> {
  const [v, d] = table.shape;
  const picked = rows ?? Array.from({ length: v }, (_, i) => i);
  const n = picked.length;
  if (table.rank !== 2 || n < 2) throw new RangeError(`pca2d: expected a [V, D] table and at least 2 rows, received ${JSON.stringify(table.shape)} and ${n} rows.`);
  const sums = tidy(() => {
    const x = gather(table, picked);
    return [matMul(tensor(new Float32Array(n).fill(1 / n), [1, n]), x), matMul(x, x, { transposeA: true })];
  });
  const [mu, gram] = await readAll(sums);
  const covariance = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) covariance[i * d + j] = gram[i * d + j] / n - mu[i] * mu[j];
  const { values, vectors } = symmetricEigen(covariance, d);
  const axes = new Float32Array(d * 2);
  for (let i = 0; i < d; i++) [axes[i * 2], axes[i * 2 + 1]] = [vectors[0][i], vectors[1][i]];
  const [points] = await readAll([tidy(() => matMul(table, tensor(axes, [d, 2])))]);
  // Centre: subtract the mean's projection from every point.
  const shift = [0, 1].map((c) => vectors[c].reduce((s, x, i) => s + x * mu[i], 0));
  for (let r = 0; r < v; r++) [points[2 * r], points[2 * r + 1]] = [points[2 * r] - shift[0], points[2 * r + 1] - shift[1]];
  const total = values.reduce((s, x) => s + Math.max(0, x), 0);
  return { points, explained: [values[0] / total, values[1] / total] };
}

/** Reads every tensor (in parallel) and disposes them. */
async function readAll(tensors: Tensor[]): Promise<Float32Array[]> {
  try {
    return (await Promise.all(tensors.map((t) => t.data()))) as Float32Array[];
  } finally {
    tensors.forEach((t) => t.dispose());
  }
}
