/**
 * The CPU reference's loss gradients against central finite differences of
 * its own batch loss (the mean of the row values), for every loss, with
 * predictions inside the clipping range and, for binary cross-entropy, some
 * beyond it (where both must be zero). No GPU involved.
 */
import { describe, expect, it } from 'vitest';
import { cpu } from '../../src/index.js';
import { freshSeed, randomInts, seeded, type Random } from '../support/random.js';

const seed = freshSeed(process.env.TEST_SEED);

type Host = { data: Float32Array; shape: number[] };

function batchLoss(kind: cpu.LossName, pred: Host, target: Host): number {
  const values = cpu.rowValues(kind, pred, target);
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

function data(rng: Random, kind: cpu.LossName, rows: number, cols: number): { pred: Host; target: Host } {
  const n = rows * cols;
  const shape = [rows, cols];
  if (kind === 'meanSquaredError' || kind === 'meanAbsoluteError') {
    const target = Float32Array.from({ length: n }, () => rng() * 2 - 1);
    // Kept at least 0.05 from the target, so |p - t| is smooth within the step.
    const pred = target.map((t) => t + (rng() < 0.5 ? -1 : 1) * (0.05 + rng()));
    return { pred: { data: pred, shape }, target: { data: target, shape } };
  }
  if (kind === 'binaryCrossentropy') {
    const pred = Float32Array.from({ length: n }, () => 0.1 + 0.8 * rng());
    pred[0] = 1.5;
    if (n > 1) pred[n - 1] = -0.5;
    return { pred: { data: pred, shape }, target: { data: Float32Array.from({ length: n }, () => (rng() < 0.5 ? 0 : 1)), shape } };
  }
  const pred = Float32Array.from({ length: n }, () => 0.2 + rng());
  const classes = randomInts(rng, rows, cols);
  if (kind === 'sparseCategoricalCrossentropy') return { pred: { data: pred, shape }, target: { data: Float32Array.from(classes), shape: [rows] } };
  // Soft targets: the gradient's projection term matters when they do not sum to 1.
  const target = Float32Array.from({ length: n }, () => rng());
  return { pred: { data: pred, shape }, target: { data: target, shape } };
}

const kinds: cpu.LossName[] = ['meanSquaredError', 'meanAbsoluteError', 'binaryCrossentropy', 'categoricalCrossentropy', 'sparseCategoricalCrossentropy'];

describe(`loss gradients of the CPU reference vs central finite differences, seed ${seed}`, () => {
  for (const kind of kinds) {
    it(`${kind}`, () => {
      const rng = seeded(seed ^ kind.length);
      for (const [rows, cols] of [[1, 1], [3, 4], [6, 3]]) {
        if (kind.includes('ategorical') && cols === 1) continue;
        const { pred, target } = data(rng, kind, rows, cols);
        const analytic = cpu.lossGradient(kind, pred, target).data;
        const h = 1e-3;
        for (let i = 0; i < pred.data.length; i++) {
          const at = (delta: number) => {
            const moved = Float32Array.from(pred.data);
            moved[i] += delta;
            return batchLoss(kind, { data: moved, shape: pred.shape }, target);
          };
          const numeric = (at(h) - at(-h)) / (2 * h);
          expect(Math.abs(analytic[i] - numeric), `${kind} [${rows}, ${cols}] element ${i}: ${analytic[i]} vs ${numeric} (seed ${seed})`).toBeLessThan(2e-3 * Math.max(1, Math.abs(numeric)));
        }
      }
    });
  }
});
