import type { HostTensor } from './host-tensor.js';

/** What makes one Dropout mask: the seed, the layer, the training step. */
export interface DropoutKey {
  seed: number;
  /** The layer's key: {@link layerKey} of its name. */
  layer: number;
  step: number;
}

/** The "lowbias32" integer hash (Chris Wellons), on uint32. */
function lowbias32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A layer's key for Dropout's hash: the 32-bit FNV-1a hash of its name, so
 * two Dropout layers draw different masks and a layer keeps its mask
 * across sessions.
 *
 * @example
 * ```ts
 * cpu.layerKey('dropout'); // a uint32
 * ```
 */
export function layerKey(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h >>> 0;
}

/** Hashes at or above it are kept: floor(rate * 2^32), at most 2^32 - 1. */
export function dropoutThreshold(rate: number): number {
  return Math.min(Math.floor(rate * 2 ** 32), 2 ** 32 - 1);
}

/** The factor kept elements are multiplied by: 1 / (1 - rate), rounded to float32. */
export function dropoutScale(rate: number): number {
  return Math.fround(1 / (1 - rate));
}

/**
 * Whether element `index` is kept: h = mix(mix(mix(mix(seed) ^ layer) ^ step) ^ index)
 * with mix = lowbias32, kept when h >= floor(rate * 2^32). The GPU kernel
 * (shaders/dropout.wgsl) implements the same definition.
 *
 * @example
 * ```ts
 * cpu.dropoutKeeps({ seed: 0, layer: cpu.layerKey('dropout'), step: 3 }, 0.5, 17); // true or false, the same every time
 * ```
 */
export function dropoutKeeps(key: DropoutKey, rate: number, index: number): boolean {
  const h = lowbias32(lowbias32(lowbias32(lowbias32(key.seed) ^ key.layer) ^ key.step) ^ index);
  return h >= dropoutThreshold(rate);
}

/**
 * CPU reference inverted dropout: kept elements times 1 / (1 - rate), the
 * others 0. Its gradient is the same function applied to the output gradient.
 *
 * @example
 * ```ts
 * cpu.dropout({ data: new Float32Array([1, 2, 3, 4]), shape: [4] }, 0.5, key).data; // e.g. [2, 0, 6, 0]
 * ```
 */
export function dropout(x: HostTensor, rate: number, key: DropoutKey): HostTensor {
  const scale = dropoutScale(rate);
  return { data: x.data.map((v, i) => (dropoutKeeps(key, rate, i) ? v * scale : 0)), shape: [...x.shape] };
}
