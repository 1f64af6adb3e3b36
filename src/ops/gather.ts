/**
 * gather: rows of a table picked by index, the notebook's `embedding[i]`.
 */
import gatherCode from '../../shaders/gather.wgsl?raw';
import gatherVec4Code from '../../shaders/gather-vec4.wgsl?raw';
import gatherStridedCode from '../../shaders/gather-vec4-strided.wgsl?raw';
import gatherRowsCode from '../../shaders/gather-rows.wgsl?raw';
import gatherShortRowsCode from '../../shaders/gather-short-rows.wgsl?raw';
import { adapterInfo, defaultDevice } from '../gpu/device.js';
import { defineKernel } from '../gpu/pipelines.js';
import type { TensorLike } from '../tensor/create.js';
import { expectRank, floatInput, indexInput, upload } from '../tensor/inputs.js';
import type { PlusOne, RankOf } from '../tensor/rank.js';
import { rowShards } from '../tensor/shards.js';
import type { Tensor } from '../tensor/tensor.js';
import { outOfRangePolicy, type IndexData, type OutOfRange } from '../validate/indices.js';
import { runOp, type Step } from './run-op.js';

const WG = 256;
const scalarKernel = defineKernel({ name: 'gather', code: gatherCode, constants: { WG } });
const vec4Kernel = defineKernel({ name: 'gather-vec4', code: gatherVec4Code, constants: { WG } });

/** vec4s each invocation of the strided kernels copies. */
const strided = { 'strided-4': 4, 'strided-16': 16 } as const;
const stridedKernel = (variant: keyof typeof strided) =>
  defineKernel({ name: `gather-vec4-${variant}`, code: gatherStridedCode, constants: { WG, VPT: strided[variant] } });

/** Invocations per workgroup of the whole-rows kernel, and about how many vec4s each copies. */
const ROWS_WG = 64;
const ROWS_VEC4S = 64;
/** Row length (vec4s) from which the whole-rows kernel copies four vec4s per loop step. */
const UNROLL_FROM = 32;
/** Rows of at most this many vec4s (D <= 64) take the short-rows kernel on software adapters. */
const SHORT_UPTO = 16;

/**
 * vec4s each invocation of the short-rows kernel copies for rows of `dim4`:
 * the whole row below 16 vec4s; a quarter of a row of 16, four invocations
 * a row (D = 64: 0.9-1.1 of the copy kernel in probes, against 0.85-0.9 for
 * the whole-rows kernel; for longer rows quarters were no better).
 */
const shortChunk = (dim4: number): number => (dim4 < 16 ? dim4 : 4);

/**
 * The short-rows kernel, one pipeline per row length 1..SHORT_UPTO vec4s
 * (its straight-line copy is fixed when the pipeline is built); each
 * compiled on first use, since a program uses one or two of them.
 */
const shortRowsKernels = Array.from({ length: SHORT_UPTO }, (_, i) =>
  defineKernel({ name: `gather-short-rows-${i + 1}`, code: gatherShortRowsCode, constants: { WG, DIM4: i + 1, CHUNK: shortChunk(i + 1) }, lazy: true }),
);

/** @internal Gather's kernels, by variant; `short-rows` is a family by row length. All but `scalar` need D % 4 === 0. */
export const gatherVariants = {
  scalar: scalarKernel,
  vec4: vec4Kernel,
  'strided-4': stridedKernel('strided-4'),
  'strided-16': stridedKernel('strided-16'),
  rows: defineKernel({ name: 'gather-rows', code: gatherRowsCode, constants: { WG: ROWS_WG } }),
  // The same kernel with its column loop unrolled by four: 1.2-1.4x faster on long rows, slower on short ones.
  'rows-unrolled': defineKernel({ name: 'gather-rows-unrolled', code: gatherRowsCode, constants: { WG: ROWS_WG, UNROLL: 1 } }),
  'short-rows': shortRowsKernels,
} as const;

/** @internal A gather kernel variant's name. */
export type GatherVariant = keyof typeof gatherVariants;

/** @internal The longest row, in floats, the `short-rows` variant copies. */
export const SHORT_ROWS_MAX_DIM = SHORT_UPTO * 4;

/**
 * The variant `gather` runs. Rows of whole vec4s on a software adapter take
 * the whole-rows kernel: there the per-invocation cost dominates, and one
 * invocation per ~64 vec4s runs at 0.9-1.2x the copy kernel against
 * 0.8-0.9x for 16 strided vec4s; from 32 vec4s a row (D = 128) its
 * unrolled form, which copies rows of 256 floats at 1.1-1.3x the copy
 * kernel and is slower on short rows (bench/NOTES.md). Rows of up to 16
 * vec4s (D <= 64) take the short-rows kernel instead: there the whole-rows
 * kernel's loops cost more than the copies (D = 16: 0.6-0.7x the copy
 * kernel), and straight-line copies of a row, or of a quarter of a row of
 * 16 vec4s, per invocation run at 0.9-1.0x. On hardware the strided
 * kernel with 4 vec4s per invocation keeps neighbouring invocations on
 * neighbouring memory and more loads in flight; rows shorter than its
 * stride take one vec4 per invocation.
 */
function defaultVariant(device: GPUDevice, dim: number): GatherVariant {
  if (dim % 4 !== 0) return 'scalar';
  if (adapterInfo(device).software) {
    if (dim > 0 && dim / 4 <= SHORT_UPTO) return 'short-rows';
    return dim / 4 >= UNROLL_FROM ? 'rows-unrolled' : 'rows';
  }
  return dim / 4 < strided['strided-4'] ? 'vec4' : 'strided-4';
}

