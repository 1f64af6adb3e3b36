/**
 * sumRows: adds each kind's per-row values (from lossRows) to running totals
 * on the GPU, in a fixed order (shaders/sum-rows.wgsl), so that a whole
 * epoch's losses and metrics are read back once.
 */
import sumRowsCode from '../../shaders/sum-rows.wgsl?raw';
import { defineKernel } from '../gpu/pipelines.js';
import type { Tensor } from '../tensor/tensor.js';
import { runInPlace } from './run-op.js';

const kernel = defineKernel({ name: 'sum-rows', code: sumRowsCode });

/**
 * @internal For each kind k of `values` (`[K, R]`), adds the sum of its row
 * values to `totals[epochSlot + k]` and stores it in `totals[batchSlot + k]`,
 * in place. Resolves with the error the device raised for the work, or null.
 *
 * @example
 * ```ts
 * const totals = tensor(new Float32Array(2 * kinds.length));
 * await sumRows(values, totals, 0, kinds.length);
 * ```
 */
export function sumRows(values: Tensor<'float32'>, totals: Tensor<'float32'>, epochSlot: number, batchSlot: number): Promise<Error | null> {
  const [kinds, rows] = values.shape;
  if (values.rank !== 2 || Math.max(epochSlot, batchSlot) + kinds > totals.size) {
    throw new RangeError(`sumRows: values ${values.toString()} do not fit slots ${epochSlot} and ${batchSlot} of ${totals.toString()}.`);
  }
  return runInPlace(values.device, { op: 'sumRows', inputs: [values, totals] }, () => [
    { kernel, buffers: [values.buffer, totals.buffer], params: new Uint32Array([rows, epochSlot, batchSlot]), workgroups: kinds },
  ]);
}
