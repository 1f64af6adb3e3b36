/**
 * Which samples form each batch: TensorFlow.js's batches of `batchSize`
 * consecutive positions (the last one shorter) over a per-epoch order of the
 * samples, shuffled by a seeded generator, or left in order.
 */
import { uniformSource, type Uniform } from '../layers/random.js';

/**
 * @internal The sample order of each epoch: with `shuffle`, the previous
 * epoch's order shuffled again (Fisher-Yates) by one generator seeded with
 * `seed`, as TensorFlow.js shuffles one index array epoch after epoch;
 * without, 0, 1, 2, ... every epoch.
 *
 * @example
 * ```ts
 * const order = sampleOrder(1000, true, 42);
 * const first = order.next(); // Int32Array of 0..999 in a seeded order
 * ```
 */
export function sampleOrder(samples: number, shuffle: boolean, seed: number): { next(): Int32Array } {
  const order = Int32Array.from({ length: samples }, (_, i) => i);
  const random: Uniform = uniformSource(seed);
  return {
    next() {
      if (shuffle) {
        for (let i = samples - 1; i > 0; i--) {
          const j = Math.floor(random() * (i + 1));
          const swap = order[i];
          order[i] = order[j];
          order[j] = swap;
        }
      }
      return order;
    },
  };
}

/**
 * @internal `[start, end)` of each batch of up to `batchSize` samples.
 *
 * @example
 * ```ts
 * batchRanges(10, 4); // [[0, 4], [4, 8], [8, 10]]
 * ```
 */
export function batchRanges(samples: number, batchSize: number): [number, number][] {
  const ranges: [number, number][] = [];
  for (let start = 0; start < samples; start += batchSize) ranges.push([start, Math.min(start + batchSize, samples)]);
  return ranges;
}
