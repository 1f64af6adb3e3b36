/**
 * CPU reference losses and metrics, written the way TensorFlow.js composes
 * them (tfjs-layers losses.ts / metrics.ts): binary cross-entropy through
 * logits of the clipped prediction, categorical cross-entropy on the
 * prediction normalised to sum 1 and clipped, the sparse form clipping
 * first. Gradients follow the same composition by the chain rule, with
 * clipByValue's gradient (1 inside [eps, 1 - eps], bounds included, else 0)
 * and abs's (1 for x > 0, else -1).
 *
 * A row is one vector along the prediction's last axis; a loss's value for
 * a batch is the mean of its row values.
 */
import { formatShape } from '../validate/position.js';
import type { HostTensor } from './host-tensor.js';

/** Per-row quantities: the losses and the accuracy metrics. */
export type RowMetric =
  | 'meanSquaredError'
  | 'meanAbsoluteError'
  | 'binaryCrossentropy'
  | 'categoricalCrossentropy'
  | 'sparseCategoricalCrossentropy'
  | 'binaryAccuracy'
  | 'categoricalAccuracy'
  | 'sparseCategoricalAccuracy';

/** The kinds that are losses (they have a gradient). */
export type LossName = Extract<RowMetric, 'meanSquaredError' | 'meanAbsoluteError' | 'binaryCrossentropy' | 'categoricalCrossentropy' | 'sparseCategoricalCrossentropy'>;

/** TensorFlow.js's `epsilon()` for float32 backends, as a float32. */
const EPS = Math.fround(1e-7);
const HIGH = Math.fround(1 - EPS);

const clip = (x: number) => Math.min(Math.max(x, EPS), HIGH);
const inClip = (x: number) => (x >= EPS && x <= HIGH ? 1 : 0);

/**
 * Whether `kind` reads one class id per row instead of a target shaped like the prediction.
 *
 * @example
 * ```ts
 * isSparse('sparseCategoricalCrossentropy'); // true
 * ```
 */
export function isSparse(kind: RowMetric): boolean {
  return kind === 'sparseCategoricalCrossentropy' || kind === 'sparseCategoricalAccuracy';
}

function rowsOf(kind: RowMetric, pred: HostTensor, target: HostTensor): { rows: number; cols: number } {
  const cols = pred.shape[pred.shape.length - 1] ?? 1;
  const rows = cols === 0 ? 0 : pred.data.length / cols;
  const expected = isSparse(kind) ? rows : pred.data.length;
  if (pred.shape.length < 1 || target.data.length !== expected) {
    throw new RangeError(`${kind}: a prediction ${formatShape(pred.shape)} needs ${expected} target values, received ${target.data.length}.`);
  }
  return { rows, cols };
}

const sigmoidCrossEntropy = (x: number, z: number) => Math.max(x, 0) - x * z + Math.log1p(Math.exp(-Math.abs(x)));

function argmax(data: ArrayLike<number>, start: number, cols: number): number {
  let best = 0;
  for (let c = 1; c < cols; c++) if (data[start + c] > data[start + best]) best = c;
  return best;
}

function rowValue(kind: RowMetric, p: ArrayLike<number>, t: ArrayLike<number>, r: number, cols: number): number {
  const at = r * cols;
  let sum = 0;
  switch (kind) {
    case 'meanSquaredError':
      for (let c = 0; c < cols; c++) sum += (p[at + c] - t[at + c]) ** 2;
      return sum / cols;
    case 'meanAbsoluteError':
      for (let c = 0; c < cols; c++) sum += Math.abs(p[at + c] - t[at + c]);
      return sum / cols;
    case 'binaryCrossentropy':
      for (let c = 0; c < cols; c++) {
        const y = clip(p[at + c]);
        sum += sigmoidCrossEntropy(Math.log(y / (1 - y)), t[at + c]);
      }
      return sum / cols;
    case 'categoricalCrossentropy': {
      let total = 0;
      for (let c = 0; c < cols; c++) total += p[at + c];
      for (let c = 0; c < cols; c++) sum += t[at + c] * Math.log(clip(p[at + c] / total));
      return -sum;
    }
    case 'sparseCategoricalCrossentropy': {
      const k = Math.floor(t[r]);
      if (!(k >= 0 && k < cols)) return NaN;
      let total = 0;
      for (let c = 0; c < cols; c++) total += clip(p[at + c]);
      return -Math.log(clip(clip(p[at + k]) / total));
    }
    case 'binaryAccuracy':
      for (let c = 0; c < cols; c++) sum += t[at + c] === (p[at + c] > 0.5 ? 1 : 0) ? 1 : 0;
      return sum / cols;
    case 'categoricalAccuracy':
      return argmax(t, at, cols) === argmax(p, at, cols) ? 1 : 0;
    case 'sparseCategoricalAccuracy':
      return t[r] === argmax(p, at, cols) ? 1 : 0;
  }
}

