/**
 * gather from a float16 table packed two halves per word (the storage of
 * `Embedding({ dtype: 'float16' })`), dequantised to float32 in the kernel.
 */
import gatherF16Code from '../../shaders/gather-f16.wgsl?raw';
import { dispatchAll } from '../gpu/dispatch.js';
import { defineKernel } from '../gpu/pipelines.js';
import { outputTensor } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import type { OutOfRange } from '../validate/indices.js';
import { indexReport } from './index-report.js';

const WG = 256;
const kernel = defineKernel({ name: 'gather-f16', code: gatherF16Code, constants: { WG } });

/**
 * Rows `indices` of a `[rows, dim]` float16 table as float32
 * `[...indices.shape, dim]`; an index outside `[0, rows)` gives a zero row, and
 * unless `outOfRange` is 'zero' the result's first read rejects naming `op`.
 *
 * @example
 * ```ts
 * const rows = gatherFloat16(packed, [10, 4], ids, "Embedding 'e'", 'throw'); // packed: from packFloat16
 * ```
 */
export function gatherFloat16(packed: Tensor<'int32'>, shape: readonly [number, number], indices: Tensor<'int32'>,
  op: string,
  outOfRange: OutOfRange,
): Tensor<'float32'> {
  const [rows, dim] = shape;
  const device = packed.device;
  // GPU-resident indices out of range are reported under `op` (a layer's name), as gather does.
  const report = indexReport(device, op, { tensor: indices, owned: false }, rows, outOfRange);
  const out = outputTensor(device, op, [...indices.shape, dim], 'float32', { inputs: [packed, indices], status: report.status });
  const quads = Math.ceil(dim / 4);
  const total = indices.size * quads;
  out.watch(dispatchAll(device, [{
    kernel,
    buffers: [packed.buffer, indices.buffer, out.buffer, report.buffer],
    params: new Uint32Array([total, dim, rows, quads]),
    workgroups: Math.ceil(total / WG),
  }, ...report.complete]));
  return out;
}
