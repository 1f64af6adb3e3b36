/**
 * The lab's 2-D map: PCA with the library's GPU ops, against a plain
 * float64 covariance computed here; the Jacobi eigensolver on random
 * symmetric matrices.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { memory, tensor } from '../../src/index.js';
import { symmetricEigen } from '../../src/lab/eigen.js';
import { pca2d } from '../../src/lab/pca.js';
import { setupGpu } from '../support/gpu.js';
import { freshSeed, randomFloats, seeded } from '../support/random.js';

beforeAll(() => setupGpu('lab PCA'));

const seed = freshSeed(process.env.TEST_SEED);
const rng = seeded(seed);

/** The covariance of the chosen rows, in float64. */
function covariance(data: Float32Array, d: number, rows: number[]): { mean: number[]; cov: number[][] } {
  const mean = Array.from({ length: d }, (_, j) => rows.reduce((s, r) => s + data[r * d + j], 0) / rows.length);
  const cov = Array.from({ length: d }, (_, i) =>
    Array.from({ length: d }, (_, j) => rows.reduce((s, r) => s + (data[r * d + i] - mean[i]) * (data[r * d + j] - mean[j]), 0) / rows.length),
  );
  return { mean, cov };
}

describe('symmetricEigen', () => {
  it('finds A v = λ v with orthonormal vectors, largest first, for random symmetric matrices (odd size too)', () => {
    for (const n of [1, 2, 7, 64]) {
      const raw = randomFloats(rng, n * n);
      const a = Float64Array.from({ length: n * n }, (_, k) => raw[k] + raw[(k % n) * n + Math.floor(k / n)]);
      const { values, vectors } = symmetricEigen(a, n);
      for (let k = 0; k < n; k++) {
        for (let i = 0; i < n; i++) {
          const av = vectors[k].reduce((s, x, j) => s + a[i * n + j] * x, 0);
          expect(av, `seed ${seed}, n ${n}`).toBeCloseTo(values[k] * vectors[k][i], 8);
        }
        expect(vectors[k].reduce((s, x) => s + x * x, 0)).toBeCloseTo(1, 10);
        if (k > 0) expect(values[k]).toBeLessThanOrEqual(values[k - 1]);
      }
      if (n > 1) expect(vectors[0].reduce((s, x, i) => s + x * vectors[1][i], 0)).toBeCloseTo(0, 10);
    }
  });
});

describe('pca2d', () => {
  it('gives the projection on the two leading eigenvectors of the covariance, centred, on awkward sizes', async () => {
    const tables: [Float32Array, number, number][] = [300, 37].map((v, k) => {
      const d = [64, 5][k];
      const data = randomFloats(rng, v * d);
      // Stretch two directions so the leading components are well separated.
      for (let r = 0; r < v; r++) [data[r * d], data[r * d + d - 1]] = [4 * data[r * d], 2.5 * data[r * d + d - 1]];
      return [data, v, d];
    });
    tables.push([Float32Array.of(-1, 0, 1, 0.1, 0, 0.5), 3, 2]);
    for (const [data, v, d] of tables) {
      const table = tensor(data, [v, d]);
      const before = memory();
      // Rows 0-2 stay out of the fit (as unrated items do) but are projected too.
      const rows = v > 3 ? Array.from({ length: v - 3 }, (_, i) => i + 3) : [0, 1, 2];
      const { points, explained } = await pca2d(table, rows);
      expect(memory()).toEqual(before);
      const { mean, cov } = covariance(data, d, rows);
      const eigen = symmetricEigen(cov.flat(), d);
      for (const c of [0, 1]) {
        const xs = Array.from({ length: v }, (_, r) => points[2 * r + c]);
        // Centred on the fitted rows' mean, with their variance equal to the eigenvalue.
        const mu = rows.reduce((s, r) => s + xs[r], 0) / rows.length;
        expect(mu, `seed ${seed}`).toBeCloseTo(0, 4);
        const variance = rows.reduce((s, r) => s + xs[r] ** 2, 0) / rows.length;
        expect(variance / eigen.values[c], `seed ${seed}, [${v}, ${d}], component ${c}`).toBeCloseTo(1, 3);
        // Each point is its centred row on the eigenvector (whose sign is arbitrary).
        for (let r = 0; r < v; r++) {
          const expected = eigen.vectors[c].reduce((s, x, j) => s + x * (data[r * d + j] - mean[j]), 0);
          expect(Math.abs(xs[r]), `seed ${seed}, row ${r}`).toBeCloseTo(Math.abs(expected), 3);
        }
      }
      expect(explained[0]).toBeGreaterThan(explained[1]);
      expect(explained[0] + explained[1]).toBeLessThanOrEqual(1 + 1e-9);
      table.dispose();
    }
  });

  it('refuses a table with fewer than two rows to fit', async () => {
    const table = tensor([[1, 2]]);
    await expect(pca2d(table)).rejects.toThrow('pca2d: expected a [V, D] table and at least 2 rows, received [1,2] and 1 rows.');
    table.dispose();
  });
});
