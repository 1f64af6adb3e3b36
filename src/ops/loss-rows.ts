/**
 * lossRows: per-row values of a loss and metrics, and the gradient of the
 * batch loss w.r.t. the prediction, in one dispatch (shaders/loss-rows.wgsl).
 */
import lossRowsCode from '../../shaders/loss-rows.wgsl?raw';
import { isSparse, type RowMetric } from '../cpu/losses.js';
import { defineKernel } from '../gpu/pipelines.js';
import { placeholderBuffer } from '../gpu/placeholder.js';
import type { Tensor } from '../tensor/tensor.js';
import { formatShape } from '../validate/position.js';
import { runOp } from './run-op.js';

const WG = 256;
const kernel = defineKernel({ name: 'loss-rows', code: lossRowsCode, constants: { WG } });

/** The kernel's code of each kind, in the order loss-rows.wgsl lists them. */
const codes: readonly RowMetric[] = [
  'meanSquaredError',
  'meanAbsoluteError',
  'binaryCrossentropy',
  'categoricalCrossentropy',
  'sparseCategoricalCrossentropy',
  'binaryAccuracy',
  'categoricalAccuracy',
  'sparseCategoricalAccuracy',
];
const MAX_KINDS = 8;

/** What {@link lossRows} returns; the caller owns both tensors. */
export interface LossRows {
  /** float32 `[kinds.length, R]`: row r's value of kinds[k] at `[k, r]`. */
  values: Tensor<'float32'>;
  /** float32, `pred`'s shape: d(mean over rows of kinds[0]) / d(pred); null unless asked for. */
  gradient: Tensor<'float32'> | null;
}

/**
 * @internal Per-row values of `kinds` for `pred` (`[..., C]`, rows along
 * the last axis) against `target` (`pred`'s size, or one class id per row
 * for the sparse kinds), and with `gradient` the gradient of the mean of
 * `kinds[0]` (a loss) over the rows. Both tensors must be float32 on the
 * default device; the caller has checked the targets' values.
 *
 * @example
 * ```ts
 * const { values, gradient } = lossRows(pred, target, ['meanAbsoluteError', 'meanSquaredError'], true);
 * ```
 */
export function lossRows(pred: Tensor<'float32'>, target: Tensor<'float32'>, kinds: readonly RowMetric[], gradient: boolean): LossRows {
  const device = pred.device;
  if (kinds.length < 1 || kinds.length > MAX_KINDS) throw new RangeError(`lossRows: expected 1 to ${MAX_KINDS} kinds, received ${kinds.length}.`);
  const cols = pred.shape[pred.rank - 1] ?? 1;
  const rows = cols ? pred.size / cols : 0;
  for (const kind of kinds) {
    const expected = isSparse(kind) ? rows : pred.size;
    if (target.size !== expected) {
      throw new RangeError(`lossRows: ${kind} of a prediction ${formatShape(pred.shape)} needs ${expected} target values, received ${formatShape(target.shape)}.`);
    }
  }
  if (gradient && codes.indexOf(kinds[0]) > 4) throw new TypeError(`lossRows: ${kinds[0]} is a metric; it has no gradient.`);
  const params = new Uint32Array(16);
  params.set([rows, cols, kinds.length, gradient ? 1 : 0]);
  new Float32Array(params.buffer, 16, 1)[0] = rows ? 1 / rows : 0;
  params.set(kinds.map((k) => codes.indexOf(k)), 8);
  return runOp(device, { op: 'lossRows', inputs: [pred, target] }, (make) => {
    const values = make.output([kinds.length, rows], 'float32');
    const grad = gradient ? make.output(pred.shape, 'float32', { label: 'lossGradient' }) : null;
    return {
      result: { values, gradient: grad },
      steps: [{ kernel, buffers: [pred.buffer, target.buffer, values.buffer, grad?.buffer ?? placeholderBuffer(device)], params, workgroups: Math.ceil((rows * kinds.length) / WG) }],
    };
  });
}
