import { bagCount, bagMode, bagOffsets, checkIndexRank, checkOffsetCount, checkWeights, paddingRow, type BagMode } from '../validate/bags.js';
import type { IndexData } from '../validate/indices.js';
import { formatShape } from '../validate/position.js';
import type { HostTensor, IndexPolicy } from './host-tensor.js';
import { referenceIndices } from './indices.js';

/** Options of the CPU reference embeddingBag: the op's options on host arrays, plus the index policy. */
export interface EmbeddingBagReferenceOptions extends IndexPolicy {
  mode?: BagMode;
  offsets?: IndexData;
  perSampleWeights?: ArrayLike<number>;
  paddingIdx?: number;
  includeLastOffset?: boolean;
}

/**
 * CPU reference embeddingBag (PyTorch's `embedding_bag`): one row per bag,
 * the sum, mean or element-wise max of the bag's table rows, accumulated in
 * float64 and rounded once. Entries equal to `paddingIdx` are left out (also
 * from the mean's count); a bag with nothing left gives a zero row.
 *
 * Under the `'zero'` policy, `Int32Array` indices and offsets are taken as
 * they are, like GPU-resident tensors: an index outside the table is left
 * out like padding, and each offset is clamped into `[0, indexCount]`, a bag
 * ending before it starts being empty.
 *
 * @example
 * ```ts
 * const table = { data: new Float32Array([1, 2, 3, 4, 5, 6]), shape: [3, 2] };
 * cpu.embeddingBag(table, [[0, 2]], { mode: 'sum' }).data;          // [6, 8]
 * cpu.embeddingBag(table, [0, 1, 2], { offsets: [0, 1] }).data;     // [1, 2, 4, 5]
 * ```
 */
export function embeddingBag(table: HostTensor, indices: IndexData, options: EmbeddingBagReferenceOptions = {}): HostTensor {
  const op = 'embeddingBag';
  if (table.shape.length !== 2) {
    throw new RangeError(`${op}: expected a table of rank 2 [V, D], received shape ${formatShape(table.shape)}.`);
  }
  const [rows, dim] = table.shape;
  const mode = bagMode(options.mode, op);
  const padding = paddingRow(options.paddingIdx, rows, op);
  const includeLast = !!options.includeLastOffset;
  const idx = referenceIndices(indices, rows, op, options);
  checkIndexRank(idx.shape, options.offsets !== undefined, op);
  const count = idx.data.length;
  if (options.perSampleWeights) checkWeights(options.perSampleWeights.length, count, mode, op);

  // Each bag as a half-open range of positions in the flat index list.
  const ranges: [number, number][] = [];
  if (options.offsets === undefined) {
    const [bags, size] = idx.shape;
    for (let b = 0; b < bags; b++) ranges.push([b * size, (b + 1) * size]);
  } else {
    const raw = options.outOfRange === 'zero' && options.offsets instanceof Int32Array;
    const offsets = raw ? (options.offsets as Int32Array) : bagOffsets(options.offsets, count, includeLast, op);
    if (raw) checkOffsetCount(offsets.length, count, includeLast, op);
    const clamp = (v: number) => Math.min(Math.max(v, 0), count);
    for (let b = 0; b < bagCount(offsets.length, includeLast); b++) {
      const next = b + 1 < offsets.length ? offsets[b + 1] : count;
      ranges.push([clamp(offsets[b]), clamp(next)]);
    }
  }

  const out = new Float32Array(ranges.length * dim);
  const acc = new Float64Array(dim);
  ranges.forEach(([start, end], b) => {
    let used = 0;
    for (let j = start; j < end; j++) {
      const row = idx.data[j];
      if (row < 0 || row >= rows || row === padding) continue;
      const weight = options.perSampleWeights ? options.perSampleWeights[j] : 1;
      for (let c = 0; c < dim; c++) {
        const value = table.data[row * dim + c] * weight;
        if (mode === 'max') acc[c] = used === 0 ? value : Math.max(acc[c], value);
        else acc[c] = (used === 0 ? 0 : acc[c]) + value;
      }
      used++;
    }
    if (used === 0) return;
    for (let c = 0; c < dim; c++) out[b * dim + c] = mode === 'mean' ? acc[c] / used : acc[c];
  });
  return { data: out, shape: [ranges.length, dim] };
}
