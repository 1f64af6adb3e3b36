/**
 * A tiny storage buffer for bindings a dispatch does not use. A kernel with
 * optional inputs (embeddingBag's offsets and weights) still declares their
 * bindings, and WebGPU requires every declared binding to be bound.
 */
import { createStorageBuffer } from './buffers.js';

const placeholders = new WeakMap<GPUDevice, GPUBuffer>();

/**
 * The device's placeholder buffer (16 bytes, never read by a kernel that
 * gets it, shared by all such bindings, freed with the device).
 *
 * @example
 * ```ts
 * const offsets = offsetsTensor?.buffer ?? placeholderBuffer(device);
 * ```
 */
export function placeholderBuffer(device: GPUDevice): GPUBuffer {
  let buffer = placeholders.get(device);
  if (!buffer) placeholders.set(device, (buffer = createStorageBuffer(device, 'unused binding', 16).buffer));
  return buffer;
}