/**
 * @internal The dispatches of one gather of `table` rows by `indices` into
 * `out`: one per buffer of the table (one unless it is split), the first
 * also writing the zero rows of out-of-range indices and counting them in
 * `status`. `variant` defaults to the one `gather` picks for the row length
 * and adapter; the bench times every variant through this.
 *
 * @example
 * ```ts
 * dispatchAll(device, gatherSteps(table, indices, out, placeholderBuffer(device), 'scalar'));
 * ```
 */
export function gatherSteps(
  table: Tensor,
  indices: Tensor,
  out: Tensor,
  status: GPUBuffer,
  variant: GatherVariant = defaultVariant(table.device, table.shape[1]),
): Step[] {
  const [rows, dim] = table.shape;
  const width = variant === 'scalar' ? dim : dim / 4;
  const shards = rowShards(table, 'gather');
  if (variant === 'short-rows') {
    if (dim % 4 !== 0 || dim === 0 || dim > SHORT_ROWS_MAX_DIM) {
      throw new RangeError(`gather-short-rows copies rows of 4 to ${SHORT_ROWS_MAX_DIM} floats in whole vec4s, not D = ${dim}.`);
    }
    const total = indices.size * (width / shortChunk(width));
    return shards.map((shard, i) => ({
      kernel: shortRowsKernels[width - 1],
      buffers: [shard.buffer, indices.buffer, out.buffer, status],
      params: new Uint32Array([indices.size, rows, shard.rowStart, shard.rows, i === 0 ? 1 : 0]),
      workgroups: Math.ceil(total / WG),
    }));
  }
  if (variant === 'rows' || variant === 'rows-unrolled') {
    // Lookups per invocation: about ROWS_VEC4S vec4s each, at least one whole row.
    const rowsPer = Math.max(1, Math.floor(ROWS_VEC4S / width));
    const total = Math.ceil(indices.size / rowsPer);
    return shards.map((shard, i) => ({
      kernel: gatherVariants[variant],
      buffers: [shard.buffer, indices.buffer, out.buffer, status],
      params: new Uint32Array([total, width, rows, shard.rowStart, shard.rows, i === 0 ? 1 : 0, indices.size, rowsPer]),
      workgroups: Math.ceil(total / ROWS_WG),
    }));
  }
  // Invocations per row: one per element (scalar), per vec4, or per VPT vec4s (strided).
  const lanes = variant === 'scalar' || variant === 'vec4' ? width : Math.ceil(width / strided[variant]);
  const total = indices.size * lanes;
  return shards.map((shard, i) => ({
    kernel: gatherVariants[variant],
    buffers: [shard.buffer, indices.buffer, out.buffer, status],
    params: new Uint32Array([total, width, rows, shard.rowStart, shard.rows, i === 0 ? 1 : 0, lanes]),
    workgroups: Math.ceil(total / WG),
  }));
}

/** Options of {@link gather} and {@link oneHot}. */
export interface IndexOptions {
  /**
   * What an index outside `[0, V)` does. `'throw'` (default): host indices
   * throw a RangeError before any GPU work; indices in a GPU tensor give a
   * zero row and the first read of the result rejects with an
   * `IndexOutOfRangeError`. `'zero'`: the row is zeros, silently.
   */
  outOfRange?: OutOfRange;
}

/**
 * Looks up rows of `table` (`[V, D]`, float32) by `indices` of any shape;
 * the result has shape `[...indices.shape, D]`. Host indices are checked
 * against `[0, V)` before any GPU work. A GPU-resident index outside that
 * range yields a zero row (the table is never read outside its bounds) and
 * is reported by the result's first read, unless `outOfRange: 'zero'`.
 * A table split across several buffers (larger than one buffer may be) is
 * read shard by shard in one submission.
 *
 * @example
 * ```ts
 * const table = tensor([[0, 1], [2, 3], [4, 5]]);
 * const rows = gather(table, [[2], [0]]);  // float32 [2, 1, 2]
 * await rows.array();                      // [[[4, 5]], [[0, 1]]]
 * gather(table, [7], { outOfRange: 'zero' }); // [[0, 0]]
 * ```
 */
export function gather<I extends Tensor | IndexData>(table: Tensor | TensorLike, indices: I, options: IndexOptions = {}): Tensor<'float32', PlusOne<RankOf<I>>> {
  return gatherAs('gather', table, indices, options) as Tensor<'float32', PlusOne<RankOf<I>>>;
}

/**
 * @internal `gather` whose errors and out-of-range reports name `op`
 * (a layer, e.g. `Embedding 'words'`) instead of `gather`.
 *
 * @example
 * ```ts
 * gatherAs(this.describe(), table, ids, { outOfRange: this.outOfRange });
 * ```
 */
export function gatherAs(op: string, table: Tensor | TensorLike, indices: Tensor | IndexData, options: IndexOptions = {}): Tensor<'float32'> {
  const device = defaultDevice();
  const policy = outOfRangePolicy(options?.outOfRange, op);
  const tableIn = floatInput(table, device, op, 'the table', { split: true });
  expectRank(tableIn.shape, 2, op, 'a table of rank 2 [V, D]');
  const [rows, dim] = tableIn.shape;
  const indexIn = indexInput(indices, rows, device, op, policy);
  const [tableGpu, indexGpu] = upload([tableIn, indexIn] as const);
  return runOp(device, { op, inputs: [tableGpu, indexGpu], report: { indices: indexGpu, upper: rows, policy } }, (make) => {
    const out = make.output([...indexGpu.tensor.shape, dim], 'float32', { label: 'gather' });
    return { result: out, steps: gatherSteps(tableGpu.tensor, indexGpu.tensor, out, make.status) };
  });
}
