/**
 * embeddingBag: pooled lookups, PyTorch's `nn.functional.embedding_bag`, in
 * one fused kernel.
 */
import embeddingBagCode from '../../shaders/embedding-bag.wgsl?raw';
import embeddingBagVec4Code from '../../shaders/embedding-bag-vec4.wgsl?raw';
import { defaultDevice } from '../gpu/device.js';
import { defineKernel } from '../gpu/pipelines.js';
import { placeholderBuffer } from '../gpu/placeholder.js';
import type { TensorLike } from '../tensor/create.js';
import { expectRank, floatInput, indexInput, upload, type Checked, type OpInput } from '../tensor/inputs.js';
import { rowShards } from '../tensor/shards.js';
import { Tensor } from '../tensor/tensor.js';
import { bagCount, bagMode, bagOffsets, checkIndexRank, checkOffsetCount, checkWeights, paddingRow, type BagMode } from '../validate/bags.js';
import { outOfRangePolicy, type IndexData, type OutOfRange } from '../validate/indices.js';
import { runOp } from './run-op.js';

const WG = 256;
const scalarKernel = defineKernel({ name: 'embedding-bag', code: embeddingBagCode, constants: { WG } });
const vec4Kernel = defineKernel({ name: 'embedding-bag-vec4', code: embeddingBagVec4Code, constants: { WG } });
const modeCodes: Record<BagMode, number> = { sum: 0, mean: 1, max: 2 };

/** Options of {@link embeddingBag}; names and meanings follow PyTorch's `embedding_bag`. */
export interface EmbeddingBagOptions {
  /** How each bag's rows are reduced (default `'mean'`). */
  mode?: BagMode;
  /**
   * Start of each bag in 1-D `indices` (CSR). `offsets[0]` must be 0 and
   * offsets never decrease; the last bag ends at the end of `indices`. Leave
   * out for 2-D `indices`, whose rows are the bags.
   */
  offsets?: Tensor | IndexData;
  /** One weight per index, multiplied into its row before summing (mode `'sum'` only). */
  perSampleWeights?: Tensor | TensorLike;
  /** A row left out of every bag (and of the mean's count); negative counts from the end. */
  paddingIdx?: number;
  /** `offsets` has one more entry, the end of the last bag, which must equal the number of indices (CSR). */
  includeLastOffset?: boolean;
  /**
   * An index outside `[0, V)`: `'throw'` (default) - host indices throw a
   * RangeError before any GPU work, indices in a GPU tensor are left out of
   * their bag and the first read of the result rejects with an
   * `IndexOutOfRangeError`; `'zero'` - such entries are left out silently.
   */
  outOfRange?: OutOfRange;
}

/**
 * Reduces bags of table rows to one row each: float32 `[bags, D]`, the sum,
 * mean or element-wise max of each bag's rows of `table` (`[V, D]`). Bags are
 * the rows of 2-D `indices` `[bags, bagSize]`, or runs of 1-D `indices`
 * delimited by `offsets`. A bag with no rows (empty, or only `paddingIdx`)
 * gives a zero row.
 *
 * Host inputs are checked before any GPU work (indices in `[0, V)`, offsets
 * starting at 0, never decreasing and within the indices, one weight per
 * index). GPU-resident indices outside the table are left out of their bag
 * and reported when the result is read (see `outOfRange`); GPU-resident
 * offsets are clamped into `[0, indexCount]`.
 *
 * @example
 * ```ts
 * const table = tensor([[1, 2], [3, 4], [5, 6]]);
 * await embeddingBag(table, [[0, 2], [1, 1]], { mode: 'sum' }).array();   // [[6, 8], [6, 8]]
 * await embeddingBag(table, [0, 1, 2], { offsets: [0, 1] }).array();     // mean: [[1, 2], [4, 5]]
 * await embeddingBag(table, [0, 2], { offsets: [0], mode: 'sum',
 *                                     perSampleWeights: [1, 0.5] }).array(); // [[3.5, 5]]
 * ```
 */
