/**
 * What the peers need to run in Node on Dawn, beside a browser: ONNX Runtime
 * Web checks `navigator.gpu` before it looks at the device it is given, and
 * its wasm heap is a SharedArrayBuffer, whose views Dawn's `writeBuffer`
 * rejects ("Invalid argument"), so those writes go through a copy. And after
 * ONNX Runtime's session is created, V8 keeps compiling its ~25 MB of wasm
 * in background threads for half a minute (measured: two threads busy for
 * ~35 s on the project's 2-core machines), which the suite waits out.
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

/**
 * Resolves once this process has been idle for a quarter of a second (under
 * 10% of one core), or after `maxMs`, with the milliseconds waited. On a
 * software adapter the GPU is these same CPU cores, so sampling while a
 * setup's background work runs (V8 compiling ONNX Runtime's wasm) would
 * charge that work to whatever is sampled then.
 *
 * @example
 * ```ts
 * const waited = await waitForIdle(); // after the entries of a shape are set up
 * ```
 */
export async function waitForIdle(maxMs = 120_000): Promise<number> {
  const start = performance.now();
  const windowMs = 250;
  for (;;) {
    const before = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const used = process.cpuUsage(before);
    const waited = performance.now() - start;
    if ((used.user + used.system) / 1000 < windowMs / 10 || waited > maxMs) return waited;
  }
}
