/**
 * Storage buffers and readback. Sizes are rounded up to 4 bytes (and at least
 * 16, so an empty tensor still has a buffer any kernel can bind). A released
 * buffer of the same size is reused when the pool has one (buffer-pool.ts). Every
 * allocation runs inside WebGPU error scopes, so a failure becomes an
 * `AllocationError` with the requested size and the limit instead of a
 * console warning.
 */
import { AllocationError } from '../errors.js';
import { markRefused, markSound, takePooled } from './buffer-pool.js';
import { assertUsable, bufferLimit, isLost, lossOf, whenLost } from './device.js';
import { popVerdict } from './error-scope.js';

/** A new buffer and the verdict of the error scopes it was created in. */
export interface Allocation {
  buffer: GPUBuffer;
  /** Settles with the error the device reported (an `AllocationError` for a refused buffer), or null once the buffer is known good. */
  failure: Promise<Error | null>;
}

/**
 * Formats a byte count for messages: `1073741824 bytes (1024 MiB)`.
 *
 * @example
 * ```ts
 * formatBytes(2048); // "2048 bytes (0.0020 MiB)"
 * ```
 */
export function formatBytes(bytes: number): string {
  return `${bytes} bytes (${(bytes / 2 ** 20).toPrecision(bytes >= 2 ** 20 ? 5 : 2)} MiB)`;
}

/**
 * Creates a labelled storage buffer, optionally filled with `data`. Throws an
 * `AllocationError` at once when the size is over the device's per-buffer
 * limit; an out-of-memory failure arrives later through `failure`.
 *
 * @example
 * ```ts
 * const { buffer, failure } = createStorageBuffer(device, 'table', table.byteLength, table);
 * ```
 */
export function createStorageBuffer(device: GPUDevice, label: string, byteLength: number, data?: ArrayBufferView): Allocation {
  assertUsable(device);
  const size = Math.max(16, Math.ceil(byteLength / 4) * 4);
  const limit = bufferLimit(device);
  if (size > limit) {
    throw new AllocationError(
      `${label}: cannot allocate ${formatBytes(size)} in one GPU buffer; this device allows at most ${formatBytes(limit)} ` +
        '(the smaller of maxBufferSize and maxStorageBufferBindingSize, less 4 KiB that implementations may pad a buffer with).',
      size,
      limit,
    );
  }
  // Dawn's writeBuffer refuses views of shared memory; those take the mapped path below.
  const writable = !data || data.buffer instanceof ArrayBuffer;
  const pooled = writable ? takePooled(device, size, label) : null;
  if (pooled) {
    if (!data) return { buffer: pooled, failure: Promise.resolve(null) };
    device.pushErrorScope('validation');
    device.queue.writeBuffer(pooled, 0, data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);
    return { buffer: pooled, failure: popVerdict(device, label) };
  }
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  let buffer: GPUBuffer | undefined;
  let mapped: ArrayBuffer | null = null;
  try {
    buffer = device.createBuffer({
      label,
      size,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
      mappedAtCreation: !!data,
    });
    if (data) mapped = buffer.getMappedRange();
  } catch (cause) {
    // A mapped buffer the implementation cannot back throws a RangeError at once (WebGPU spec).
    buffer?.destroy();
    void device.popErrorScope();
    void device.popErrorScope();
    throw allocationError(label, size, device, (cause as Error).message);
  }
  const validation = device.popErrorScope();
  const outOfMemory = device.popErrorScope();
  markSound(buffer);
  if (data && mapped) {
    new Uint8Array(mapped).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    buffer.unmap();
  }
  const failure = Promise.all([validation, outOfMemory]).then(
    ([invalid, oom]) => {
      const error = oom ?? invalid;
      if (!error) return null;
      markRefused(device, buffer);
      return allocationError(label, size, device, error.message);
    },
    // A lost device rejects pending scopes; reads report the loss themselves.
    () => null,
  );
  return { buffer, failure };
}

function allocationError(label: string, size: number, device: GPUDevice, reason: string): AllocationError {
  const limit = bufferLimit(device);
  return new AllocationError(
    `${label}: the GPU could not allocate ${formatBytes(size)} (device limit per buffer ${formatBytes(limit)}): ${reason.split('\n')[0]}`,
    size,
    limit,
  );
}

