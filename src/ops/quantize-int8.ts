/**
 * Quantising a float32 table to int8 with one scale per row, on the GPU.
 */
import quantizeInt8Code from '../../shaders/quantize-int8.wgsl?raw';
import { defineKernel } from '../gpu/pipelines.js';
import { rowOverlaps, rowShards } from '../tensor/shards.js';
import type { Tensor } from '../tensor/tensor.js';
import { unitsPerRow } from './gather-compact.js';
import { runOp } from './run-op.js';

const WG = 64;
const kernel = defineKernel({ name: 'quantize-int8', code: quantizeInt8Code, constants: { WG } });

/**
 * A `[rows, dim]` float32 table as int8 in new tensors labelled after
 * `label`: `packed` (int32 `[rows, 4 * ceil(dim / 16)]`, four values per
 * word, rows padded to units of sixteen: one 16-byte load of the lookup
 * kernel) and `scales` (float32 `[rows]`), scale = max|x| / 127, value =
 * round(x / scale); split by rows (both at the same rows) when larger than
 * one buffer may be. The layout {@link gatherInt8} reads.
 *
 * @example
 * ```ts
 * const { packed, scales } = quantizeInt8(table, 'e/embeddings');
 * ```
 */
export function quantizeInt8(values: Tensor<'float32'>, label: string): { packed: Tensor<'int32'>; scales: Tensor<'float32'> } {
  const [rows, dim] = values.shape;
  // Words per stored row: four per unit of sixteen values.
  const quads = 4 * unitsPerRow('int8', dim);
  return runOp(values.device, { op: 'quantizeInt8', inputs: [values] }, (make) => {
    const packed = make.output([rows, quads], 'int32', { label: `${label} int8`, split: true });
    const packedShards = rowShards(packed, label);
    // The scales split at the rows the int8 values split at, so one dispatch writes both.
    const scales = make.output([rows], 'float32', { label: `${label} scales`, shardBytes: packedShards.map((shard) => shard.rows * 4) });
    const scaleShards = rowShards(scales, label);
    const steps = rowOverlaps(rowShards(values, label), packedShards).map((o) => ({
      kernel,
      buffers: [o.from.buffer, o.to.buffer, scaleShards[packedShards.indexOf(o.to)].buffer],
      params: new Uint32Array([o.rows, dim, quads, o.fromRow, o.toRow]),
      workgroups: Math.ceil(o.rows / WG),
    }));
    return { result: { packed, scales }, steps };
  });
}
