/**
 * gather from a float16 table (the storage of `Embedding({ dtype: 'float16' })`),
 * dequantised to float32 in the kernel.
 */
import gatherF16Vec4Code from '../../shaders/gather-f16-vec4.wgsl?raw';
import gatherF16Code from '../../shaders/gather-f16.wgsl?raw';
import { defineKernel } from '../gpu/pipelines.js';
import type { Tensor } from '../tensor/tensor.js';
import type { OutOfRange } from '../validate/indices.js';
import { PACKED_VPT, PACKED_WG, packedGather, type CompactKernels } from './packed-gather.js';

const kernels: CompactKernels = {
  vec4: Object.fromEntries(
    PACKED_VPT.map((vpt) => [vpt, defineKernel({ name: `gather-f16-vec4-${vpt}`, code: gatherF16Vec4Code, constants: { WG: PACKED_WG, VPT: vpt } })]),
  ) as CompactKernels['vec4'],
  scalar: defineKernel({ name: 'gather-f16', code: gatherF16Code, constants: { WG: PACKED_WG, VPT: 4 } }),
};

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
  return packedGather(kernels, { packed, perRow: [], shape }, indices, op, outOfRange);
}
