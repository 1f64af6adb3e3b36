/**
 * What the peers need to run in Node on Dawn, beside a browser: ONNX Runtime
 * Web checks `navigator.gpu` before it looks at the device it is given, and
 * its wasm heap is a SharedArrayBuffer, whose views Dawn's `writeBuffer`
 * rejects ("Invalid argument"), so those writes go through a copy.
 */
import { create } from 'webgpu';

/** Prepares globals for the peers; call after `getDevice()` picked the adapter (and set VK_ICD_FILENAMES if it had to). */
export function preparePeersForNode(device: GPUDevice): void {
  const global = globalThis as { navigator?: { gpu?: GPU } };
  if (!global.navigator?.gpu) Object.defineProperty(globalThis, 'navigator', { value: { gpu: create([]) }, configurable: true });
  const queue = Object.getPrototypeOf(device.queue) as GPUQueue;
  const writeBuffer = queue.writeBuffer;
  queue.writeBuffer = function (this: GPUQueue, buffer, offset, data, dataOffset?, size?) {
    if (ArrayBuffer.isView(data) && data.buffer instanceof SharedArrayBuffer) {
      const view = data as unknown as Uint8Array;
      const unit = view.BYTES_PER_ELEMENT ?? 1;
      const start = dataOffset ?? 0;
      const count = size ?? view.length - start;
      const copy = new Uint8Array(count * unit);
      copy.set(new Uint8Array(view.buffer, view.byteOffset + start * unit, count * unit));
      return writeBuffer.call(this, buffer, offset, copy);
    }
    return writeBuffer.call(this, buffer, offset, data, dataOffset, size);
  };
}
