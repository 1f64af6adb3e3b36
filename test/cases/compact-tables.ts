/**
 * Compact tables: Embedding({ dtype: 'float16' }) and layer.quantize('int8')
 * against the CPU reference's float16 rounding and int8 quantisation, the
 * error against the float32 table (printed, and held to the format's bound),
 * and the memory saving. Shared by the Node tier and the browser tier.
 */
import { cpu, Embedding, IndexOutOfRangeError, Input, memory, Model, tensor, type Tensor } from '../../src/index.js';
import { assert, assertAllClose, assertFloat16Neighbours, assertShape } from '../support/close.js';
import { expectRejects } from '../support/expect-error.js';
import { expectThrowsWithoutLeak } from '../support/expect.js';
import { randomFloats, randomInts } from '../support/random.js';
import type { Case } from './case.js';

/** Largest absolute and relative difference between two equally long arrays. */
function errorOf(approx: ArrayLike<number>, exact: ArrayLike<number>): { maxAbs: number; maxRel: number } {
  let maxAbs = 0;
  let maxRel = 0;
  for (let i = 0; i < exact.length; i++) {
    const abs = Math.abs(approx[i] - exact[i]);
    maxAbs = Math.max(maxAbs, abs);
    if (exact[i] !== 0) maxRel = Math.max(maxRel, abs / Math.abs(exact[i]));
  }
  return { maxAbs, maxRel };
}

async function take(t: Tensor, shape: readonly number[], label: string): Promise<Float32Array> {
  try {
    assertShape(t.shape, shape, label);
    return (await t.data()) as Float32Array;
  } finally {
    t.dispose();
  }
}

/** A float32 table as the layer's weights, and indices `[batch, length]` into it. */
function fixture(rng: () => number, rows: number, dim: number) {
  const table = { data: randomFloats(rng, rows * dim), shape: [rows, dim] };
  const ids = randomInts(rng, 6 * 3, rows);
  return { table, ids, exactRows: cpu.gather(table, ids, { shape: [6, 3] }) };
}

