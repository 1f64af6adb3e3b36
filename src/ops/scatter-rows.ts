/**
 * scatterRows: a dense `[V, D]` tensor from rows addressed by distinct
 * indices (segmentSumRows' result): the gradient of a whole table, for
 * optimizers that update every row (Keras's Adam does).
 */
import scatterCode from '../../shaders/scatter-rows.wgsl?raw';
import scatterVec4Code from '../../shaders/scatter-rows-vec4.wgsl?raw';
import { defaultDevice } from '../gpu/device.js';
import { defineKernel } from '../gpu/pipelines.js';
import { floatInput, indexInput, upload } from '../tensor/inputs.js';
import type { Tensor } from '../tensor/tensor.js';
import { formatShape, formatValue } from '../validate/position.js';
import { runOp } from './run-op.js';

const WG = 256;
const scatterKernel = defineKernel({ name: 'scatter-rows', code: scatterCode, constants: { WG } });
const scatterVec4Kernel = defineKernel({ name: 'scatter-rows-vec4', code: scatterVec4Code, constants: { WG } });

/**
 * The dense float32 `[V, D]` tensor that is zero except row `indices[k]`,
 * which holds row k of `rows`, for the distinct indices of a
 * {@link segmentSumRows} result; the sentinel `V` (and any index outside
 * `[0, V)`) is skipped. Indices must not repeat (two rows for one index
 * would race); segmentSumRows guarantees that. A result larger than one GPU
 * buffer may be is split by rows across several, like a large table.
 *
 * @example
 * ```ts
 * const dense = scatterRows(segmentSumRows(ids, dy, 5), [5, 2]);
 * await dense.array(); // [[0, 0], [2, 2], [0, 0], [5, 5], [0, 0]]
 * ```
 */
export function scatterRows(gradient: { indices: Tensor; rows: Tensor }, shape: readonly number[]): Tensor<'float32'> {
  const op = 'scatterRows';
  const device = defaultDevice();
  if (!Array.isArray(shape) || shape.length !== 2 || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new RangeError(`${op}: expected shape [V, D] of non-negative integers, received ${Array.isArray(shape) ? formatShape(shape) : formatValue(shape)}.`);
  }
  const [rows, dim] = shape;
  if (typeof gradient !== 'object' || gradient === null) throw new TypeError(`${op}: expected { indices, rows }, received ${formatValue(gradient)}.`);
  const indexIn = indexInput(gradient.indices, rows, device, op, 'zero');
  const rowsIn = floatInput(gradient.rows, device, op, 'rows');
  if (indexIn.shape.length !== 1 || rowsIn.shape.length !== 2 || rowsIn.shape[0] !== indexIn.shape[0] || rowsIn.shape[1] !== dim) {
    throw new RangeError(`${op}: expected indices [K] and rows [K, ${dim}] for shape ${formatShape(shape)}, received ${formatShape(indexIn.shape)} and ${formatShape(rowsIn.shape)}.`);
  }
  const [indexGpu, rowsGpu] = upload([indexIn, rowsIn] as const);
  // Rows of whole vec4s move four values per invocation.
  const width = dim % 4 === 0 ? 4 : 1;
  const total = (indexIn.shape[0] * dim) / width;
  const rowBytes = dim * 4;
  return runOp(device, { op, inputs: [indexGpu, rowsGpu] }, (make) => {
    // Zeros first (the queue's fill, in the same submission), then the listed rows.
    const out = make.output([rows, dim], 'float32', { split: true, zeroed: true });
    const steps = out.shards.map((shard) => ({
      kernel: width === 4 ? scatterVec4Kernel : scatterKernel,
      buffers: [indexGpu.tensor.buffer, rowsGpu.tensor.buffer, shard.buffer],
      params: new Uint32Array([total, dim / width, rows, rowBytes ? shard.byteOffset / rowBytes : 0, rowBytes ? shard.byteLength / rowBytes : 0]),
      workgroups: Math.ceil(total / WG),
    }));
    return { result: out, steps };
  });
}
