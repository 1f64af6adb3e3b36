/**
 * Uniform buffers of kernel parameters, reused per device. A dispatch's
 * parameters are shapes and constants, and a training step repeats the same
 * ones batch after batch, so a buffer made for one set of bytes serves every
 * later dispatch with the same bytes: steady-state work creates no buffer and
 * writes no parameters. The cache is bounded (least recently used out);
 * values that change every step belong in a storage buffer written with
 * `queue.writeBuffer`, not in parameters.
 */

/**
 * Most parameter buffers kept per device (each 16-64 bytes).
 *
 * @example
 * ```ts
 * cachedUniforms(device) <= MAX_UNIFORMS; // true
 * ```
 */
export const MAX_UNIFORMS = 1024;

const caches = new WeakMap<GPUDevice, Map<string, GPUBuffer>>();

function cacheOf(device: GPUDevice): Map<string, GPUBuffer> {
  let cache = caches.get(device);
  if (!cache) caches.set(device, (cache = new Map()));
  return cache;
}

/**
 * The uniform buffer holding `params` (padded to 16 bytes) on `device`,
 * made on first use. A buffer pushed out of the cache goes into `evicted`:
 * the caller destroys it after submitting, since work it encodes may still
 * bind it.
 *
 * @example
 * ```ts
 * const evicted: GPUBuffer[] = [];
 * const uniform = uniformFor(device, new Uint32Array([n, d]), evicted);
 * // ... encode, submit ...
 * for (const old of evicted) old.destroy();
 * ```
 */
export function uniformFor(device: GPUDevice, params: Uint32Array<ArrayBuffer>, evicted: GPUBuffer[]): GPUBuffer {
  const cache = cacheOf(device);
  const key = params.join(',');
  const hit = cache.get(key);
  if (hit) {
    // Re-inserted so that the Map's order is least recently used first.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const uniform = device.createBuffer({
    label: `params [${key}]`,
    size: Math.max(16, Math.ceil(params.byteLength / 16) * 16),
    usage: GPUBufferUsage.UNIFORM,
    mappedAtCreation: true,
  });
  new Uint32Array(uniform.getMappedRange()).set(params);
  uniform.unmap();
  cache.set(key, uniform);
  if (cache.size > MAX_UNIFORMS) {
    const [oldest, buffer] = cache.entries().next().value!;
    cache.delete(oldest);
    evicted.push(buffer);
  }
  return uniform;
}

/**
 * Number of parameter buffers cached for `device`.
 *
 * @example
 * ```ts
 * cachedUniforms(device) <= MAX_UNIFORMS; // always
 * ```
 */
export function cachedUniforms(device: GPUDevice): number {
  return cacheOf(device).size;
}

/**
 * Destroys every cached parameter buffer of `device` (they are otherwise freed with the device).
 *
 * @example
 * ```ts
 * drainUniforms(device);
 * ```
 */
export function drainUniforms(device: GPUDevice): void {
  const cache = cacheOf(device);
  for (const buffer of cache.values()) buffer.destroy();
  cache.clear();
}
