/**
 * Buffer-to-buffer copies on the GPU queue: weight snapshots, weight writes
 * from a tensor, and batch slices and concatenation in `predict`.
 */
import { popVerdict } from '../gpu/error-scope.js';
import { outputTensor, splitSizes } from './create.js';
import type { DType, Tensor } from './tensor.js';

/** One copy of `byteLength` bytes between buffers (offsets and lengths are whole float32/int32 elements). */
export interface CopySpec {
  from: GPUBuffer;
  fromOffset: number;
  to: GPUBuffer;
  toOffset: number;
  byteLength: number;
}

/**
 * Submits the copies in one command buffer, in order, and has `target`'s
 * reads check the verdict of the error scope they ran in.
 *
 * @example
 * ```ts
 * copyBuffers(b, [{ from: a.buffer, fromOffset: 0, to: b.buffer, toOffset: 0, byteLength: 4 * a.size }], 'copy');
 * ```
 */
function copyBuffers(target: Tensor, copies: readonly CopySpec[], label: string): void {
  const device = target.device;
  device.pushErrorScope('validation');
  const encoder = device.createCommandEncoder({ label });
  for (const c of copies) {
    if (c.byteLength > 0) encoder.copyBufferToBuffer(c.from, c.fromOffset, c.to, c.toOffset, c.byteLength);
  }
  device.queue.submit([encoder.finish()]);
  target.watch(popVerdict(device, label));
}

/**
 * Copies all of `from` into `to` (same number of elements), whichever way
 * each is split across buffers: every overlap of a source and a target
 * byte range becomes one buffer copy.
 *
 * @example
 * ```ts
 * copyTensor(values, weightTensor, 'setWeights');
 * ```
 */
export function copyTensor(from: Tensor, to: Tensor, label: string): void {
  const copies: CopySpec[] = [];
  for (const source of from.shards) {
    for (const target of to.shards) {
      const start = Math.max(source.byteOffset, target.byteOffset);
      const end = Math.min(source.byteOffset + source.byteLength, target.byteOffset + target.byteLength);
      if (end > start) {
        copies.push({ from: source.buffer, fromOffset: start - source.byteOffset, to: target.buffer, toOffset: start - target.byteOffset, byteLength: end - start });
      }
    }
  }
  copyBuffers(to, copies, label);
}

/**
 * A copy of `source` in new buffers, split by rows as the device's limit
 * requires (whatever the source's split), carrying its pending checks.
 *
 * @example
 * ```ts
 * const copy = cloneTensor(weights, 'getWeights');
 * ```
 */
export function cloneTensor(source: Tensor<'float32'>, label: string): Tensor<'float32'> {
  const copy = outputTensor(source.device, label, source.shape, 'float32', { inputs: [source] }, splitSizes(source.device, source.shape, label));
  copyTensor(source, copy, label);
  return copy;
}

/**
 * A new tensor holding elements `[start, start + count)` of `source`'s
 * leading axis, in `shape` (whose first dimension is `count`).
 *
 * @example
 * ```ts
 * const rows = sliceRows(table, 2, 3); // rows 2, 3 and 4 of table, copied
 * ```
 */
export function sliceRows<D extends DType>(source: Tensor<D>, start: number, count: number, label: string): Tensor<D> {
  const rowSize = source.shape.slice(1).reduce((a, b) => a * b, 1);
  // The copy carries the source's pending checks (e.g. an out-of-range report) to its reads.
  const out = outputTensor(source.device, label, [count, ...source.shape.slice(1)], source.dtype, { inputs: [source] });
  copyBuffers(out, [{ from: source.buffer, fromOffset: start * rowSize * 4, to: out.buffer, toOffset: 0, byteLength: count * rowSize * 4 }], label);
  // Rows of indices known to be in range are too.
  out.markIndicesBelow(source.indicesBelow);
  return out;
}

/**
 * A new tensor that stacks `parts` along the leading axis; the parts stay the caller's.
 *
 * @example
 * ```ts
 * concatRows([a, b], 'predict'); // [a.shape[0] + b.shape[0], ...]
 * ```
 */
export function concatRows<D extends DType>(parts: readonly Tensor<D>[], label: string): Tensor<D> {
  const first = parts[0];
  const rows = parts.reduce((n, t) => n + t.shape[0], 0);
  const out = outputTensor(first.device, label, [rows, ...first.shape.slice(1)], first.dtype, { inputs: parts });
  let offset = 0;
  const copies = parts.map((t) => {
    const spec = { from: t.buffer, fromOffset: 0, to: out.buffer, toOffset: offset, byteLength: t.size * 4 };
    offset += t.size * 4;
    return spec;
  });
  copyBuffers(out, copies, label);
  const bounds = parts.map((t) => t.indicesBelow);
  if (bounds.every((b) => b !== null)) out.markIndicesBelow(Math.max(0, ...(bounds as number[])));
  return out;
}
