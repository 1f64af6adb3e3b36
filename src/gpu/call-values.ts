/**
 * One small storage buffer per device for values that change on every call
 * of a kernel (Dropout's training step). Kernel parameters are uniforms
 * cached by their bytes (uniforms.ts), so such a value among them would make
 * a new uniform buffer per call; instead the op writes it here with
 * `queue.writeBuffer` just before it submits. Writes and submissions are
 * ordered on the queue, so each submission reads the values written before
 * it and one buffer serves every op in turn, as long as one submission
 * needs one set of values.
 */
import { createStorageBuffer } from './buffers.js';

/** The words the buffer holds. */
export const CALL_VALUE_WORDS = 4;

const buffers = new WeakMap<GPUDevice, GPUBuffer>();

/**
 * The device's buffer of per-call values (made on first use, freed with the device).
 *
 * @example
 * ```ts
 * device.queue.writeBuffer(callValuesBuffer(device), 0, new Uint32Array([seed, layer, step, 0]));
 * ```
 */
export function callValuesBuffer(device: GPUDevice): GPUBuffer {
  let buffer = buffers.get(device);
  if (!buffer) buffers.set(device, (buffer = createStorageBuffer(device, 'per-call values', CALL_VALUE_WORDS * 4).buffer));
  return buffer;
}
