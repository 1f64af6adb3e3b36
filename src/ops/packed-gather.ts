/**
 * The dispatches shared by the gathers of compact tables (float16, int8).
 * Their kernels take the same parameters and differ only in how a group of
 * four values is stored: rows of whole vec4s go through a vectorised kernel
 * writing up to VPT vec4s per invocation (as the float32 gather does), other
 * row lengths through one writing single values. A table split by rows
 * takes one dispatch per buffer.
 */
import { adapterInfo } from '../gpu/device.js';
import type { Kernel } from '../gpu/pipelines.js';
import { usable } from '../tensor/inputs.js';
import { rowShards, type RowShard } from '../tensor/shards.js';
import type { Tensor } from '../tensor/tensor.js';
import type { OutOfRange } from '../validate/indices.js';
import { runOp, type Step } from './run-op.js';

/** Invocations per workgroup of the compact gather kernels (their `WG` override). */
export const PACKED_WG = 256;

/** Groups of four values per invocation the kernels are compiled for (their `VPT` override). */
export const PACKED_VPT = [4, 16] as const;

/** A compact table: its packed rows, any per-row data split at the same rows (int8's scales), and its float32 shape. */
export interface CompactTable {
  packed: Tensor<'int32'>;
  perRow: readonly Tensor[];
  shape: readonly [number, number];
}

/** The kernels of one compact dtype: vectorised ones by VPT, and the one for any row length. */
export interface CompactKernels {
  vec4: Record<(typeof PACKED_VPT)[number], Kernel>;
  scalar: Kernel;
}

/**
 * The kernel and VPT for rows of `dim` values: 16 groups per invocation on
 * a software adapter, where the per-invocation cost dominates, 4 on hardware
 * and for short rows (a stride longer than the row would leave the loop idle).
 */
function kernelFor(kernels: CompactKernels, dim: number, device: GPUDevice): { kernel: Kernel; vpt: number } {
  const quads = Math.ceil(dim / 4);
  const vpt = adapterInfo(device).software && quads >= 16 ? 16 : 4;
  if (dim % 4 !== 0) return { kernel: kernels.scalar, vpt: 4 };
  return { kernel: kernels.vec4[vpt as 4 | 16], vpt };
}

/**
 * Rows `indices` of a compact table as float32 `[...indices.shape, dim]`,
 * out-of-range indices as in `gather` (zero rows, reported under `op` unless
 * `outOfRange` is 'zero'); with `indices` null, every row in order as
 * `[rows, dim]`, split by rows when larger than one buffer may be.
 *
 * @example
 * ```ts
 * packedGather(int8Kernels, { packed, perRow: [scales], shape: [10, 4] }, ids, "Embedding 'e'", 'throw');
 * packedGather(int8Kernels, table, null, 'getWeights', 'zero'); // the whole table, decoded
 * ```
 */
export function packedGather(
  kernels: CompactKernels,
  table: CompactTable,
  indices: Tensor<'int32'> | null,
  op: string,
  outOfRange: OutOfRange,
): Tensor<'float32'> {
  const [rows, dim] = table.shape;
  const device = table.packed.device;
  const tables = [table.packed, ...table.perRow];
  // Weights on a lost device cannot be used with the new one; say so instead of failing inside WebGPU.
  for (const t of [...tables, ...(indices ? [indices] : [])]) usable(t, device, op, t === indices ? 'the indices' : 'the table');
  const shards = tables.map((t) => rowShards(t, op));
  const { kernel, vpt } = kernelFor(kernels, dim, device);
  const quads = Math.ceil(dim / 4);
  const lanes = Math.ceil(quads / vpt);
  /** The dispatch of table buffer `s` writing `outRows` rows into `out` (from table row `firstRow` when there are no indices). */
  const step = (s: number, out: GPUBuffer, outRows: number, status: GPUBuffer, firstRow: number | null): Step => ({
    kernel,
    // Without indices their (never read) binding takes the table's buffer, a read-only binding like it.
    buffers: [...shards.map((t) => t[s].buffer), indices?.buffer ?? shards[0][s].buffer, out, status],
    params: new Uint32Array([
      outRows * lanes, quads, dim, rows, shards[0][s].rowStart, shards[0][s].rows, s === 0 && firstRow === null ? 1 : 0, lanes,
      firstRow === null ? 0 : 1, firstRow ?? 0,
    ]),
    workgroups: Math.ceil((outRows * lanes) / PACKED_WG),
  });
  if (!indices) {
    return runOp(device, { op, inputs: tables }, (make) => {
      const out = make.output([rows, dim], 'float32', { split: true });
      // Each buffer of the result takes its rows from every table buffer (the kernel skips rows a buffer lacks).
      const steps = rowShards(out, op).flatMap((o: RowShard) => shards[0].map((_, s) => step(s, o.buffer, o.rows, make.status, o.rowStart)));
      return { result: out, steps };
    });
  }
  const report = { indices: { tensor: indices, owned: false }, upper: rows, policy: outOfRange };
  return runOp(device, { op, inputs: [...tables, indices], report }, (make) => {
    const out = make.output([...indices.shape, dim], 'float32');
    return { result: out, steps: shards[0].map((_, s) => step(s, out.buffer, indices.size, make.status, null)) };
  });
}
