import type { BagMode } from '../validate/bags.js';
import type { HostTensor } from './host-tensor.js';
import type { HostSummedRows } from './row-gradients.js';

/** Options of {@link embeddingBagBackward}. */
export interface EmbeddingBagBackwardOptions {
  mode: BagMode;
  /** The padding row in [0, V), or null. */
  paddingIdx: number | null;
  /** Per-sample weights `[bags, bagSize]` ('sum'). */
  perSampleWeights?: HostTensor;
}

/**
 * CPU reference gradient of fixed-size bags `[bags, bagSize]`: the table's
 * gradient as one row per entry (index `V` and a zero row for padding and
 * out-of-range entries) and, with per-sample weights, their gradient
 * dy[bag] · table[index]. Per bag it lists the entries used, then gives
 * each its share: the weight times dy ('sum'), dy over the count ('mean'),
 * or, column by column, dy to the first entry holding the maximum ('max').
 *
 * @example
 * ```ts
 * const { rows, perSampleWeights } = cpu.embeddingBagBackward(table, ids, dy, { mode: 'sum', paddingIdx: null });
 * ```
 */
export function embeddingBagBackward(
  table: HostTensor,
  indices: HostTensor<Int32Array>,
  dy: HostTensor,
  options: EmbeddingBagBackwardOptions,
): { rows: HostSummedRows; perSampleWeights: HostTensor | null } {
  const [vocab, dim] = table.shape;
  const [bags, bagSize] = indices.shape;
  const entries = bags * bagSize;
  const outIndices = new Int32Array(entries).fill(vocab);
  const outRows = new Float32Array(entries * dim);
  const weightGrad = options.perSampleWeights ? new Float32Array(entries) : null;
  for (let b = 0; b < bags; b++) {
    const used: number[] = [];
    for (let j = b * bagSize; j < (b + 1) * bagSize; j++) {
      const index = indices.data[j];
      if (index >= 0 && index < vocab && index !== options.paddingIdx) used.push(j);
    }
    const g = dy.data.subarray(b * dim, (b + 1) * dim);
    for (const j of used) {
      const index = indices.data[j];
      outIndices[j] = index;
      if (weightGrad) weightGrad[j] = g.reduce((sum, v, c) => sum + v * table.data[index * dim + c], 0);
      if (options.mode === 'max') continue;
      const weight = options.perSampleWeights?.data[j] ?? 1;
      for (let c = 0; c < dim; c++) outRows[j * dim + c] = options.mode === 'mean' ? g[c] / used.length : g[c] * weight;
    }
    if (options.mode !== 'max' || used.length === 0) continue;
    for (let c = 0; c < dim; c++) {
      let best = used[0];
      for (const j of used) if (table.data[indices.data[j] * dim + c] > table.data[indices.data[best] * dim + c]) best = j;
      outRows[best * dim + c] = g[c];
    }
  }
  return {
    rows: { kind: 'rows', indices: { data: outIndices, shape: [entries] }, rows: { data: outRows, shape: [entries, dim] } },
    perSampleWeights: weightGrad ? { data: weightGrad, shape: [bags, bagSize] } : null,
  };
}
