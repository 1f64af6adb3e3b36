/**
 * Packing float32 table rows into float16 halves on the GPU.
 */
import packF16Code from '../../shaders/pack-f16.wgsl?raw';
import { defineKernel } from '../gpu/pipelines.js';
import { rowOverlaps, rowShards } from '../tensor/shards.js';
import type { Tensor } from '../tensor/tensor.js';
import { unitsPerRow } from './gather-compact.js';
import { runOp } from './run-op.js';

const WG = 256;
const kernel = defineKernel({ name: 'pack-f16', code: packF16Code, constants: { WG } });

/**
 * A `[rows, dim]` float32 table as float16 in a new int32 tensor
 * `[rows, 4 * ceil(dim / 8)]` labelled `label`: each row's halves two per
 * word, rows padded to units of eight (one 16-byte load of the lookup
 * kernel), split by rows when larger than one buffer may be. The layout
 * {@link gatherFloat16} reads.
 *
 * @example
 * ```ts
 * const packed = packFloat16(table, 'e/embeddings float16');
 * ```
 */
export function packFloat16(values: Tensor<'float32'>, label: string): Tensor<'int32'> {
  const [rows, dim] = values.shape;
  // Groups of four values per stored row: two per unit of eight.
  const quads = 2 * unitsPerRow('float16', dim);
  return runOp(values.device, { op: 'packFloat16', inputs: [values] }, (make) => {
    const packed = make.output([rows, 2 * quads], 'int32', { label, split: true });
    // One dispatch per overlap of a float32 buffer and a packed buffer: the two split at different rows.
    const steps = rowOverlaps(rowShards(values, label), rowShards(packed, label)).map((o) => ({
      kernel,
      buffers: [o.from.buffer, o.to.buffer],
      params: new Uint32Array([o.rows * quads, quads, dim, o.fromRow, o.toRow]),
      workgroups: Math.ceil((o.rows * quads) / WG),
    }));
    return { result: packed, steps };
  });
}