/** A byte range of a buffer to read back. */
export interface ReadRange {
  buffer: GPUBuffer;
  offset: number;
  byteLength: number;
}

/**
 * Copies several buffer ranges to the host with one submission and one map
 * per staging buffer (ranges share a staging buffer while they fit in one).
 * Staging buffers are destroyed whatever happens. Rejects with a
 * `DeviceLostError` if the device is lost meanwhile, with an
 * `AllocationError` if a staging buffer is refused, and with the copy's
 * error if the device rejects it.
 *
 * @example
 * ```ts
 * const [rows, status] = await readRanges(device, [{ buffer: out, offset: 0, byteLength: 64 }, statusRange]);
 * ```
 */
export async function readRanges(device: GPUDevice, ranges: readonly ReadRange[]): Promise<ArrayBuffer[]> {
  assertUsable(device);
  const padded = ranges.map((r) => Math.ceil(r.byteLength / 4) * 4);
  const groups = groupBySize(padded, bufferLimit(device));
  const stagings: GPUBuffer[] = [];
  const refusals: Promise<AllocationError | null>[] = [];
  try {
    device.pushErrorScope('validation');
    const encoder = device.createCommandEncoder({ label: 'readback' });
    const where: { staging: number; offset: number }[] = [];
    for (const group of groups) {
      const size = group.reduce((sum, i) => sum + padded[i], 0);
      if (size === 0) continue;
      device.pushErrorScope('out-of-memory');
      let staging: GPUBuffer;
      try {
        staging = device.createBuffer({ label: 'readback', size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
      } catch (error) {
        // Nothing is submitted: close both scopes of this read so that later scopes pair up.
        void device.popErrorScope();
        void device.popErrorScope();
        throw error;
      }
      // Not awaited here: a round trip per read is most of a small read's latency. Checked once the maps settle.
      refusals.push(device.popErrorScope().then((oom) => (oom ? allocationError('readback', size, device, oom.message) : null)));
      stagings.push(staging);
      let offset = 0;
      for (const i of group) {
        where[i] = { staging: stagings.length - 1, offset };
        if (padded[i]) encoder.copyBufferToBuffer(ranges[i].buffer, ranges[i].offset, staging, offset, padded[i]);
        offset += padded[i];
      }
    }
    device.queue.submit([encoder.finish()]);
    const copied = popVerdict(device, 'readback');
    const mapped = Promise.all(stagings.map((s) => s.mapAsync(GPUMapMode.READ)));
    // A refused staging buffer fails its map too; report the refusal, which says why.
    const explained = mapped.catch(async (error) => {
      throw (await firstRefusal(refusals)) ?? error;
    });
    await Promise.race([explained, whenLost(device)]);
    const refused = await firstRefusal(refusals);
    if (refused) throw refused;
    const rejected = await copied;
    if (rejected) throw rejected;
    const mappedRanges = stagings.map((s) => s.getMappedRange());
    return ranges.map((r, i) => (r.byteLength ? mappedRanges[where[i].staging].slice(where[i].offset, where[i].offset + r.byteLength) : new ArrayBuffer(0)));
  } catch (error) {
    // A map aborted by a loss can reject before device.lost settles; report the loss, not the abort.
    if (!isLost(device)) await Promise.race([whenLost(device).catch(() => undefined), new Promise((r) => setTimeout(r, 100))]);
    if (isLost(device)) throw lossOf(device);
    throw error;
  } finally {
    for (const staging of stagings) staging.destroy();
  }
}

/** Splits indices of `sizes` into consecutive groups whose sums stay within `limit`. */
async function firstRefusal(refusals: readonly Promise<AllocationError | null>[]): Promise<AllocationError | null> {
  return (await Promise.all(refusals.map((r) => r.catch(() => null)))).find((r) => r !== null) ?? null;
}

function groupBySize(sizes: readonly number[], limit: number): number[][] {
  const groups: number[][] = [[]];
  let sum = 0;
  sizes.forEach((size, i) => {
    if (sum + size > limit && groups[groups.length - 1].length) {
      groups.push([]);
      sum = 0;
    }
    groups[groups.length - 1].push(i);
    sum += size;
  });
  return groups;
}
