/**
 * One spare 16-byte storage buffer per device, for bindings whose contents
 * nobody uses: an optional input a dispatch does not have (embeddingBag's
 * offsets and weights, the first top-k pass's row indices), and the status
 * of an op that needs no out-of-range report (host indices already checked,
 * or `outOfRange: 'zero'`). Kernels keep one binding layout either way, and
 * stray writes to it are harmless. WebGPU requires every declared binding to
 * be bound; it also refuses a buffer bound twice in one dispatch when one of
 * the bindings writes, so a dispatch may take this buffer for several
 * read-only bindings or for one written binding, never both.
 */
import { createStorageBuffer } from './buffers.js';

const placeholders = new WeakMap<GPUDevice, GPUBuffer>();

/**
 * The device's spare buffer (16 bytes, never read for its contents, shared
 * by all such bindings, freed with the device).
 *
 * @example
 * ```ts
 * const offsets = offsetsTensor?.buffer ?? placeholderBuffer(device);
 * const status = report?.buffer ?? placeholderBuffer(device);
 * ```
 */
export function placeholderBuffer(device: GPUDevice): GPUBuffer {
  let buffer = placeholders.get(device);
  if (!buffer) placeholders.set(device, (buffer = createStorageBuffer(device, 'unused binding', 16).buffer));
  return buffer;
}
