/**
 * EmbeddingBag's backward on the GPU, for fixed-size bags `[bags, bagSize]`
 * (the layer's input): the forward's per-element argmax ('max'), then in
 * one op the table gradient as one row per index entry (a RowGradient for
 * segmentSumRows) and the gradient of per-sample weights ('sum').
 */
import argmaxCode from '../../shaders/embedding-bag-argmax.wgsl?raw';
import backwardCode from '../../shaders/embedding-bag-backward.wgsl?raw';
import weightGradCode from '../../shaders/embedding-bag-weight-grad.wgsl?raw';
import { defineKernel } from '../gpu/pipelines.js';
import { placeholderBuffer } from '../gpu/placeholder.js';
import type { Tensor } from '../tensor/tensor.js';
import type { BagMode } from '../validate/bags.js';
import { runOp, type Step } from './run-op.js';
import type { SummedRows } from './segment-sum-rows.js';

const WG = 256;
const argmaxKernel = defineKernel({ name: 'embedding-bag-argmax', code: argmaxCode, constants: { WG } });
const backwardKernel = defineKernel({ name: 'embedding-bag-backward', code: backwardCode, constants: { WG } });
const weightGradKernel = defineKernel({ name: 'embedding-bag-weight-grad', code: weightGradCode, constants: { WG } });
const modeCodes: Record<BagMode, number> = { sum: 0, mean: 1, max: 2 };

/**
 * @internal For 'max' bags: the position of the entry holding each bag's
 * maximum in each column (first on ties; -1 for a bag with no entry left),
 * int32 `[bags, D]`.
 *
 * @example
 * ```ts
 * const argmax = bagArgmax(table, ids, padding, "EmbeddingBag 'bag'");
 * ```
 */
export function bagArgmax(table: Tensor, indices: Tensor, padding: number | null, op: string): Tensor<'int32'> {
  const [bags, bagSize] = indices.shape;
  const [rows, dim] = table.shape;
  return runOp(table.device, { op, inputs: [table, indices] }, (make) => {
    const out = make.output([bags, dim], 'int32', { label: `${op} argmax` });
    return {
      result: out,
      steps: [{
        kernel: argmaxKernel,
        buffers: [table.buffer, indices.buffer, out.buffer],
        params: new Uint32Array([bags * dim, dim, rows, bagSize, padding ?? -1]),
        workgroups: Math.ceil((bags * dim) / WG),
      }],
    };
  });
}

/** What the backward of a bag needs besides the table, the indices and dy. */
export interface BagGradientOptions {
  mode: BagMode;
  padding: number | null;
  /** Per-sample weights `[bags, bagSize]` ('sum'). */
  weights?: Tensor;
  /** The forward's argmax ('max'). */
  argmax?: Tensor;
}

/** The gradients {@link bagBackward} returns (null where not asked for). */
export interface BagGradients {
  /** The table's, one row per entry. */
  rows: SummedRows | null;
  /** The per-sample weights'. */
  dWeights: Tensor<'float32'> | null;
}

/**
 * @internal The backward of fixed-size bags over `table` `[V, D]`, in one
 * submission: with `want.table`, the table gradient as one row per entry
 * (indices `[bags * bagSize]`, the sentinel V for padding and out-of-range
 * entries, and rows `[bags * bagSize, D]`); with `want.weights`, the
 * gradient of the per-sample weights ('sum'): dy[bag] · table[index] per
 * entry, 0 for padding and out-of-range entries, `[bags, bagSize]`.
 *
 * @example
 * ```ts
 * const { rows } = bagBackward(table, ids, dy, { mode: 'mean', padding: 0 }, { table: true, weights: false }, "EmbeddingBag 'bag'");
 * ```
 */
export function bagBackward(table: Tensor, indices: Tensor, dy: Tensor, options: BagGradientOptions, want: { table: boolean; weights: boolean }, op: string): BagGradients {
  const [bags, bagSize] = indices.shape;
  const [vocab, dim] = table.shape;
  const entries = bags * bagSize;
  const device = indices.device;
  const lanes = Math.max(dim, 1);
  const inputs = [table, indices, dy, ...(options.weights ? [options.weights] : []), ...(options.argmax ? [options.argmax] : [])];
  return runOp(device, { op, inputs }, (make) => {
    const result: BagGradients = { rows: null, dWeights: null };
    const steps: Step[] = [];
    if (want.table) {
      const outIndices = make.output([entries], 'int32', { label: `${op} gradient indices` });
      const outRows = make.output([entries, dim], 'float32', { label: `${op} gradient rows` });
      result.rows = { kind: 'rows', indices: outIndices, rows: outRows };
      steps.push({
        kernel: backwardKernel,
        buffers: [
          indices.buffer,
          dy.buffer,
          options.weights?.buffer ?? placeholderBuffer(device),
          options.argmax?.buffer ?? placeholderBuffer(device),
          outIndices.buffer,
          outRows.buffer,
        ],
        params: new Uint32Array([entries * lanes, lanes, dim, vocab, bagSize, modeCodes[options.mode], options.weights ? 1 : 0, options.padding ?? -1]),
        workgroups: Math.ceil((entries * lanes) / WG),
      });
    }
    if (want.weights) {
      result.dWeights = make.output([bags, bagSize], 'float32', { label: `${op} weight gradient` });
      steps.push({
        kernel: weightGradKernel,
        buffers: [table.buffer, indices.buffer, dy.buffer, result.dWeights.buffer],
        params: new Uint32Array([entries, dim, vocab, bagSize, options.padding ?? -1]),
        workgroups: Math.ceil(entries / WG),
      });
    }
    return { result, steps };
  });
}
