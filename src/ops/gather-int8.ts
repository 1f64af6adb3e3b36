/**
 * gather from an int8 table with one scale per row (the storage of
 * `layer.quantize('int8')`), dequantised to float32 in the kernel.
 */
import gatherInt8Code from '../../shaders/gather-int8.wgsl?raw';
import { defineKernel } from '../gpu/pipelines.js';
import type { Tensor } from '../tensor/tensor.js';
import type { OutOfRange } from '../validate/indices.js';
import { PACKED_WG, packedGather } from './packed-gather.js';

const kernel = defineKernel({ name: 'gather-int8', code: gatherInt8Code, constants: { WG: PACKED_WG } });

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
  return packedGather(kernel, [packed, scales], shape, indices, op, outOfRange);
}
