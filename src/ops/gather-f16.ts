/**
 * gather from a float16 table packed two halves per word (the storage of
 * `Embedding({ dtype: 'float16' })`), dequantised to float32 in the kernel.
 */
import gatherF16Code from '../../shaders/gather-f16.wgsl?raw';
import { defineKernel } from '../gpu/pipelines.js';
import type { Tensor } from '../tensor/tensor.js';
import type { OutOfRange } from '../validate/indices.js';
import { PACKED_WG, packedGather } from './packed-gather.js';

const kernel = defineKernel({ name: 'gather-f16', code: gatherF16Code, constants: { WG: PACKED_WG } });

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
  return packedGather(kernel, [packed], shape, indices, op, outOfRange);
}
