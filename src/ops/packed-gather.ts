/**
 * The dispatch shared by the gathers of compact tables (float16, int8): both
 * kernels bind their table buffers, then indices, output and the index
 * status, take `[total, dim, rows, words]`, and write four float32 values
 * per invocation.
 */
import type { Kernel } from '../gpu/pipelines.js';
import { usable } from '../tensor/inputs.js';
import type { Tensor } from '../tensor/tensor.js';
import type { OutOfRange } from '../validate/indices.js';
import { runOp } from './run-op.js';

/** Invocations per workgroup of the compact gather kernels (their `WG` override). */
export const PACKED_WG = 256;

/**
 * Rows `indices` of a compact `[rows, dim]` table held in `tables` (the
 * packed values first, then any per-row data) as float32
 * `[...indices.shape, dim]`; out-of-range indices as in `gather`, reported
 * under `op` unless `outOfRange` is 'zero'.
 *
 * @example
 * ```ts
 * packedGather(int8Kernel, [packed, scales], [10, 4], ids, "Embedding 'e'", 'throw');
 * ```
 */
export function packedGather(
  kernel: Kernel,
  tables: readonly Tensor[],
  shape: readonly [number, number],
  indices: Tensor<'int32'>,
  op: string,
  outOfRange: OutOfRange,
): Tensor<'float32'> {
  const [rows, dim] = shape;
  const device = indices.device;
  // Weights on a lost device cannot be used with the new one; say so instead of failing inside WebGPU.
  for (const table of tables) usable(table, device, op, 'the table');
  // GPU-resident indices out of range are reported under `op` (a layer's name), as gather does.
  const indexInput = { tensor: indices, owned: false };
  return runOp(device, { op, inputs: [...tables, indices], report: { indices: indexInput, upper: rows, policy: outOfRange } }, (make) => {
    const out = make.output([...indices.shape, dim], 'float32');
    const words = Math.ceil(dim / 4);
    const total = indices.size * words;
    const step = {
      kernel,
      buffers: [...tables.map((t) => t.buffer), indices.buffer, out.buffer, make.status],
      params: new Uint32Array([total, dim, rows, words]),
      workgroups: Math.ceil(total / PACKED_WG),
    };
    return { result: out, steps: [step] };
  });
}
