/**
 * A tensor larger than one GPU buffer may be is split by rows (its leading
 * axis) across several buffers. Ops that read such a tensor dispatch once
 * per buffer, each dispatch told which rows its buffer holds.
 */
import type { Tensor } from './tensor.js';

/** One buffer of a tensor split by rows: rows `[rowStart, rowStart + rows)`. */
export interface RowShard {
  buffer: GPUBuffer;
  rowStart: number;
  rows: number;
}

/**
 * The buffers of `t` as row ranges. Throws a RangeError naming `op` when a
 * buffer boundary falls inside a row (a reshaped view of a split tensor).
 *
 * @example
 * ```ts
 * rowShards(table, 'embeddingBag'); // [{ buffer, rowStart: 0, rows: 262144 }, { buffer, rowStart: 262144, rows: 856 }]
 * ```
 */
export function rowShards(t: Tensor, op: string): RowShard[] {
  const rows = t.shape[0] ?? 1;
  const rowBytes = rows ? (t.size / rows) * 4 : 0;
  return t.shards.map((shard) => {
    if (rowBytes && (shard.byteOffset % rowBytes || shard.byteLength % rowBytes)) {
      throw new RangeError(`${op}: ${t.toString()} is split across buffers between rows (a reshaped view of a split tensor); use it in its original shape.`);
    }
    return { buffer: shard.buffer, rowStart: rowBytes ? shard.byteOffset / rowBytes : 0, rows: rowBytes ? shard.byteLength / rowBytes : rows };
  });
}

/** Where the row ranges of two split tensors overlap: `rows` rows from row `fromRow` of `from` and `toRow` of `to` (both within their buffers). */
export interface RowOverlap {
  from: RowShard;
  to: RowShard;
  fromRow: number;
  toRow: number;
  rows: number;
}

/**
 * Every overlap of a shard of `from` with a shard of `to` (both covering the
 * same rows), in row order: one dispatch each moves rows between two
 * tensors split at different places.
 *
 * @example
 * ```ts
 * rowOverlaps(rowShards(values, op), rowShards(packed, op)); // float32 rows into their packed rows
 * ```
 */
export function rowOverlaps(from: readonly RowShard[], to: readonly RowShard[]): RowOverlap[] {
  const out: RowOverlap[] = [];
  for (const a of from) {
    for (const b of to) {
      const start = Math.max(a.rowStart, b.rowStart);
      const end = Math.min(a.rowStart + a.rows, b.rowStart + b.rows);
      if (end > start) out.push({ from: a, to: b, fromRow: start - a.rowStart, toRow: start - b.rowStart, rows: end - start });
    }
  }
  return out;
}
