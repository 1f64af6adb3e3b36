/**
 * EmbeddingBag's backward on the GPU, for fixed-size bags `[bags, bagSize]`
 * (the layer's input): the forward's per-element argmax ('max'), the table
 * gradient as one row per index entry (a RowGradient for segmentSumRows),
 * and the gradient of per-sample weights ('sum').
 */
import argmaxCode from '../../shaders/embedding-bag-argmax.wgsl?raw';
import backwardCode from '../../shaders/embedding-bag-backward.wgsl?raw';
import weightGradCode from '../../shaders/embedding-bag-weight-grad.wgsl?raw';
import { defineKernel } from '../gpu/pipelines.js';
import { placeholderBuffer } from '../gpu/placeholder.js';
import type { Tensor } from '../tensor/tensor.js';
import type { BagMode } from '../validate/bags.js';
import { runOp } from './run-op.js';
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

/** What the table gradient of a bag needs besides the indices and dy. */
export interface BagGradientOptions {
  mode: BagMode;
  padding: number | null;
  /** V: the table's rows, also the sentinel index of entries that add nothing. */
  rows: number;
  /** Per-sample weights `[bags, bagSize]` ('sum'). */
  weights?: Tensor;
  /** The forward's argmax ('max'). */
  argmax?: Tensor;
}

/**
 * @internal The table gradient of fixed-size bags as one row per entry:
 * indices `[bags * bagSize]` (the sentinel `rows` for padding and
 * out-of-range entries) and rows `[bags * bagSize, D]`.
 *
 * @example
 * ```ts
 * const g = bagRowGradient(ids, dy, { mode: 'mean', padding: 0, rows: vocab }, "EmbeddingBag 'bag'");
 * ```
 */
export function bagRowGradient(indices: Tensor, dy: Tensor, options: BagGradientOptions, op: string): SummedRows {
  const [bags, bagSize] = indices.shape;
  const dim = dy.shape[1];
  const entries = bags * bagSize;
  const device = indices.device;
  const lanes = Math.max(dim, 1);
  const inputs = [indices, dy, ...(options.weights ? [options.weights] : []), ...(options.argmax ? [options.argmax] : [])];
  return runOp(device, { op, inputs }, (make) => {
    const outIndices = make.output([entries], 'int32', { label: `${op} gradient indices` });
    const outRows = make.output([entries, dim], 'float32', { label: `${op} gradient rows` });
    const step = {
      kernel: backwardKernel,
      buffers: [
        indices.buffer,
        dy.buffer,
        options.weights?.buffer ?? placeholderBuffer(device),
        options.argmax?.buffer ?? placeholderBuffer(device),
        outIndices.buffer,
        outRows.buffer,
      ],
      params: new Uint32Array([entries * lanes, lanes, dim, options.rows, bagSize, modeCodes[options.mode], options.weights ? 1 : 0, options.padding ?? -1]),
      workgroups: Math.ceil((entries * lanes) / WG),
    };
    return { result: { kind: 'rows', indices: outIndices, rows: outRows } as SummedRows, steps: [step] };
  });
}

/**
 * @internal The gradient of per-sample weights ('sum'): dy[bag] · table[index]
 * for each entry, 0 for padding and out-of-range entries; `[bags, bagSize]`.
 *
 * @example
 * ```ts
 * const dWeights = bagWeightGradient(table, ids, dy, null, "EmbeddingBag 'bag'");
 * ```
 */
export function bagWeightGradient(table: Tensor, indices: Tensor, dy: Tensor, padding: number | null, op: string): Tensor<'float32'> {
  const [bags, bagSize] = indices.shape;
  const [rows, dim] = table.shape;
  return runOp(table.device, { op, inputs: [table, indices, dy] }, (make) => {
    const out = make.output([bags, bagSize], 'float32', { label: `${op} weight gradient` });
    return {
      result: out,
      steps: [{
        kernel: weightGradKernel,
        buffers: [table.buffer, indices.buffer, dy.buffer, out.buffer],
        params: new Uint32Array([bags * bagSize, dim, rows, bagSize, padding ?? -1]),
        workgroups: Math.ceil((bags * bagSize) / WG),
      }],
    };
  });
}
