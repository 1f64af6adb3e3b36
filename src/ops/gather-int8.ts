/**
 * gather from an int8 table with one scale per row (the storage of
 * `layer.quantize('int8')`), dequantised to float32 in the kernel.
 */
import gatherInt8Vec4Code from '../../shaders/gather-int8-vec4.wgsl?raw';
import gatherInt8Code from '../../shaders/gather-int8.wgsl?raw';
import { defineKernel } from '../gpu/pipelines.js';
import type { Tensor } from '../tensor/tensor.js';
import type { OutOfRange } from '../validate/indices.js';
import { PACKED_VPT, PACKED_WG, packedGather, type CompactKernels } from './packed-gather.js';

const kernels: CompactKernels = {
  vec4: Object.fromEntries(
    PACKED_VPT.map((vpt) => [vpt, defineKernel({ name: `gather-int8-vec4-${vpt}`, code: gatherInt8Vec4Code, constants: { WG: PACKED_WG, VPT: vpt } })]),
  ) as CompactKernels['vec4'],
  scalar: defineKernel({ name: 'gather-int8', code: gatherInt8Code, constants: { WG: PACKED_WG, VPT: 4 } }),
};

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
  return packedGather(kernels, { packed, perRow: [scales], shape }, indices, op, outOfRange);
}
