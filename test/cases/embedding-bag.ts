/**
 * embeddingBag cases: the fused kernel against the CPU reference on seeded
 * random inputs (outputs poisoned by the runner), at awkward sizes, in every
 * mode and input form; PyTorch's semantics on a hand-checked example; and the
 * bad-input policy (clear errors before any GPU work, nothing leaked).
 * Shared by the Node tier and the browser tier.
 */
import { cpu, EmbeddingBag, embeddingBag, IndexOutOfRangeError, Input, Model, tensor, type BagMode, type Tensor } from '../../src/index.js';
import { assert, assertAllClose } from '../support/close.js';
import { expectRejects } from '../support/expect-error.js';
import { expectTensor, expectThrowsWithoutLeak } from '../support/expect.js';
import { randomFloats, randomInts, type Random } from '../support/random.js';
import type { Case } from './case.js';

const modes: BagMode[] = ['sum', 'mean', 'max'];

/** Sums of float32 values in [-1, 1): the GPU rounds each addition, the reference only once. */
function expectBags(t: Tensor, expected: { data: ArrayLike<number>; shape: readonly number[] }, label: string, longestBag: number): Promise<void> {
  return expectTensor(t, expected, label, { atol: 1e-6 * Math.max(1, longestBag), rtol: 1e-6 });
}

/** CSR offsets for `bags` bags of 0..maxLen entries, some of them empty; returns offsets and the total count. */
function randomOffsets(rng: Random, bags: number, maxLen: number): { offsets: Int32Array; count: number } {
  const offsets = new Int32Array(bags);
  let count = 0;
  for (let b = 0; b < bags; b++) {
    offsets[b] = count;
    count += rng() < 0.2 ? 0 : Math.floor(rng() * (maxLen + 1));
  }
  return { offsets, count };
}

/** [V, D, bags, bagSize] for fixed-size bags: D not a multiple of 4, one bag, empty bags, many bags. */
const fixedSizes: [number, number, number, number][] = [
  [1, 1, 1, 1],
  [7, 3, 5, 4],
  [50, 5, 1, 9],
  [20, 4, 3, 0],
  [300, 129, 33, 7],
  [1000, 6, 20_000, 3],
];

/** [V, D, bags, longest bag] for CSR bags. */
const csrSizes: [number, number, number, number][] = [
  [1, 1, 1, 3],
  [9, 3, 6, 5],
  [40, 7, 1, 30],
  [500, 64, 40, 12],
  [2000, 5, 10_000, 6],
];

async function fixedCase(rng: Random, [rows, dim, bags, size]: [number, number, number, number], mode: BagMode): Promise<void> {
  const host = { data: randomFloats(rng, rows * dim), shape: [rows, dim] };
  const table = tensor(host.data, host.shape);
  const idx = randomInts(rng, bags * size, rows);
  const indices = tensor(idx, [bags, size]);
  try {
    for (const paddingIdx of [undefined, Math.floor(rng() * rows)]) {
      const expected = cpu.embeddingBag(host, idx, { mode, paddingIdx, shape: [bags, size] });
      await expectBags(embeddingBag(table, indices, { mode, paddingIdx }), expected, `${mode} [${bags}, ${size}] V=${rows} D=${dim} padding ${paddingIdx}`, size);
    }
  } finally {
    table.dispose();
    indices.dispose();
  }
}

async function csrCase(rng: Random, [rows, dim, bags, maxLen]: [number, number, number, number], mode: BagMode): Promise<void> {
  const host = { data: randomFloats(rng, rows * dim), shape: [rows, dim] };
  const table = tensor(host.data, host.shape);
  const { offsets, count } = randomOffsets(rng, bags, maxLen);
  const idx = randomInts(rng, count, rows);
  const paddingIdx = rows > 1 ? Math.floor(rng() * rows) : undefined;
  try {
    const expected = cpu.embeddingBag(host, idx, { mode, offsets, paddingIdx });
    // Host offsets (validated, uploaded by the op) and GPU-resident ones.
    await expectBags(embeddingBag(table, idx, { mode, offsets, paddingIdx }), expected, `${mode} CSR ${bags} bags host offsets`, maxLen);
    const gpuOffsets = tensor(offsets);
    const gpuIndices = tensor(idx);
    await expectBags(embeddingBag(table, gpuIndices, { mode, offsets: gpuOffsets, paddingIdx }), expected, `${mode} CSR GPU offsets`, maxLen);
    gpuOffsets.dispose();
    gpuIndices.dispose();
    // includeLastOffset: the same bags described with their end appended.
    const withEnd = Int32Array.from([...offsets, count]);
    const same = embeddingBag(table, idx, { mode, offsets: withEnd, paddingIdx, includeLastOffset: true });
    await expectBags(same, expected, `${mode} CSR includeLastOffset`, maxLen);
  } finally {
    table.dispose();
  }
}

