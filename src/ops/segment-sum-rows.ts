/**
 * segmentSumRows: the deterministic reduction of an embedding gradient. Rows
 * addressed by (possibly repeated) indices become one row per distinct
 * index, each the sum of its rows in the order of their positions: sort the
 * indices (segment-sort.ts), count and number the segment heads, then sum
 * each segment. No atomics, so the result is the same bit for bit on every
 * run; the work is O(K·D + K log² K), independent of the table's size.
 */
import headsCode from '../../shaders/segment-heads.wgsl?raw';
import scanCode from '../../shaders/segment-scan.wgsl?raw';
import startsCode from '../../shaders/segment-starts.wgsl?raw';
import sumCode from '../../shaders/segment-sum.wgsl?raw';
import sumVec4Code from '../../shaders/segment-sum-vec4.wgsl?raw';
import { defaultDevice } from '../gpu/device.js';
import { defineKernel } from '../gpu/pipelines.js';
import type { TensorLike } from '../tensor/create.js';
import { expectRank, floatInput, indexInput, upload } from '../tensor/inputs.js';
import type { Tensor } from '../tensor/tensor.js';
import type { IndexData } from '../validate/indices.js';
import { formatShape, formatValue } from '../validate/position.js';
import { runOp } from './run-op.js';
import { paddedLength, SEGMENT_BLOCK, SEGMENT_WG, sortSteps } from './segment-sort.js';

const WG = SEGMENT_WG;
/** Invocations per workgroup of the sum pass (no barriers, so the usual 256). */
const SUM_WG = 256;
const blockConstants = { WG, BLOCK: SEGMENT_BLOCK };
const headsKernel = defineKernel({ name: 'segment-heads', code: headsCode, constants: blockConstants });
const scanKernel = defineKernel({ name: 'segment-scan', code: scanCode, constants: { WG } });
const startsKernel = defineKernel({ name: 'segment-starts', code: startsCode, constants: { ...blockConstants, PER: SEGMENT_BLOCK / WG } });
const sumKernel = defineKernel({ name: 'segment-sum', code: sumCode, constants: { WG: SUM_WG } });
const sumVec4Kernel = defineKernel({ name: 'segment-sum-vec4', code: sumVec4Code, constants: { WG: SUM_WG } });

/** Rows of a `[V, D]` weight by distinct index: what {@link segmentSumRows} returns and {@link scatterRows} takes. */
export interface SummedRows {
  kind: 'rows';
  /** int32 `[K]`: distinct indices in ascending order, then the sentinel `V` in the unused slots. */
  indices: Tensor<'int32'>;
  /** float32 `[K, D]`: the sum of each index's rows; zero rows in the unused slots. */
  rows: Tensor<'float32'>;
}

/**
 * Sums the rows that share an index: `indices` int32 `[K]` and `rows`
 * float32 `[K, D]` (row k belongs to `indices[k]`) give, in K slots, the
 * distinct indices of `[0, numRows)` in ascending order, each with the sum
 * of its rows, added in the order of their positions k (so every run gives
 * the same bits); the remaining slots hold the index `numRows` and zero
 * rows. Indices outside `[0, numRows)` (padding, the 'zero' policy)
 * contribute nothing. This is the gradient of a lookup into a `[numRows, D]`
 * table, reduced on the GPU without atomics; {@link scatterRows} makes it dense.
 *
 * @example
 * ```ts
 * const g = segmentSumRows(tensor(new Int32Array([3, 1, 3])), tensor([[1, 1], [2, 2], [4, 4]]), 5);
 * await g.indices.array(); // [1, 3, 5]
 * await g.rows.array();    // [[2, 2], [5, 5], [0, 0]]
 * ```
 */
export function segmentSumRows(indices: Tensor | IndexData, rows: Tensor | TensorLike, numRows: number): SummedRows {
  const op = 'segmentSumRows';
  const device = defaultDevice();
  if (!Number.isInteger(numRows) || numRows < 1 || numRows > 2 ** 31 - 1) {
    throw new RangeError(`${op}: expected numRows to be an integer in [1, 2147483647], received ${formatValue(numRows)}.`);
  }
  const indexIn = indexInput(indices, numRows, device, op, 'zero');
  expectRank(indexIn.shape, 1, op, 'indices of rank 1 [K]');
  const rowsIn = floatInput(rows, device, op, 'rows');
  expectRank(rowsIn.shape, 2, op, 'rows of rank 2 [K, D]');
  const [count, dim] = rowsIn.shape;
  if (count !== indexIn.shape[0]) {
    throw new RangeError(`${op}: expected one row per index, received indices ${formatShape(indexIn.shape)} and rows ${formatShape(rowsIn.shape)}.`);
  }
  const [indexGpu, rowsGpu] = upload([indexIn, rowsIn] as const);
  return runOp(device, { op, inputs: [indexGpu, rowsGpu] }, (make) => {
    const indices = make.output([count], 'int32');
    const rows = make.output([count, dim], 'float32');
    const result: SummedRows = { kind: 'rows', indices, rows };
    if (count === 0) return { result, steps: [] };
    const padded = paddedLength(count);
    const blocks = padded / SEGMENT_BLOCK;
    const pairs = make.temporary([padded, 2], 'int32', 'pairs');
    const counts = make.temporary([blocks + 1], 'int32', 'counts');
    const starts = make.temporary([count], 'int32', 'starts');
    // Rows of whole vec4s are summed four columns at a time.
    const width = dim > 0 && dim % 4 === 0 ? 4 : 1;
    const lanes = Math.max(dim / width, 1);
    const steps = [
      ...sortSteps(indexGpu.tensor.buffer, pairs.buffer, count, numRows),
      { kernel: headsKernel, buffers: [pairs.buffer, counts.buffer], params: new Uint32Array([numRows, blocks]), workgroups: blocks },
      { kernel: scanKernel, buffers: [counts.buffer], params: new Uint32Array([blocks]), workgroups: 1 },
      { kernel: startsKernel, buffers: [pairs.buffer, counts.buffer, starts.buffer], params: new Uint32Array([numRows, blocks]), workgroups: blocks },
      {
        kernel: width === 4 ? sumVec4Kernel : sumKernel,
        buffers: [pairs.buffer, counts.buffer, starts.buffer, rowsGpu.tensor.buffer, indices.buffer, rows.buffer],
        params: new Uint32Array([count, dim / width, lanes, numRows, padded, blocks]),
        workgroups: Math.ceil((count * lanes) / SUM_WG),
      },
    ];
    return { result, steps };
  });
}