export const cases: Case[] = [
  // Sizes: odd D (the kernel writing single values), D = 64, one value; D = 260, the vectorised kernel with a whole row per invocation on a software adapter, the last unit part-filled; D = 1044, rows longer than 64 units, so several invocations a row, the last one part-filled.
  ...[[37, 5], [300, 64], [1, 1], [50, 260], [9, 1044]].map(([rows, dim]): Case => ({
    name: `Embedding dtype 'float16' V=${rows} D=${dim}: every value is a neighbouring half of the float32 one (the CPU reference: the nearest), lookups equal getWeights`,
    run: async (rng) => {
      const { table, ids, exactRows } = fixture(rng, rows, dim);
      const layer = new Embedding({ inputDim: rows, outputDim: dim, dtype: 'float16', weights: [table.data] });
      const indices = tensor(ids, [6, 3]);
      try {
        const got = await take(layer.apply(indices), [6, 3, dim], 'float16 lookup');
        const [copy] = layer.getWeights();
        const stored = await take(copy, [rows, dim], 'getWeights');
        // WGSL leaves the direction of f32 -> f16 rounding to the implementation: either neighbour is conformant.
        assertFloat16Neighbours(stored, table.data, 'getWeights: float16 values of the table');
        assertAllClose(got, cpu.gather({ data: stored, shape: table.shape }, ids, { shape: [6, 3] }).data, 'lookup rows equal the stored halves');
        const nearest = cpu.toFloat16(table.data);
        assertFloat16Neighbours(nearest, table.data, 'the CPU reference rounds to a neighbouring half');
        const otherWay = stored.filter((x, i) => x !== nearest[i]).length;
        const error = errorOf(got, exactRows.data);
        console.log(
          `float16 table V=${rows} D=${dim}: max abs error ${error.maxAbs.toExponential(2)}, max relative ${error.maxRel.toExponential(2)} vs float32; ` +
            `${otherWay} of ${stored.length} values rounded away from the nearest half`,
        );
      } finally {
        indices.dispose();
        layer.dispose();
      }
    },
  })),
  ...[[41, 7], [500, 64], [3, 1], [50, 260], [9, 1044]].map(([rows, dim]): Case => ({
    name: `Embedding.quantize('int8') V=${rows} D=${dim}: rows within half a scale step of float32, equal to the CPU quantisation`,
    run: async (rng) => {
      const { table, ids } = fixture(rng, rows, dim);
      table.data.fill(0, 0, dim); // an all-zero row: scale 0
      const exact = cpu.gather(table, ids, { shape: [6, 3] }).data;
      const layer = new Embedding({ inputDim: rows, outputDim: dim, weights: [table.data] });
      const indices = tensor(ids, [6, 3]);
      try {
        assertAllClose(await take(layer.apply(indices), [6, 3, dim], 'float32 lookup'), exact, 'before quantize');
        layer.quantize('int8');
        assert(layer.dtype === 'int8' && layer.embeddings?.dtype === 'int8', 'the layer reports int8 storage');
        const got = await take(layer.apply(indices), [6, 3, dim], 'int8 lookup');
        const { scales } = cpu.quantizeInt8(table);
        const reference = cpu.gather(cpu.dequantizeInt8(cpu.quantizeInt8(table), table.shape), ids, { shape: [6, 3] }).data;
        const error = errorOf(got, exact);
        const peak = table.data.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
        console.log(
          `int8 table V=${rows} D=${dim}: max abs error ${error.maxAbs.toExponential(2)} (${(error.maxAbs / peak).toExponential(2)} of the largest |value|), ` +
            `max relative ${error.maxRel.toExponential(2)} (small values lose most) vs float32`,
        );
        for (let i = 0; i < got.length; i++) {
          const scale = scales[ids[Math.floor(i / dim)]];
          // Round to nearest: within half a step of float32. The GPU's division may round a tie the other way: one step from the CPU's.
          assert(Math.abs(got[i] - exact[i]) <= scale * 0.5001 + 1e-9, `int8 element ${i}: ${got[i]} vs float32 ${exact[i]} (scale ${scale})`);
          assert(Math.abs(got[i] - reference[i]) <= scale * 1.0001 + 1e-9, `int8 element ${i}: ${got[i]} vs CPU ${reference[i]}`);
        }
        // setWeights on an int8 layer quantises the new values.
        const next = randomFloats(rng, rows * dim);
        const nextTensor = tensor(next, [rows, dim]);
        layer.setWeights([nextTensor]);
        nextTensor.dispose();
        const [copy] = layer.getWeights();
        const back = await take(copy, [rows, dim], 'getWeights after setWeights');
        const nextScales = cpu.quantizeInt8({ data: next, shape: [rows, dim] }).scales;
        for (let i = 0; i < back.length; i++) {
          assert(Math.abs(back[i] - next[i]) <= nextScales[Math.floor(i / dim)] * 0.5001 + 1e-9, `after setWeights element ${i}: ${back[i]} vs ${next[i]}`);
        }
      } finally {
        indices.dispose();
        layer.dispose();
      }
    },
  })),
  {
    name: "Embedding dtype 'float16' beyond float16's range: |x| >= 65520 and infinities become ±Infinity, (65504, 65520) 65504, NaN NaN, as in the CPU reference",
    run: async (rng) => {
      const edges = [65504, -65504, 65519, -65519.5, 65520, -65520, 70000, -1e6, 3.4e38, Infinity, -Infinity, NaN, 1e-8, -3e-6, 0, 1 / 3];
      const dim = 4;
      const rows = Math.ceil(edges.length / dim) + 3;
      const data = randomFloats(rng, rows * dim);
      // The edge values at random places.
      const places = [...data.keys()].sort(() => rng() - 0.5).slice(0, edges.length);
      places.forEach((at, i) => (data[at] = edges[i]));
      const cpuHalves = cpu.toFloat16(data);
      const weights = tensor(data, [rows, dim]);
      const layer = new Embedding({ inputDim: rows, outputDim: dim, dtype: 'float16', weights: [weights] });
      weights.dispose();
      const every = tensor(Int32Array.from({ length: rows }, (_, i) => i));
      try {
        const rowsBack = await take(layer.apply(every), [rows, dim], 'lookup of every row');
        const [copy] = layer.getWeights();
        const got = await take(copy, [rows, dim], 'getWeights');
        assertFloat16Neighbours(cpuHalves, data, 'the CPU reference rounds to a neighbouring half');
        for (const values of [got, rowsBack]) {
          assertFloat16Neighbours(values, data, 'GPU float16');
          for (let i = 0; i < data.length; i++) {
            // Outside the finite range (and NaN) the result is defined exactly: the CPU's.
            if (Math.abs(data[i]) >= 65504 || Number.isNaN(data[i])) {
              assert(Object.is(values[i], cpuHalves[i]), `float16 of ${data[i]}: GPU ${values[i]}, CPU ${cpuHalves[i]}`);
            }
          }
        }
      } finally {
        every.dispose();
        layer.dispose();
      }
    },
  },
  {
    name: 'compact tables save memory: float16 halves the table, int8 is a quarter plus a scale per row (rows padded to 16 bytes); nothing leaks',
    run: async (rng) => {
      const rows = 1000;
      const dim = 30;
      const before = memory().numBytes;
      const f32 = new Embedding({ inputDim: rows, outputDim: dim, seed: 1 });
      f32.build([null, 1]);
      const f32Bytes = memory().numBytes - before;
      assert(f32Bytes === rows * dim * 4, `float32 table bytes ${f32Bytes}`);
      f32.quantize('int8');
      const int8Bytes = memory().numBytes - before;
      assert(int8Bytes === rows * Math.ceil(dim / 16) * 16 + rows * 4, `int8 table bytes ${int8Bytes}`);
      f32.dispose();
      const f16 = new Embedding({ inputDim: rows, outputDim: dim, dtype: 'float16', weights: [randomFloats(rng, rows * dim)] });
      f16.build([null, 1]);
      const f16Bytes = memory().numBytes - before;
      assert(f16Bytes === rows * Math.ceil(dim / 8) * 16, `float16 table bytes ${f16Bytes}`);
      console.log(`table ${rows} x ${dim}: float32 ${f32Bytes} B, float16 ${f16Bytes} B, int8 ${int8Bytes} B`);
      f16.dispose();
      assert(memory().numBytes === before, 'disposing the layers frees their tables');
    },
  },
  {
    name: "compact tables in a Model: predict, an int8 dtype from the start; out-of-range GPU indices give zero rows (outOfRange 'zero') or are reported",
    run: async (rng) => {
      const rows = 20;
      const dim = 6;
      const table = randomFloats(rng, rows * dim);
      for (const dtype of ['float16', 'int8'] as const) {
        const layer = new Embedding({ inputDim: rows, outputDim: dim, inputLength: 2, dtype, weights: [table], outOfRange: 'zero' });
        const x = Input({ shape: [2] });
        const model = new Model({ inputs: x, outputs: layer.apply(x) });
        const ids = tensor(new Int32Array([3, 19, -1, 20]), [2, 2]);
        const out = await take(model.predict(ids) as Tensor, [2, 2, dim], `${dtype} predict`);
        assertAllClose(out.subarray(2 * dim), new Float32Array(2 * dim), `${dtype}: rows for -1 and 20 are zero`);
        const [weights] = model.getWeights();
        const host = await take(weights, [rows, dim], 'weights');
        assertAllClose(out.subarray(0, 2 * dim), [...host.subarray(3 * dim, 4 * dim), ...host.subarray(19 * dim, 20 * dim)], `${dtype} rows equal getWeights rows`);
        assert(layer.getConfig().dtype === dtype, 'getConfig keeps the dtype');
        // With the default policy the same indices are reported when the result is read.
        const strict = new Embedding({ inputDim: rows, outputDim: dim, dtype, weights: [table], name: `strict_${dtype}` });
        const rejected = strict.apply(ids);
        await expectRejects(rejected.data(), IndexOutOfRangeError, [`Embedding 'strict_${dtype}'`, '-1'], `${dtype} out-of-range report`);
        rejected.dispose();
        strict.dispose();
        ids.dispose();
        model.dispose();
      }
    },
  },
  {
    name: 'compact tables reject what they cannot do, with clear errors',
    run: async () => {
      expectThrowsWithoutLeak(() => new Embedding({ inputDim: 3, outputDim: 2, dtype: 'float16', lookup: 'onehot' }), TypeError, "a float16 table needs lookup 'gather'");
      expectThrowsWithoutLeak(() => new Embedding({ inputDim: 3, outputDim: 2, dtype: 'bfloat16' as 'float16' }), TypeError, "expected dtype 'float32', 'float16' or 'int8'");
      const layer = new Embedding({ inputDim: 3, outputDim: 2 });
      expectThrowsWithoutLeak(() => layer.quantize('int4' as 'int8'), RangeError, "expected quantize('int8')");
      layer.dispose();
    },
  },
];