export function embeddingBag(table: Tensor | TensorLike, indices: Tensor | IndexData, options: EmbeddingBagOptions = {}): Tensor<'float32', 2> {
  const op = 'embeddingBag';
  const device = defaultDevice();
  const mode = bagMode(options.mode, op);
  const includeLast = !!options.includeLastOffset;
  const policy = outOfRangePolicy(options.outOfRange, op);
  // Every argument is checked before anything is uploaded.
  const tableIn = floatInput(table, device, op, 'the table', { split: true });
  expectRank(tableIn.shape, 2, op, 'a table of rank 2 [V, D]');
  const [rows, dim] = tableIn.shape;
  const padding = paddingRow(options.paddingIdx, rows, op);
  const indexIn = indexInput(indices, rows, device, op, policy);
  checkIndexRank(indexIn.shape, options.offsets !== undefined, op);
  const count = sizeOf(indexIn.shape);
  const offsetsIn = options.offsets === undefined ? undefined : offsetsInput(options.offsets, count, includeLast, device);
  const weighted = options.perSampleWeights !== undefined && options.perSampleWeights !== null;
  const weightsIn = weighted ? floatInput(options.perSampleWeights!, device, op, 'perSampleWeights') : undefined;
  if (weightsIn) checkWeights(sizeOf(weightsIn.shape), count, mode, op);
  const bags = offsetsIn ? bagCount(sizeOf(offsetsIn.shape), includeLast) : indexIn.shape[0];

  const [tableGpu, indexGpu, ...extra] = upload([tableIn, indexIn, ...(offsetsIn ? [offsetsIn] : []), ...(weightsIn ? [weightsIn] : [])]);
  const offsetsGpu = offsetsIn ? extra[0] : undefined;
  const weightsGpu = weightsIn ? extra[offsetsIn ? 1 : 0] : undefined;
  // Bags may overlap or skip entries (GPU-resident offsets), so bad entries are counted in a pass of their own.
  const report = { indices: indexGpu as OpInput<'int32'>, upper: rows, policy, countAll: true };
  return runOp(device, { op, inputs: [tableGpu, indexGpu, ...extra], report }, (make) => {
    const out = make.output([bags, dim], 'float32');
    // Rows whose length is a multiple of 4 move as vec4s.
    const width = dim % 4 === 0 ? 4 : 1;
    const total = (bags * dim) / width;
    const shards = rowShards(tableGpu.tensor, op);
    // One dispatch per buffer of a split table, in row order: each adds its rows to what the ones before left in out.
    const steps = shards.map((shard, s) => ({
      kernel: width === 4 ? vec4Kernel : scalarKernel,
      buffers: [
        shard.buffer,
        indexGpu.tensor.buffer,
        offsetsGpu?.tensor.buffer ?? placeholderBuffer(device),
        weightsGpu?.tensor.buffer ?? placeholderBuffer(device),
        out.buffer,
      ],
      params: new Uint32Array([
        total,
        dim / width,
        rows,
        count,
        offsetsIn ? 0 : indexIn.shape[1],
        offsetsIn ? sizeOf(offsetsIn.shape) : 0,
        modeCodes[mode],
        weightsIn ? 1 : 0,
        padding ?? -1,
        shard.rowStart,
        shard.rows,
        s === 0 ? 1 : 0,
        s === shards.length - 1 ? 1 : 0,
      ]),
      workgroups: Math.ceil(total / WG),
    }));
    return { result: out as Tensor<'float32', 2>, steps };
  });
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function offsetsInput(offsets: Tensor | IndexData, count: number, includeLast: boolean, device: GPUDevice): Checked<'int32'> {
  const op = 'embeddingBag';
  if (offsets instanceof Tensor) {
    if (offsets.dtype !== 'int32' || offsets.rank !== 1) {
      throw new TypeError(`${op}: expected offsets as a 1-D int32 tensor, received ${offsets.toString()}.`);
    }
    // GPU-resident offsets are clamped by the kernel, so any int32 values are safe.
    const checked = indexInput(offsets, 2 ** 31 - 1, device, op, 'zero');
    checkOffsetCount(offsets.size, count, includeLast, op);
    return checked;
  }
  const data = bagOffsets(offsets, count, includeLast, op);
  return { shape: [data.length], host: { data, shape: [data.length] } };
}
