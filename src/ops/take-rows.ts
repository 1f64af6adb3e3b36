/**
 * takeRows: the rows of a tensor picked by GPU-resident ids, bit for bit
 * whatever the dtype (shaders/take-rows.wgsl): how a training batch is
 * gathered from data uploaded once.
 */
import takeRowsCode from '../../shaders/take-rows.wgsl?raw';
import { defineKernel } from '../gpu/pipelines.js';
import type { DType, Tensor } from '../tensor/tensor.js';
import { runOp } from './run-op.js';

const WG = 256;
const kernel = defineKernel({ name: 'take-rows', code: takeRowsCode, constants: { WG } });

/**
 * @internal Rows `ids[0..count)` of `data` (`[N, ...]`, one buffer) as a new
 * tensor `[count, ...]` of `data`'s dtype; `ids` is int32 with at least
 * `count` entries. An id outside `[0, N)` gives a zero row.
 *
 * @example
 * ```ts
 * device.queue.writeBuffer(ids.buffer, 0, permutation, start, count);
 * const batch = takeRows(trainingInputs, ids, count);
 * ```
 */
export function takeRows<D extends DType>(data: Tensor<D>, ids: Tensor<'int32'>, count: number): Tensor<D> {
  if (data.rank < 1 || !Number.isInteger(count) || count < 0 || count > ids.size) {
    throw new RangeError(`takeRows: cannot take ${count} rows of ${data.toString()} by ${ids.toString()}.`);
  }
  const size = data.shape.slice(1).reduce((a, b) => a * b, 1);
  return runOp(data.device, { op: 'takeRows', inputs: [data, ids] }, (make) => {
    const out = make.output([count, ...data.shape.slice(1)], data.dtype);
    const total = count * size;
    return {
      result: out,
      steps: [{ kernel, buffers: [data.buffer, ids.buffer, out.buffer], params: new Uint32Array([total, size, data.shape[0]]), workgroups: Math.ceil(total / WG) }],
    };
  });
}
