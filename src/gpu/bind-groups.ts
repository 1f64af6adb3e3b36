/**
 * Bind groups kept for reuse. An op called in a loop binds the same buffers
 * on every call: its inputs, an output buffer the pool hands back each time,
 * the cached uniform of its shape. Creating a bind group costs ~12 µs of CPU
 * in Dawn, as much as the rest of a small dispatch's encoding, and on a
 * two-core machine that time is taken from the software adapter's compute.
 * Entries are keyed by the pipeline and the identity of each buffer; a buffer
 * destroyed since is never bound again (nothing can use it), so its entries
 * are never hit and age out of the cache, least recently used first.
 */

/** Bind groups kept per device. */
const MAX_BIND_GROUPS = 256;

const ids = new WeakMap<GPUBuffer | GPUComputePipeline, number>();
let nextId = 1;
const caches = new WeakMap<GPUDevice, Map<string, GPUBindGroup>>();

function idOf(object: GPUBuffer | GPUComputePipeline): number {
  let id = ids.get(object);
  if (id === undefined) ids.set(object, (id = nextId++));
  return id;
}

/**
 * The bind group of `buffers` (bound at 0, 1, ... in order, whole) for
 * group 0 of `pipeline`, made once and reused while it stays among the
 * most recently used.
 *
 * @example
 * ```ts
 * pass.setBindGroup(0, bindGroupFor(device, pipeline, [table, indices, out, status, uniform], 'gather'));
 * ```
 */
export function bindGroupFor(device: GPUDevice, pipeline: GPUComputePipeline, buffers: readonly GPUBuffer[], label: string): GPUBindGroup {
  let cache = caches.get(device);
  if (!cache) caches.set(device, (cache = new Map()));
  let key = `${idOf(pipeline)}`;
  for (const buffer of buffers) key += `,${idOf(buffer)}`;
  const hit = cache.get(key);
  if (hit) {
    // Re-inserted so that the Map's order is least recently used first.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const entries = buffers.map((buffer, binding) => ({ binding, resource: { buffer } }));
  const group = device.createBindGroup({ label, layout: pipeline.getBindGroupLayout(0), entries });
  cache.set(key, group);
  if (cache.size > MAX_BIND_GROUPS) cache.delete(cache.keys().next().value!);
  return group;
}