export const cases: Case[] = [
  ...fixedSizes.flatMap((size) =>
    modes.map((mode): Case => ({
      name: `embeddingBag ${mode}, 2-D bags [${size[2]}, ${size[3]}], V=${size[0]} D=${size[1]}, with and without paddingIdx`,
      run: (rng) => fixedCase(rng, size, mode),
    })),
  ),
  ...csrSizes.flatMap((size) =>
    modes.map((mode): Case => ({
      name: `embeddingBag ${mode}, ${size[2]} CSR bags of 0-${size[3]} (empty ones too), V=${size[0]} D=${size[1]}, host/GPU offsets, includeLastOffset`,
      run: (rng) => csrCase(rng, size, mode),
    })),
  ),
  ...[[30, 3, 8, 6], [200, 16, 50, 20]].map(([rows, dim, bags, maxLen]): Case => ({
    name: `embeddingBag sum with perSampleWeights (host and GPU), V=${rows} D=${dim}, ${bags} bags`,
    run: async (rng) => {
      const host = { data: randomFloats(rng, rows * dim), shape: [rows, dim] };
      const { offsets, count } = randomOffsets(rng, bags, maxLen);
      const idx = randomInts(rng, count, rows);
      const weights = randomFloats(rng, count);
      const paddingIdx = Math.floor(rng() * rows);
      const expected = cpu.embeddingBag(host, idx, { mode: 'sum', offsets, perSampleWeights: weights, paddingIdx });
      const table = tensor(host.data, host.shape);
      await expectBags(embeddingBag(table, idx, { mode: 'sum', offsets, perSampleWeights: weights, paddingIdx }), expected, 'weights host', maxLen);
      const gpuWeights = tensor(weights);
      await expectBags(embeddingBag(table, idx, { mode: 'sum', offsets, perSampleWeights: gpuWeights, paddingIdx }), expected, 'weights GPU', maxLen);
      gpuWeights.dispose();
      // 2-D bags take weights of the same shape.
      const fixed = randomInts(rng, 4 * 5, rows);
      const fixedWeights = randomFloats(rng, 20);
      const expectedFixed = cpu.embeddingBag(host, fixed, { mode: 'sum', perSampleWeights: fixedWeights, shape: [4, 5] });
      const fixedIndices = tensor(fixed, [4, 5]);
      const fixedWeightsT = tensor(fixedWeights, [4, 5]);
      await expectBags(embeddingBag(table, fixedIndices, { mode: 'sum', perSampleWeights: fixedWeightsT }), expectedFixed, 'weights 2-D', 5);
      for (const t of [table, fixedIndices, fixedWeightsT]) t.dispose();
    },
  })),
  {
    name: "embeddingBag follows PyTorch: default 'mean', padding left out of the count, empty and all-padding bags give zeros",
    run: async () => {
      const host = { data: new Float32Array([1, 2, 3, 4, 5, 6]), shape: [3, 2] };
      const idx = [0, 2, 2, 1, 2, 2];
      const options = { offsets: [0, 1, 1, 4], paddingIdx: -1 };
      // Bags [0], [], [2, 2, 1], [2, 2] with row 2 as padding: means [1, 2], zeros, [3, 4] (one row counted), zeros.
      const expected = [1, 2, 0, 0, 3, 4, 0, 0];
      assertAllClose(cpu.embeddingBag(host, idx, options).data, expected, 'CPU reference');
      await expectBags(embeddingBag([[1, 2], [3, 4], [5, 6]], idx, options), { data: expected, shape: [4, 2] }, 'GPU', 1);
      await expectBags(embeddingBag([[-1, -2], [-3, 5]], [[0, 1]], { mode: 'max' }), { data: [-1, 5], shape: [1, 2] }, 'max of negative values', 1);
    },
  },
  {
    name: 'embeddingBag of GPU-resident out-of-range indices and offsets: bad indices left out (and reported unless outOfRange is zero), offsets clamped, as in the CPU reference',
    run: async (rng) => {
      const rows = 6;
      const host = { data: randomFloats(rng, rows * 5), shape: [rows, 5] };
      const idx = new Int32Array([0, -1, 3, rows, 5, 2 ** 31 - 1, 1, -(2 ** 31), 2]);
      const offsets = new Int32Array([0, 4, 2, 7, -3, 100]);
      const gpu = [tensor(host.data, host.shape), tensor(idx), tensor(offsets)];
      const [table, indices, gpuOffsets] = gpu;
      for (const mode of modes) {
        const expected = cpu.embeddingBag(host, idx, { mode, offsets, outOfRange: 'zero' });
        await expectBags(embeddingBag(table, indices, { mode, offsets: gpuOffsets, outOfRange: 'zero' }), expected, `${mode} out of range`, 9);
      }
      // By default the same work reports the first bad index (-1 at [1]) when its result is read.
      const reported = embeddingBag(table, indices, { offsets: gpuOffsets });
      await expectRejects(reported.data(), IndexOutOfRangeError, ['embeddingBag', '-1', '[1]'], 'embeddingBag out-of-range report');
      reported.dispose();
      for (const t of gpu) t.dispose();
    },
  },
  {
    name: 'embeddingBag with GPU-resident offsets that decrease: bags overlap and skip entries, yet each bad index is counted once, those in no bag too',
    run: async (rng) => {
      const rows = 8;
      const host = { data: randomFloats(rng, rows * 3), shape: [rows, 3] };
      const idx = randomInts(rng, 12, rows);
      // Bags [3, 8), [8, 5) (empty), [5, 10), [10, 12): entries 0-2 are in no bag, 5-7 in two.
      const offsets = new Int32Array([3, 8, 5, 10]);
      const bad = [-1, rows, 2 ** 31 - 1, -(2 ** 31)];
      const at = [1, 6, 11];
      for (const position of at) idx[position] = bad[Math.floor(rng() * bad.length)];
      const gpu = [tensor(host.data, host.shape), tensor(idx), tensor(offsets)];
      const [table, indices, gpuOffsets] = gpu;
      try {
        for (const mode of modes) {
          const expected = cpu.embeddingBag(host, idx, { mode, offsets, outOfRange: 'zero' });
          await expectBags(embeddingBag(table, indices, { mode, offsets: gpuOffsets, outOfRange: 'zero' }), expected, `${mode} decreasing offsets`, 5);
          const reported = embeddingBag(table, indices, { mode, offsets: gpuOffsets });
          const error = (await expectRejects(reported.data(), IndexOutOfRangeError, ['embeddingBag', `${idx[1]} at [1]`, '3 of 12'], `${mode} report`)) as IndexOutOfRangeError;
          reported.dispose();
          assert(error.count === at.length && error.index === idx[1], `${mode}: counted ${error.count} bad entries (first ${error.index}), expected ${at.length} (first ${idx[1]})`);
        }
      } finally {
        for (const t of gpu) t.dispose();
      }
    },
  },
  {
    name: 'embeddingBag rejects bad input with clear errors before any GPU work',
    run: async () => {
      const table = tensor([[1, 2], [3, 4], [5, 6]]);
      const floatOffsets = tensor([0], [1], 'float32');
      try {
        expectThrowsWithoutLeak(() => embeddingBag(table, [0, 1], { offsets: [1] }), RangeError, 'expected offsets[0] to be 0, received 1');
        expectThrowsWithoutLeak(() => embeddingBag(table, [0, 1, 2], { offsets: [0, 2, 1] }), RangeError, 'offsets must not decrease, received 1 at [2] after 2 at [1]');
        expectThrowsWithoutLeak(() => embeddingBag(table, [0, 1], { offsets: [0, 3] }), RangeError, 'expected offsets in [0, 2] (there are 2 indices), received 3 at [1]');
        expectThrowsWithoutLeak(() => embeddingBag(table, [0, 1], { offsets: [0, 1], includeLastOffset: true }), RangeError, 'last offset must equal the number of indices (2), received 1');
        expectThrowsWithoutLeak(() => embeddingBag(table, [0, 1], { offsets: [0, 0.5] }), TypeError, 'expected integer offsets, received 0.5 at [1]');
        expectThrowsWithoutLeak(() => embeddingBag(table, [0, 1], { offsets: [] }), RangeError, '2 indices need at least one offset');
        expectThrowsWithoutLeak(() => embeddingBag(table, [[0, 3]]), RangeError, 'expected integer indices in [0, 3), received 3 at [0, 1]');
        expectThrowsWithoutLeak(() => embeddingBag(table, [0, 1]), RangeError, '1-D indices need offsets');
        expectThrowsWithoutLeak(() => embeddingBag(table, [[0, 1]], { offsets: [0] }), RangeError, 'with offsets, expected 1-D indices');
        expectThrowsWithoutLeak(() => embeddingBag(table, [[0, 1]], { mode: 'sum', perSampleWeights: [1] }), RangeError, 'expected perSampleWeights with 2 values (one per index), received 1');
        expectThrowsWithoutLeak(() => embeddingBag(table, [[0, 1]], { mode: 'mean', perSampleWeights: [1, 1] }), RangeError, "only supported with mode 'sum', received mode 'mean'");
        expectThrowsWithoutLeak(() => embeddingBag(table, [[0, 1]], { perSampleWeights: [1, 1] }), RangeError, "received mode 'mean'");
        expectThrowsWithoutLeak(() => embeddingBag(table, [[0, 1]], { mode: 'min' as BagMode }), RangeError, "expected mode 'sum', 'mean' or 'max', received \"min\"");
        expectThrowsWithoutLeak(() => embeddingBag(table, [[0, 1]], { paddingIdx: 3 }), RangeError, 'expected paddingIdx in [-3, 3)');
        expectThrowsWithoutLeak(() => embeddingBag(table, [[0, 1]], { paddingIdx: 1.5 }), TypeError, 'expected paddingIdx to be an integer');
        expectThrowsWithoutLeak(() => embeddingBag([1, 2], [[0, 1]]), RangeError, 'expected a table of rank 2');
        expectThrowsWithoutLeak(() => embeddingBag(table, [0], { offsets: floatOffsets }), TypeError, 'expected offsets as a 1-D int32 tensor');
      } finally {
        table.dispose();
        floatOffsets.dispose();
      }
    },
  },
  {
    name: 'EmbeddingBag layer: in a Model (fixed-size bags), forward() with offsets and weights, shared weights, config round trip',
    run: async (rng) => {
      const rows = 50;
      const dim = 7;
      const layer = new EmbeddingBag({ inputDim: rows, outputDim: dim, mode: 'sum', paddingIdx: 0, seed: 3 });
      const x = Input({ shape: [4] });
      const model = new Model({ inputs: x, outputs: layer.apply(x) });
      try {
        assert(JSON.stringify(model.outputShape) === JSON.stringify([null, dim]), `outputShape ${JSON.stringify(model.outputShape)}`);
        const [w] = model.getWeights();
        const host = { data: (await w.data()) as Float32Array, shape: [rows, dim] };
        w.dispose();
        const bags = [[...randomInts(rng, 4, rows)], [0, 0, 0, 0], [...randomInts(rng, 4, rows)]];
        await expectBags(model.predict(bags) as Tensor, cpu.embeddingBag(host, bags, { mode: 'sum', paddingIdx: 0 }), 'predict', 4);
        const idx = randomInts(rng, 9, rows);
        const weights = randomFloats(rng, 9);
        const offsets = [0, 2, 2, 5];
        const expected = cpu.embeddingBag(host, idx, { mode: 'sum', paddingIdx: 0, offsets, perSampleWeights: weights });
        await expectBags(layer.forward(idx, { offsets, perSampleWeights: weights }), expected, 'forward', 4);
        // setWeights through the model reaches the layer.
        const ones = new Float32Array(rows * dim).fill(1);
        model.setWeights([ones]);
        await expectBags(layer.apply([[1, 2, 0, 3]]), { data: new Float32Array(dim).fill(3), shape: [1, dim] }, 'after setWeights', 4);
        const twin = EmbeddingBag.fromConfig(layer.getConfig());
        assert(twin.mode === 'sum' && twin.paddingIdx === 0 && twin.outputDim === dim, 'fromConfig(getConfig()) keeps the options');
        twin.dispose();
        let caught: unknown;
        try {
          layer.apply(Input({ shape: [2, 3] }));
        } catch (error) {
          caught = error;
        }
        assert(caught instanceof RangeError && caught.message.includes('expected fixed-size bags of shape [batch, bagSize]'), `3-D input: ${String(caught)}`);
      } finally {
        model.dispose();
      }
    },
  },
];
