/**
 * Loading a tensor from a file's bytes without a second full copy on the
 * host: the tensor's GPU buffers (several when it is larger than one buffer
 * may be) are filled a chunk at a time, from views of the file's bytes when
 * they can be used as they are, else from chunks converted on the fly.
 */
import { createStorageBuffer } from '../gpu/buffers.js';
import { defaultDevice } from '../gpu/device.js';
import { popVerdict } from '../gpu/error-scope.js';
import { splitSizes } from '../tensor/create.js';
import { Tensor, type DType, type TypedArrayOf } from '../tensor/tensor.js';

/**
 * Elements `[start, start + count)` of the tensor being loaded, in its
 * dtype: a view of the file's bytes, or a converted copy of that range.
 */
export type ElementSource<D extends DType> = (start: number, count: number) => TypedArrayOf<D>;

/** Elements per write: bounds the host memory a conversion needs (4 MiB). */
const CHUNK_ELEMENTS = 1 << 20;

/**
 * Throws the `AllocationError` an upload of `shape` would meet (one row
 * larger than a GPU buffer), so that a reader can check every tensor of a
 * file before uploading any.
 *
 * @example
 * ```ts
 * checkUploadable([1000, 64], 'table.npy');
 * ```
 */
export function checkUploadable(shape: readonly number[], label: string): void {
  splitSizes(defaultDevice(), shape, label);
}

/**
 * A new tensor of `shape` whose elements come from `source`, written into
 * its GPU buffers a chunk at a time (split by rows across several buffers
 * when larger than one may be). Nothing is left allocated if it throws.
 *
 * @example
 * ```ts
 * const t = uploadElements([2, 3], 'float32', (start, count) => floats.subarray(start, start + count), 'table.npy');
 * ```
 */
export function uploadElements<D extends DType>(shape: readonly number[], dtype: D, source: ElementSource<D>, label: string): Tensor<D> {
  const device = defaultDevice();
  const sizes = splitSizes(device, shape, label);
  const shards: { buffer: GPUBuffer; failure: Promise<Error | null>; byteOffset: number; byteLength: number }[] = [];
  let byteOffset = 0;
  try {
    for (const size of sizes) {
      const name = sizes.length > 1 ? `${label} bytes ${byteOffset}+` : label;
      const allocation = createStorageBuffer(device, name, size);
      shards.push({ ...allocation, byteOffset, byteLength: size });
      device.pushErrorScope('validation');
      try {
        for (let done = 0; done < size; done += CHUNK_ELEMENTS * 4) {
          const part = source((byteOffset + done) / 4, Math.min(CHUNK_ELEMENTS, (size - done) / 4));
          // Dawn refuses to write from shared memory; such a chunk is copied first.
          const data = part.buffer instanceof ArrayBuffer ? part : part.slice();
          device.queue.writeBuffer(allocation.buffer, done, data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);
        }
      } finally {
        const written = popVerdict(device, name);
        shards[shards.length - 1].failure = Promise.all([allocation.failure, written]).then(([refused, rejected]) => refused ?? rejected);
      }
      byteOffset += size;
    }
  } catch (error) {
    for (const shard of shards) shard.buffer.destroy();
    throw error;
  }
  return Tensor.fromShards(device, shards, shape, dtype);
}
