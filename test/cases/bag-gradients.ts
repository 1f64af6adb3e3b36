/**
 * EmbeddingBag's backward in every mode ('max' through the forward's
 * argmax), with padding and per-sample weights: against central differences
 * of the CPU forward, the GPU trace against the CPU twin, and the reduced
 * table gradient against a dense CPU sum. Shared by both tiers.
 */
import { EmbeddingBag, Input, scatterRows, segmentSumRows, tensor, type AnyHostTensor, type BagMode, type RowGradient, type Tensor } from '../../src/index.js';
import { assert, assertAllClose } from '../support/close.js';
import { expectThrowsWithoutLeak } from '../support/expect.js';
import { checkFiniteDifferences, checkTraceAgainstCpu, denseGradient, hostWeights } from '../support/gradients.js';
import { randomFloats, randomInts, type Random } from '../support/random.js';
import type { Case } from './case.js';

const fitOptions = { training: true, seed: 2, step: 9 };

function bags(rng: Random, count: number, size: number, rows: number, padding?: number): AnyHostTensor {
  const data = randomInts(rng, count * size, rows);
  if (padding !== undefined) for (let j = 0; j < data.length; j += 3) data[j] = padding;
  return { data, shape: [count, size] };
}

/** `n` distinct values 0.01 apart in a random order. */
function separated(rng: Random, n: number): Float32Array {
  const values = Float32Array.from({ length: n }, (_, i) => (i - n / 2) * 0.01);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [values[i], values[j]] = [values[j], values[i]];
  }
  return values;
}

/** [mode, bags, bagSize, V, D, paddingIdx]: D not a multiple of 4, one bag, bags of one entry, empty batch, all padding in some bags. */
const sizes: [BagMode, number, number, number, number, number | undefined][] = [
  ['sum', 4, 3, 9, 5, undefined],
  ['mean', 4, 3, 9, 5, 0],
  ['max', 4, 3, 9, 5, undefined],
  ['sum', 1, 6, 4, 3, -1],
  ['mean', 3, 1, 7, 4, 2],
  ['max', 5, 4, 6, 7, 1],
  ['mean', 0, 3, 5, 2, undefined],
  ['max', 40, 5, 30, 9, 3],
];

