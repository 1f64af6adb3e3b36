/**
 * gather from an int8 table with one scale per row (the storage of
 * `layer.quantize('int8')`), dequantised to float32 in the kernel.
 */
import gatherInt8Code from '../../shaders/gather-int8.wgsl?raw';
import { dispatchAll } from '../gpu/dispatch.js';
import { defineKernel } from '../gpu/pipelines.js';
import { outputTensor } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import type { OutOfRange } from '../validate/indices.js';
import { indexReport } from './index-report.js';

const WG = 256;
const kernel = defineKernel({ name: 'gather-int8', code: gatherInt8Code, constants: { WG } });

/**
 * Rows `indices` of a `[rows, dim]` int8 table as float32
 * `[...indices.shape, dim]` (value times its row's scale); an index outside
 * `[0, rows)` gives a zero row, and unless `outOfRange` is 'zero' the result's
 * first read rejects naming `op`.
 *
 * @example
 * ```ts
 * const rows = gatherInt8(packed, scales, [10, 4], ids, "Embedding 'e'", 'throw'); // packed, scales from quantizeInt8
 * ```
 */
export function gatherInt8(packed: Tensor<'int32'>, scales: Tensor<'float32'>, shape: readonly [number, number], indices: Tensor<'int32'>,
  op: string,
  outOfRange: OutOfRange,
): Tensor<'float32'> {
  const [rows, dim] = shape;
  const device = packed.device;
  // GPU-resident indices out of range are reported under `op` (a layer's name), as gather does.
  const report = indexReport(device, op, { tensor: indices, owned: false }, rows, outOfRange);
  const out = outputTensor(device, op, [...indices.shape, dim], 'float32', { inputs: [packed, scales, indices], status: report.status });
  const words = Math.ceil(dim / 4);
  const total = indices.size * words;
  out.watch(dispatchAll(device, [{
    kernel,
    buffers: [packed.buffer, scales.buffer, indices.buffer, out.buffer, report.buffer],
    params: new Uint32Array([total, dim, rows, words]),
    workgroups: Math.ceil(total / WG),
  }, ...report.complete]));
  return out;
}
