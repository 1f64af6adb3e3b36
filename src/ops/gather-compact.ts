/**
 * gather from compact tables (the storage of `Embedding({ dtype: 'float16' })`
 * and of `layer.quantize('int8')`), decoded to float32 in the kernel. Rows
 * are stored in units of 16 bytes (eight halves, or sixteen int8 values),
 * one vec4<u32> load each: on SwiftShader, where every load and store costs
 * per component, fewer and wider loads are what let a compact gather beat
 * the float32 one (bench/NOTES.md). One kernel source per output kind,
 * specialised by format: rows of whole vec4s go through a vectorised
 * kernel, other row lengths through one writing single values. A table
 * split by rows takes one dispatch per buffer.
 */
import gatherCompactVec4Code from '../../shaders/gather-compact-vec4.wgsl?raw';
import gatherCompactCode from '../../shaders/gather-compact.wgsl?raw';
import { adapterInfo } from '../gpu/device.js';
import { defineKernel, type Kernel } from '../gpu/pipelines.js';
import { usable } from '../tensor/inputs.js';
import { rowShards } from '../tensor/shards.js';
import type { Tensor } from '../tensor/tensor.js';
import type { OutOfRange } from '../validate/indices.js';
import { runOp, type Step } from './run-op.js';

const WG = 256;

/** The compact formats: the kernels' FORMAT, and the values in one 16-byte unit of a stored row. */
const formats = { float16: { code: 0, unitValues: 8 }, int8: { code: 1, unitValues: 16 } } as const;

/** A compact table's format. */
export type CompactFormat = keyof typeof formats;

/**
 * Units of 16 bytes in a stored row of `dim` values (the last one padded):
 * the layout {@link packFloat16} and {@link quantizeInt8} write and the
 * lookups read.
 *
 * @example
 * ```ts
 * unitsPerRow('float16', 260); // 33: eight halves per unit
 * ```
 */
export function unitsPerRow(format: CompactFormat, dim: number): number {
  return Math.ceil(dim / formats[format].unitValues);
}

/** The kernels of one format: vectorised ones by units per invocation (VPT), and the one for any row length. */
function kernelsOf(format: CompactFormat): { vec4: Record<4 | 64, Kernel>; scalar: Kernel } {
  const constants = { WG, FORMAT: formats[format].code, UNIT: formats[format].unitValues / 4 };
  const vec4 = (VPT: number) => defineKernel({ name: `gather-${format}-vec4-${VPT}`, code: gatherCompactVec4Code, constants: { ...constants, VPT } });
  return { vec4: { 4: vec4(4), 64: vec4(64) }, scalar: defineKernel({ name: `gather-${format}`, code: gatherCompactCode, constants: { ...constants, VPT: 4 } }) };
}

const kernels = { float16: kernelsOf('float16'), int8: kernelsOf('int8') };

/** A compact table: its packed rows, int8's scales (split at the same rows), and its float32 shape. */
interface CompactTable {
  format: CompactFormat;
  packed: Tensor<'int32'>;
  scales?: Tensor<'float32'>;
  shape: readonly [number, number];
}

/**
 * Rows `indices` of a compact table as float32 `[...indices.shape, dim]`,
 * out-of-range indices as in `gather` (zero rows, reported under `op` unless
 * `outOfRange` is 'zero'); with `indices` null, every row in order as
 * `[rows, dim]`, split by rows when larger than one buffer may be.
 */
