/**
 * Loss and metric kernels against the CPU reference: per-row values of every
 * kind and the gradient of every loss, on seeded random predictions (inside
 * and outside the clipping range) at awkward sizes (one column, a column
 * count not a multiple of 4, one row, no rows, wide rows), outputs poisoned
 * by the runner; and the running totals of sumRows. Shared by both tiers.
 */
import { cpu, tensor, type Tensor } from '../../src/index.js';
import type { RowMetric } from '../../src/cpu/losses.js';
import { lossRows } from '../../src/ops/loss-rows.js';
import { sumRows } from '../../src/ops/sum-rows.js';
import { assertAllClose, assertShape } from '../support/close.js';
import { randomFloats, randomInts, type Random } from '../support/random.js';
import type { Case } from './case.js';

type Host = { data: Float32Array; shape: number[] };

/** A prediction and target fit for `kind`: probabilities for cross-entropy (some clipped), any values for errors. */
export function lossData(rng: Random, kind: RowMetric, rows: number, cols: number): { pred: Host; target: Host } {
  const n = rows * cols;
  const shape = [rows, cols];
  const uniform = () => Float32Array.from({ length: n }, () => rng());
  switch (kind) {
    case 'meanSquaredError':
    case 'meanAbsoluteError':
      return { pred: { data: randomFloats(rng, n), shape }, target: { data: randomFloats(rng, n), shape } };
    case 'binaryCrossentropy':
    case 'binaryAccuracy': {
      // A few predictions at or beyond the clip bounds, where the gradient is zero.
      const pred = uniform().map((v) => (v < 0.05 ? 0 : v > 0.95 ? 1.2 : v));
      return { pred: { data: pred, shape }, target: { data: Float32Array.from({ length: n }, () => (rng() < 0.5 ? 0 : 1)), shape } };
    }
    default: {
      const pred = uniform().map((v) => v + 0.01);
      if (n > 2) pred[1] = 0;
      const classes = randomInts(rng, rows, cols);
      if (kind === 'sparseCategoricalCrossentropy' || kind === 'sparseCategoricalAccuracy') {
        return { pred: { data: pred, shape }, target: { data: Float32Array.from(classes), shape: [rows, 1] } };
      }
      const target = new Float32Array(n);
      classes.forEach((k, r) => (target[r * cols + k] = 1));
      return { pred: { data: pred, shape }, target: { data: target, shape } };
    }
  }
}

const losses: RowMetric[] = ['meanSquaredError', 'meanAbsoluteError', 'binaryCrossentropy', 'categoricalCrossentropy', 'sparseCategoricalCrossentropy'];
const companions: Record<string, RowMetric[]> = {
  meanSquaredError: ['meanAbsoluteError', 'binaryAccuracy'],
  meanAbsoluteError: ['meanSquaredError'],
  binaryCrossentropy: ['binaryAccuracy', 'meanSquaredError'],
  categoricalCrossentropy: ['categoricalAccuracy', 'meanAbsoluteError'],
  sparseCategoricalCrossentropy: ['sparseCategoricalAccuracy'],
};
const sizes: [number, number][] = [[1, 1], [7, 1], [5, 3], [1, 6], [33, 5], [300, 2], [0, 4], [16, 129]];
const tolerance = { atol: 2e-5, rtol: 2e-5 };

async function read(t: Tensor): Promise<Float32Array> {
  try {
    return (await t.data()) as Float32Array;
  } finally {
    t.dispose();
  }
}

async function lossCase(rng: Random, loss: RowMetric, rows: number, cols: number): Promise<void> {
  const kinds = [loss, ...companions[loss]];
  const { pred, target } = lossData(rng, loss, rows, cols);
  const p = tensor(pred.data, pred.shape, 'float32');
  const t = tensor(target.data, target.shape, 'float32');
  try {
    const { values, gradient } = lossRows(p, t, kinds, true);
    assertShape(values.shape, [kinds.length, rows], `${loss} values`);
    const got = await read(values);
    kinds.forEach((kind, k) => {
      assertAllClose(got.subarray(k * rows, (k + 1) * rows), cpu.rowValues(kind, pred, target), `${kind} with ${loss} [${rows}, ${cols}]`, tolerance);
    });
    assertShape(gradient!.shape, pred.shape, `${loss} gradient`);
    const expected = cpu.lossGradient(loss as cpu.LossName, pred, target);
    assertAllClose(await read(gradient!), expected.data, `${loss} gradient [${rows}, ${cols}]`, tolerance);
  } finally {
    p.dispose();
    t.dispose();
  }
}

export const cases: Case[] = [
  ...losses.flatMap((loss) =>
    sizes
      .filter(([, cols]) => !(loss === 'binaryCrossentropy' && cols > 8) && !(loss.includes('ategorical') && cols === 1))
      .map(([rows, cols]): Case => ({
        name: `lossRows ${loss} [${rows}, ${cols}]: values (with metrics) and gradient equal the CPU reference`,
        run: (rng) => lossCase(rng, loss, rows, cols),
      })),
  ),
  {
    name: 'lossRows: the metric kinds alone, no gradient; a 3-D prediction counts rows along its last axis',
    run: async (rng) => {
      const { pred, target } = lossData(rng, 'categoricalCrossentropy', 24, 5);
      const p = tensor(pred.data, [4, 6, 5], 'float32');
      const t = tensor(target.data, [4, 6, 5], 'float32');
      const { values, gradient } = lossRows(p, t, ['categoricalAccuracy', 'meanSquaredError'], false);
      const got = await read(values);
      assertAllClose(got.subarray(0, 24), cpu.rowValues('categoricalAccuracy', pred, target), 'accuracy');
      assertAllClose(got.subarray(24), cpu.rowValues('meanSquaredError', pred, target), 'mse', tolerance);
      if (gradient !== null) throw new Error('no gradient was asked for');
      p.dispose();
      t.dispose();
    },
  },
  {
    name: 'sumRows adds each kind\'s row sum to running totals and stores the batch total, the same bits on every run',
    run: async (rng) => {
      const kinds = 3;
      const totals = tensor(new Float32Array(2 * kinds), [2 * kinds], 'float32');
      const batches = [1, 700, 256, 0, 33].map((rows) => randomFloats(rng, kinds * rows));
      const running = new Float64Array(kinds);
      let last = new Float64Array(kinds);
      for (const data of batches) {
        const rows = data.length / kinds;
        const values = tensor(data, [kinds, rows], 'float32');
        const verdict = await sumRows(values, totals, 0, kinds);
        if (verdict) throw verdict;
        values.dispose();
        last = new Float64Array(kinds);
        for (let k = 0; k < kinds; k++) for (let r = 0; r < rows; r++) last[k] += data[k * rows + r];
        running.forEach((_, k) => (running[k] += last[k]));
      }
      const got = await totals.data();
      assertAllClose(got.subarray(0, kinds), running, 'running totals', { atol: 1e-4 });
      assertAllClose(got.subarray(kinds), last, 'last batch totals', { atol: 1e-4 });
      totals.dispose();
    },
  },
];
