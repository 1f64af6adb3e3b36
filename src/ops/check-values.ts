/**
 * checkValues: finds values of a GPU-resident tensor that training cannot
 * use (non-finite floats, class ids or indices out of range), on the GPU
 * (shaders/check-values.wgsl), then reads back one small report.
 */
import checkValuesCode from '../../shaders/check-values.wgsl?raw';
import { readRanges } from '../gpu/buffers.js';
import { defineKernel } from '../gpu/pipelines.js';
import { tensor } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { runInPlace } from './run-op.js';

const WG = 256;
const kernel = defineKernel({ name: 'check-values', code: checkValuesCode, constants: { WG } });

/** What the values of a training tensor must be. */
export type ValueRule = { kind: 'finite' } | { kind: 'classes'; upper: number } | { kind: 'indices'; upper: number };

/** The first value breaking the rule (flat position and the value), and how many do; null when all are fine. */
export interface BadValues {
  count: number;
  position: number;
  value: number;
}

/**
 * @internal Checks every value of `values` (float32 for 'finite' and
 * 'classes', int32 for 'indices') against `rule` on the GPU and reads the
 * report back. Resolves with the first offender, or null.
 *
 * @example
 * ```ts
 * const bad = await checkValues(targets, { kind: 'finite' });
 * if (bad) throw new RangeError(`received ${bad.value} at ${bad.position}`);
 * ```
 */
export async function checkValues(values: Tensor, rule: ValueRule): Promise<BadValues | null> {
  const device = values.device;
  const status = tensor(new Int32Array([0, -1, 0, 0]), [4], 'int32');
  try {
    const mode = rule.kind === 'finite' ? 0 : rule.kind === 'classes' ? 1 : 2;
    const verdict = runInPlace(device, { op: 'checkValues', inputs: [values, status] }, () => [{
      kernel,
      buffers: [values.buffer, status.buffer],
      params: new Uint32Array([values.size, mode, rule.kind === 'finite' ? 0 : rule.upper]),
      workgroups: Math.ceil(values.size / WG),
    }]);
    const [words] = await readRanges(device, [{ buffer: status.buffer, offset: 0, byteLength: 16 }]);
    const error = await verdict;
    if (error) throw error;
    const [count, position] = new Uint32Array(words);
    if (count === 0) return null;
    const [value] = await readRanges(device, [{ buffer: values.buffer, offset: position * 4, byteLength: 4 }]);
    return { count, position, value: values.dtype === 'int32' ? new Int32Array(value)[0] : new Float32Array(value)[0] };
  } finally {
    status.dispose();
  }
}
