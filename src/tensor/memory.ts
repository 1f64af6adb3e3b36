/**
 * The live tensors and storages of each device: every tensor registers here
 * when made and leaves when disposed, so that `memory()` can show leaks.
 */
import { currentDevice } from '../gpu/device.js';
import type { Storage } from './storage.js';
import type { Tensor } from './tensor.js';

/** @internal What is alive on one device. */
export interface Live {
  tensors: Set<Tensor>;
  storages: Set<Storage>;
}

const liveByDevice = new WeakMap<GPUDevice, Live>();

/**
 * @internal The live tensors and storages of `device`.
 *
 * @example
 * ```ts
 * liveOf(device).tensors.add(tensor);
 * ```
 */
export function liveOf(device: GPUDevice): Live {
  let live = liveByDevice.get(device);
  if (!live) liveByDevice.set(device, (live = { tensors: new Set(), storages: new Set() }));
  return live;
}

/** Live GPU memory held by the library's tensors. */
export interface MemoryInfo {
  /** Tensors not yet disposed (views included). */
  numTensors: number;
  /** Bytes of the distinct GPU buffers they hold (a view adds none). */
  numBytes: number;
}

/**
 * Live tensors and bytes on the default device (or `device`).
 *
 * @example
 * ```ts
 * const before = memory().numBytes;
 * gather(table, [1]).dispose();
 * memory().numBytes === before; // true
 * ```
 */
export function memory(device: GPUDevice | null = currentDevice()): MemoryInfo {
  if (!device) return { numTensors: 0, numBytes: 0 };
  const live = liveOf(device);
  let numBytes = 0;
  for (const storage of live.storages) numBytes += storage.byteLength;
  return { numTensors: live.tensors.size, numBytes };
}
