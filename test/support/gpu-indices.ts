/**
 * Index tensors as a GPU kernel leaves them: on the GPU, with values the
 * library does not know (no host copy, no known range), so that every lookup
 * by them carries an out-of-range report. `tensor(values)` would not do for
 * tests of that report: the library notes the range of the values it
 * uploads, and a lookup by indices known to be in range skips the report.
 */
import { tensor, type Tensor } from '../../src/index.js';
import { copyTensor } from '../../src/tensor/copy.js';
import { outputTensor } from '../../src/tensor/create.js';

/**
 * `values` as an int32 tensor of `shape` whose range the library does not know.
 *
 * @example
 * ```ts
 * const ids = gpuComputedIndices(new Int32Array([3, 0, 1])); // ids.indicesBelow === null
 * ```
 */
export function gpuComputedIndices(values: Int32Array, shape: readonly number[] = [values.length]): Tensor<'int32'> {
  const source = tensor(values, shape, 'int32');
  try {
    const out = outputTensor(source.device, 'test computed indices', shape, 'int32');
    // A write by GPU work: the copy forgets what the upload knew.
    copyTensor(source, out, 'test computed indices');
    return out;
  } finally {
    source.dispose();
  }
}