function gatherCompact(table: CompactTable, indices: Tensor<'int32'> | null, op: string, outOfRange: OutOfRange): Tensor<'float32'> {
  const [rows, dim] = table.shape;
  const device = table.packed.device;
  const tables: Tensor[] = table.scales ? [table.packed, table.scales] : [table.packed];
  // Weights on a lost device cannot be used with the new one; say so instead of failing inside WebGPU.
  for (const t of tables) usable(t, device, op, 'the table');
  if (indices) usable(indices, device, op, 'the indices');
  const packed = rowShards(table.packed, op);
  const scales = table.scales ? rowShards(table.scales, op) : packed;
  const quads = Math.ceil(dim / 4);
  const units = unitsPerRow(table.format, dim);
  // Up to 64 units per invocation on a software adapter, where the per-invocation cost dominates (as for float32:
  // bench/NOTES.md): a whole row up to 1,024 bytes stored; 4 on hardware and for short rows (a stride longer than
  // the row leaves the loop idle).
  const vpt = adapterInfo(device).software && units >= 16 && dim % 4 === 0 ? 64 : 4;
  const kernel = dim % 4 === 0 ? kernels[table.format].vec4[vpt] : kernels[table.format].scalar;
  const lanes = Math.ceil(units / vpt);
  /** The dispatch of table buffer `s` writing `outRows` rows into `out`, from table row `firstRow` when there are no indices. */
  const step = (s: number, out: GPUBuffer, outRows: number, status: GPUBuffer, firstRow: number | null): Step => ({
    kernel,
    // Bindings a dispatch does not read take the table's buffer (read-only like them): float16's scales, absent indices.
    buffers: [packed[s].buffer, scales[s].buffer, indices?.buffer ?? packed[s].buffer, out, status],
    params: new Uint32Array([
      outRows * lanes, quads, dim, units, rows, packed[s].rowStart, packed[s].rows, s === 0 && firstRow === null ? 1 : 0, lanes,
      firstRow === null ? 0 : 1, firstRow ?? 0,
    ]),
    workgroups: Math.ceil((outRows * lanes) / WG),
  });
  if (!indices) {
    return runOp(device, { op, inputs: tables }, (make) => {
      const out = make.output([rows, dim], 'float32', { split: true });
      // Each buffer of the result takes its rows from every table buffer (the kernel skips the rows a buffer lacks).
      const steps = rowShards(out, op).flatMap((o) => packed.map((_, s) => step(s, o.buffer, o.rows, make.status, o.rowStart)));
      return { result: out, steps };
    });
  }
  const report = { indices: { tensor: indices, owned: false }, upper: rows, policy: outOfRange };
  return runOp(device, { op, inputs: [...tables, indices], report }, (make) => {
    const out = make.output([...indices.shape, dim], 'float32');
    return { result: out, steps: packed.map((_, s) => step(s, out.buffer, indices.size, make.status, null)) };
  });
}

/**
 * Rows `indices` of a `[rows, dim]` float16 table (`packed`, from
 * {@link packFloat16}) as float32 `[...indices.shape, dim]`; an index outside
 * `[0, rows)` gives a zero row, and unless `outOfRange` is 'zero' the
 * result's first read rejects naming `op`. With `indices` null: the whole
 * table, `[rows, dim]`.
 *
 * @example
 * ```ts
 * const rows = gatherFloat16(packed, [10, 4], ids, "Embedding 'e'", 'throw');
 * const all = gatherFloat16(packed, [10, 4], null, 'getWeights', 'zero');
 * ```
 */
export function gatherFloat16(
  packed: Tensor<'int32'>,
  shape: readonly [number, number],
  indices: Tensor<'int32'> | null,
  op: string,
  outOfRange: OutOfRange,
): Tensor<'float32'> {
  return gatherCompact({ format: 'float16', packed, shape }, indices, op, outOfRange);
}

/**
 * Rows `indices` of a `[rows, dim]` int8 table (`packed` and `scales`, from
 * {@link quantizeInt8}) as float32 `[...indices.shape, dim]` (value times its
 * row's scale); an index outside `[0, rows)` gives a zero row, and unless
 * `outOfRange` is 'zero' the result's first read rejects naming `op`. With
 * `indices` null: the whole table, `[rows, dim]`.
 *
 * @example
 * ```ts
 * const rows = gatherInt8(packed, scales, [10, 4], ids, "Embedding 'e'", 'throw');
 * ```
 */
export function gatherInt8(
  packed: Tensor<'int32'>,
  scales: Tensor<'float32'>,
  shape: readonly [number, number],
  indices: Tensor<'int32'> | null,
  op: string,
  outOfRange: OutOfRange,
): Tensor<'float32'> {
  return gatherCompact({ format: 'int8', packed, scales, shape }, indices, op, outOfRange);
}
