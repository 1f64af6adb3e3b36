/**
 * Storage buffers and readback. Sizes are rounded up to 4 bytes (and at least
 * 4, so an empty tensor still has a bindable buffer).
 */
import { assertUsable, uncapturedErrors, whenLost } from './device.js';

/**
 * Creates a labelled storage buffer, optionally filled with `data`.
 *
 * @example
 * ```ts
 * const buf = createStorageBuffer(device, 'table', table.byteLength, table);
 * ```
 */
export function createStorageBuffer(
  device: GPUDevice,
  label: string,
  byteLength: number,
  data?: ArrayBufferView,
): GPUBuffer {
  assertUsable(device);
  const size = Math.max(4, Math.ceil(byteLength / 4) * 4);
  const buffer = device.createBuffer({
    label,
    size,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    mappedAtCreation: !!data,
  });
  if (data) {
    new Uint8Array(buffer.getMappedRange()).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    buffer.unmap();
  }
  return buffer;
}

/**
 * Copies `byteLength` bytes of `buffer` (from `offset`) back to the host.
 * Rejects with a `DeviceLostError` if the device is lost meanwhile, and with
 * the device's uncaptured error if one was raised.
 *
 * @example
 * ```ts
 * const bytes = await readBuffer(device, out, 0, 64);
 * ```
 */
export async function readBuffer(device: GPUDevice, buffer: GPUBuffer, offset: number, byteLength: number): Promise<ArrayBuffer> {
  assertUsable(device);
  if (byteLength === 0) return new ArrayBuffer(0);
  const staging = device.createBuffer({
    label: `${buffer.label}.readback`,
    size: Math.ceil(byteLength / 4) * 4,
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  try {
    const encoder = device.createCommandEncoder({ label: `${buffer.label}.readback` });
    encoder.copyBufferToBuffer(buffer, offset, staging, 0, staging.size);
    device.queue.submit([encoder.finish()]);
    await Promise.race([staging.mapAsync(GPUMapMode.READ), whenLost(device)]);
    const errors = uncapturedErrors(device);
    if (errors.length) throw new Error(`The GPU reported an error: ${errors.splice(0).map((e) => e.message).join('; ')}`);
    return staging.getMappedRange().slice(0, byteLength);
  } finally {
    staging.destroy();
  }
}