export const cases: Case[] = [
  ...sizes.map(([mode, count, size, rows, dim, paddingIdx]): Case => ({
    name: `EmbeddingBag '${mode}' [${count}, ${size}] V=${rows} D=${dim} padding ${paddingIdx}: backward vs central differences, GPU vs CPU twin`,
    run: async (rng) => {
      const layer = new EmbeddingBag({ inputDim: rows, outputDim: dim, mode, paddingIdx, seed: Math.floor(rng() * 1e9), embeddingsInitializer: 'normal' });
      layer.build([null, size]);
      // 'max' is piecewise linear: values at least 0.01 apart keep every argmax where it is under the 1e-3 steps.
      if (mode === 'max') layer.setWeights([separated(rng, rows * dim)]);
      const padRow = paddingIdx === undefined ? undefined : (paddingIdx + rows) % rows;
      const ids = bags(rng, count, size, rows, padRow);
      const label = `EmbeddingBag ${mode} [${count}, ${size}]`;
      if (count > 0 && count < 10) checkFiniteDifferences(layer, [ids], await hostWeights(layer), fitOptions, rng, label, { eps: 1e-3, samples: 30 });
      await checkTraceAgainstCpu(layer, [ids], fitOptions, rng, label, { atol: 1e-6, rtol: 1e-5 });
      layer.dispose();
    },
  })),
  {
    name: "EmbeddingBag 'sum' with per-sample weights: both the table and the weights get gradients (central differences, GPU vs CPU)",
    run: async (rng) => {
      const layer = new EmbeddingBag({ inputDim: 8, outputDim: 6, mode: 'sum', perSampleWeights: true, paddingIdx: 7, seed: 3, embeddingsInitializer: 'normal' });
      layer.build([[null, 4], [null, 4]]);
      const ids = bags(rng, 3, 4, 8, 7);
      const weights = { data: randomFloats(rng, 12), shape: [3, 4] };
      checkFiniteDifferences(layer, [ids, weights], await hostWeights(layer), fitOptions, rng, 'EmbeddingBag weighted', { eps: 1e-3 });
      await checkTraceAgainstCpu(layer, [ids, weights], fitOptions, rng, 'EmbeddingBag weighted', { atol: 1e-6, rtol: 1e-5 });
      const x = Input({ shape: [4] });
      const w = Input({ shape: [4], dtype: 'float32' });
      assert(JSON.stringify(layer.apply([x, w]).shape) === '[null,6]', 'symbolic [indices, weights]');
      const out = layer.apply([[[1, 2, 7, 7]], [[0.5, 2, 1, 1]]]);
      const [table] = await hostWeights(layer);
      const expected = Array.from({ length: 6 }, (_, c) => 0.5 * table.data[6 + c] + 2 * table.data[12 + c]);
      assertAllClose(await out.data(), expected, 'host indices and weights', { atol: 1e-6 });
      out.dispose();
      layer.dispose();
    },
  },
  {
    name: 'EmbeddingBag row gradient reduced by segmentSumRows + scatterRows equals the dense CPU gradient (shared rows sum across bags)',
    run: async (rng) => {
      const [rows, dim] = [20, 6];
      for (const mode of ['sum', 'mean', 'max'] as const) {
        const layer = new EmbeddingBag({ inputDim: rows, outputDim: dim, mode, paddingIdx: 0, embeddingsInitializer: 'normal' });
        layer.build([null, 5]);
        const ids = bags(rng, 30, 5, rows, 0);
        const traced = layer.traceCpu([ids], await hostWeights(layer), fitOptions);
        const dyHost = { data: randomFloats(rng, 30 * dim), shape: [30, dim] };
        const expected = denseGradient(traced.backward(dyHost, { inputs: [false], weights: true }).weights[0]!, [rows, dim]);
        const gpuIds = tensor(ids.data, ids.shape, 'int32');
        const gpu = layer.trace([gpuIds], fitOptions);
        const dy = tensor(dyHost.data, dyHost.shape, 'float32');
        const g = gpu.backward(dy, { inputs: [false], weights: true }).weights[0] as RowGradient<Tensor>;
        const summed = segmentSumRows(g.indices, g.rows, rows);
        const dense = scatterRows(summed, [rows, dim]);
        assertAllClose(await dense.data(), expected, `${mode}: reduced table gradient`, { atol: 1e-5, rtol: 1e-5 });
        assert(expected.subarray(0, dim).every((v) => v === 0), 'the padding row gets nothing');
        [gpu.output, dy, g.indices, g.rows, summed.indices, summed.rows, dense, gpuIds].forEach((t) => t.dispose());
        gpu.dispose();
        layer.dispose();
      }
    },
  },
  {
    name: 'EmbeddingBag perSampleWeights: only with mode sum, and the layer then takes [indices, weights]',
    run: async () => {
      expectThrowsWithoutLeak(() => new EmbeddingBag({ inputDim: 4, outputDim: 2, mode: 'mean', perSampleWeights: true }), TypeError, "perSampleWeights needs mode 'sum'");
      const layer = new EmbeddingBag({ inputDim: 4, outputDim: 2, mode: 'sum', perSampleWeights: true, name: 'weighted' });
      expectThrowsWithoutLeak(() => layer.apply(Input({ shape: [3] }) as never), TypeError, "EmbeddingBag 'weighted': expected a list of inputs");
      expectThrowsWithoutLeak(() => layer.apply([Input({ shape: [3] }), Input({ shape: [2], dtype: 'float32' })]), RangeError, "expected per-sample weights of the indices' shape (None, 3), received (None, 2)");
      expectThrowsWithoutLeak(() => layer.apply([Input({ shape: [3] }), Input({ shape: [3] })]), TypeError, 'expected float32 per-sample weights');
      assert(layer.getConfig().perSampleWeights === true && EmbeddingBag.fromConfig(layer.getConfig()).multiInput, 'config round-trips perSampleWeights');
      layer.dispose();
    },
  },
];