/**
 * The value of `kind` for each row of `pred` (`[..., C]`) against `target`
 * (the same shape, or one class id per row for the sparse kinds).
 *
 * @example
 * ```ts
 * cpu.rowValues('meanSquaredError', { data: new Float32Array([1, 2]), shape: [2, 1] }, { data: new Float32Array([0, 0]), shape: [2, 1] }); // [1, 4]
 * ```
 */
export function rowValues(kind: RowMetric, pred: HostTensor, target: HostTensor): Float32Array {
  const { rows, cols } = rowsOf(kind, pred, target);
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) out[r] = rowValue(kind, pred.data, target.data, r, cols);
  return out;
}

/** d(row value)/d(pred) for one row, written into `g` at the row's elements. */
function rowGradient(kind: LossName, p: ArrayLike<number>, t: ArrayLike<number>, r: number, cols: number, g: Float32Array, scale: number): void {
  const at = r * cols;
  switch (kind) {
    case 'meanSquaredError':
      for (let c = 0; c < cols; c++) g[at + c] = ((2 * (p[at + c] - t[at + c])) / cols) * scale;
      return;
    case 'meanAbsoluteError':
      for (let c = 0; c < cols; c++) g[at + c] = ((p[at + c] - t[at + c] > 0 ? 1 : -1) / cols) * scale;
      return;
    case 'binaryCrossentropy':
      for (let c = 0; c < cols; c++) {
        const y = clip(p[at + c]);
        const x = Math.log(y / (1 - y));
        // d/dx of max(x, 0) - x z + log1p(exp(-|x|)), then dx/dy = 1 / (y (1 - y)), then the clip.
        const dx = (x > 0 ? 1 : 0) - t[at + c] - (x > 0 ? 1 : -1) * (Math.exp(-Math.abs(x)) / (1 + Math.exp(-Math.abs(x))));
        g[at + c] = ((inClip(p[at + c]) * dx) / (y * (1 - y)) / cols) * scale;
      }
      return;
    case 'categoricalCrossentropy':
    case 'sparseCategoricalCrossentropy': {
      const sparse = kind === 'sparseCategoricalCrossentropy';
      const k = sparse ? Math.floor(t[r]) : -1;
      // Sparse: the prediction is clipped first, then treated like the dense case with a one-hot target.
      const x = Array.from({ length: cols }, (_, c) => (sparse ? clip(p[at + c]) : p[at + c]));
      const target = (c: number) => (sparse ? (c === k ? 1 : 0) : t[at + c]);
      const total = x.reduce((a, b) => a + b, 0);
      // dL/dq_c of -sum t log clip(q), with q = x / total.
      const dq = x.map((xc, c) => (-target(c) / clip(xc / total)) * inClip(xc / total));
      // dq_c/dx_j = [c == j] / total - x_c / total^2.
      const through = dq.reduce((acc, d, c) => acc + d * x[c], 0) / (total * total);
      for (let j = 0; j < cols; j++) {
        const dx = dq[j] / total - through;
        g[at + j] = (sparse ? inClip(p[at + j]) : 1) * dx * scale;
      }
      return;
    }
  }
}

/**
 * The gradient of the batch loss (the mean of `kind` over the rows of
 * `pred`) with respect to `pred`.
 *
 * @example
 * ```ts
 * cpu.lossGradient('meanSquaredError', { data: new Float32Array([1, 2]), shape: [2, 1] }, { data: new Float32Array([0, 0]), shape: [2, 1] }).data; // [1, 2]
 * ```
 */
export function lossGradient(kind: LossName, pred: HostTensor, target: HostTensor): HostTensor {
  const { rows, cols } = rowsOf(kind, pred, target);
  const g = new Float32Array(pred.data.length);
  for (let r = 0; r < rows; r++) rowGradient(kind, pred.data, target.data, r, cols, g, 1 / rows);
  return { data: g, shape: [...pred.shape] };
}
