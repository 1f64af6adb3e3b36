/**
 * Released storage buffers kept for reuse, per device. Every op allocates its
 * output; a fresh buffer costs an allocation and the zero-fill WebGPU does
 * before first use (on SwiftShader that fill alone is a fifth of a gather's
 * time). A released buffer of the same size needs neither. Reuse is safe
 * without waiting for the GPU: work on one queue runs in submission order, so
 * a new write lands after every earlier read of the old contents.
 *
 * The pool holds at most `POOL_BYTES` per device. A release that does not
 * fit evicts (destroys) the buffers released longest ago until it does:
 * work that changes shapes keeps reusing the buffers of its current shapes
 * instead of finding the pool full of an earlier shape's. `memory()` counts
 * live tensors only, not the pool.
 */

/** Most bytes of released buffers kept per device. */
export const POOL_BYTES = 128 * 2 ** 20;

interface Pool {
  /** Released buffers by size, the latest released last. */
  free: Map<number, GPUBuffer[]>;
  /** Every pooled buffer, in the order released: eviction starts at the front. */
  order: Set<GPUBuffer>;
  bytes: number;
}

const pools = new WeakMap<GPUDevice, Pool>();
/**
 * Buffers that may be pooled: created by the library and not refused by the
 * device. A buffer counts as sound from its creation, so that a result
 * disposed at once is still reused; a refusal arrives later and takes it back
 * out (work that used it in between fails its own error scope).
 */
const sound = new WeakSet<GPUBuffer>();

function poolOf(device: GPUDevice): Pool {
  let pool = pools.get(device);
  if (!pool) pools.set(device, (pool = { free: new Map(), order: new Set(), bytes: 0 }));
  return pool;
}

/**
 * Lets `buffer`, a new storage buffer, be pooled when released.
 *
 * @example
 * ```ts
 * markSound(buffer);
 * ```
 */
export function markSound(buffer: GPUBuffer): void {
  sound.add(buffer);
}

/**
 * Takes back `buffer`, which the device refused: never pooled, and out of the pool if it is there.
 *
 * @example
 * ```ts
 * failure.then((error) => error && markRefused(device, buffer));
 * ```
 */
export function markRefused(device: GPUDevice, buffer: GPUBuffer): void {
  sound.delete(buffer);
  const pool = poolOf(device);
  if (pool.order.has(buffer)) evict(pool, buffer);
}

/** Takes `buffer` out of `pool` and destroys it. */
function evict(pool: Pool, buffer: GPUBuffer): void {
  const list = pool.free.get(buffer.size)!;
  list.splice(list.indexOf(buffer), 1);
  if (list.length === 0) pool.free.delete(buffer.size);
  pool.order.delete(buffer);
  pool.bytes -= buffer.size;
  buffer.destroy();
}

/**
 * A released buffer of exactly `size` bytes, relabelled, or null.
 *
 * @example
 * ```ts
 * const buffer = takePooled(device, 4096, 'gather float32 [4, 256]') ?? device.createBuffer(...);
 * ```
 */
export function takePooled(device: GPUDevice, size: number, label: string): GPUBuffer | null {
  const pool = poolOf(device);
  const buffer = pool.free.get(size)?.pop();
  if (!buffer) return null;
  pool.order.delete(buffer);
  pool.bytes -= size;
  // Setting a label is a call into the implementation (in a browser, a message to the GPU process): only when it changes.
  if (buffer.label !== label) buffer.label = label;
  return buffer;
}

/**
 * Releases a storage buffer: kept for reuse, evicting the buffers released
 * longest ago when the pool is full; destroyed if it is larger than the
 * pool or was refused by the device.
 *
 * @example
 * ```ts
 * recycle(device, shard.buffer);
 * ```
 */
export function recycle(device: GPUDevice, buffer: GPUBuffer): void {
  const pool = poolOf(device);
  if (!sound.has(buffer) || buffer.size > POOL_BYTES) {
    buffer.destroy();
    return;
  }
  for (const oldest of pool.order) {
    if (pool.bytes + buffer.size <= POOL_BYTES) break;
    evict(pool, oldest);
  }
  const list = pool.free.get(buffer.size);
  if (list) list.push(buffer);
  else pool.free.set(buffer.size, [buffer]);
  pool.order.add(buffer);
  pool.bytes += buffer.size;
}

/**
 * Bytes of released buffers the pool holds for `device`.
 *
 * @example
 * ```ts
 * pooledBytes(device) <= POOL_BYTES; // always
 * ```
 */
export function pooledBytes(device: GPUDevice): number {
  return poolOf(device).bytes;
}

/**
 * Destroys every pooled buffer of `device` (they are otherwise freed with the device).
 *
 * @example
 * ```ts
 * drainPool(device);
 * ```
 */
export function drainPool(device: GPUDevice): void {
  const pool = poolOf(device);
  for (const list of pool.free.values()) for (const buffer of list) buffer.destroy();
  pool.free.clear();
  pool.order.clear();
  pool.bytes = 0;
}
