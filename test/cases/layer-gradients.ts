/**
 * The training seam of the lookup and reshape layers (Input, Flatten,
 * Embedding): each backward against central differences of its CPU forward,
 * the GPU trace against the CPU twin (forward and backward), the embedding
 * gradient reduced on the GPU against a dense CPU sum, and the errors of
 * layers that cannot be trained. Shared by the Node tier and the browser tier.
 */
import { cpu, Embedding, Flatten, Input, memory, scatterRows, segmentSumRows, tensor, type AnyHostTensor, type RowGradient, type Tensor } from '../../src/index.js';
import { assert, assertAllClose } from '../support/close.js';
import { expectThrowsWithoutLeak } from '../support/expect.js';
import { checkFiniteDifferences, checkTraceAgainstCpu, denseGradient, hostWeights } from '../support/gradients.js';
import { randomFloats, randomInts, type Random } from '../support/random.js';
import type { Case } from './case.js';

const fitOptions = { training: true, seed: 7, step: 0 };

function hostIndices(rng: Random, shape: number[], rows: number): AnyHostTensor {
  return { data: randomInts(rng, shape.reduce((a, b) => a * b, 1), rows), shape };
}

function hostFloats(rng: Random, shape: number[]): AnyHostTensor {
  return { data: randomFloats(rng, shape.reduce((a, b) => a * b, 1)), shape };
}

export const cases: Case[] = [
  ...([
    ['gather', [6]],
    ['gather', [5, 3]],
    ['onehot', [4, 2, 3]],
    ['gather', [1, 1]],
    ['gather', [0, 2]],
  ] as const).map(([lookup, shape]): Case => ({
    name: `Embedding (${lookup}) on indices [${shape}]: backward vs central differences, GPU trace vs CPU twin`,
    run: async (rng) => {
      const [rows, dim] = [9, 5];
      const layer = new Embedding({ inputDim: rows, outputDim: dim, lookup, seed: Math.floor(rng() * 1e9) });
      layer.build([null, ...shape.slice(1)]);
      const indices = hostIndices(rng, [...shape], rows);
      const weights = await hostWeights(layer);
      checkFiniteDifferences(layer, [indices], weights, fitOptions, rng, `Embedding ${lookup} [${shape}]`);
      await checkTraceAgainstCpu(layer, [indices], fitOptions, rng, `Embedding ${lookup} [${shape}]`, {});
      layer.dispose();
    },
  })),
  {
    name: 'Embedding row gradient: views of the indices and dy; reduced by segmentSumRows + scatterRows it equals the dense CPU gradient (duplicates sum)',
    run: async (rng) => {
      const [rows, dim, batch] = [50, 7, 300];
      const layer = new Embedding({ inputDim: rows, outputDim: dim });
      layer.build([null, 2]);
      const ids = randomInts(rng, batch * 2, rows);
      ids[0] = ids[1] = ids[2] = 3;
      const input = tensor(ids, [batch, 2], 'int32');
      const traced = layer.trace([input], fitOptions);
      const dyHost = randomFloats(rng, batch * 2 * dim);
      const dy = tensor(dyHost, [batch, 2, dim], 'float32');
      const g = traced.backward(dy, { inputs: [false], weights: true }).weights[0] as RowGradient<Tensor>;
      assert(g.kind === 'rows' && g.indices.buffer === input.buffer && g.rows.buffer === dy.buffer, 'row gradient is views of the indices and dy');
      const summed = segmentSumRows(g.indices, g.rows, rows);
      const dense = scatterRows(summed, [rows, dim]);
      const expected = denseGradient({ kind: 'rows', indices: { data: ids, shape: [batch * 2] }, rows: { data: dyHost, shape: [batch * 2, dim] } }, [rows, dim]);
      assertAllClose(await dense.data(), expected, 'dense embedding gradient', { atol: 1e-5, rtol: 1e-5 });
      assert(traced.backward(dy, { inputs: [false], weights: false }).weights[0] === null, 'no weight gradient when not asked for');
      [traced.output, dy, g.indices, g.rows, summed.indices, summed.rows, dense, input].forEach((t) => t.dispose());
      traced.dispose();
      layer.dispose();
    },
  },
  {
    name: "Embedding with outOfRange 'zero': GPU-resident out-of-range indices give zero rows and no gradient, as on the CPU",
    run: async (rng) => {
      const [rows, dim] = [6, 3];
      const layer = new Embedding({ inputDim: rows, outputDim: dim, outOfRange: 'zero' });
      layer.build([null, 4]);
      const indices = { data: Int32Array.from([0, -1, 5, 6, 2, 2, 99, 1]), shape: [2, 4] };
      await checkTraceAgainstCpu(layer, [indices], fitOptions, rng, "Embedding outOfRange 'zero'", {});
      const twin = layer.traceCpu([indices], await hostWeights(layer), fitOptions);
      const g = twin.backward(hostFloats(rng, [2, 4, dim]), { inputs: [false], weights: true }).weights[0]!;
      const dense = denseGradient(g, [rows, dim]);
      const summed = cpu.scatterRows(cpu.segmentSumRows((g as RowGradient<AnyHostTensor>).indices as never, (g as RowGradient<AnyHostTensor>).rows as never, rows), [rows, dim]);
      assertAllClose(summed.data, dense, 'reduced CPU gradient skips out-of-range rows', { atol: 1e-6 });
      layer.dispose();
    },
  },
  {
    name: 'Flatten and Input: backward is the output gradient reshaped, on the GPU (views) and the CPU',
    run: async (rng) => {
      const flatten = new Flatten();
      const x = hostFloats(rng, [3, 2, 5]);
      checkFiniteDifferences(flatten, [x], [], fitOptions, rng, 'Flatten');
      await checkTraceAgainstCpu(flatten, [x], fitOptions, rng, 'Flatten', {});
      const input = Input({ shape: [4], dtype: 'float32' }).layer;
      const y = hostFloats(rng, [2, 4]);
      checkFiniteDifferences(input, [y], [], fitOptions, rng, 'InputLayer');
      await checkTraceAgainstCpu(input, [y], fitOptions, rng, 'InputLayer', {});
      const one = hostFloats(rng, [1, 7]);
      await checkTraceAgainstCpu(flatten, [one], fitOptions, rng, 'Flatten one row', {});
      await checkTraceAgainstCpu(flatten, [{ data: new Float32Array(0), shape: [0, 3, 2] }], fitOptions, rng, 'Flatten empty batch', {});
    },
  },
  {
    name: 'a compact (float16, int8) Embedding cannot be traced: a clear error saying to train float32 and quantize after',
    run: async () => {
      for (const dtype of ['float16', 'int8'] as const) {
        const layer = new Embedding({ inputDim: 4, outputDim: 2, dtype });
        layer.build([null, 1]);
        const ids = tensor(new Int32Array([1, 2]), [2, 1], 'int32');
        expectThrowsWithoutLeak(() => layer.trace([ids], fitOptions), TypeError, `a ${dtype} table has no backward, so it cannot be trained; train a float32 table`);
        const before = memory();
        try {
          layer.traceCpu([{ data: new Int32Array([1]), shape: [1, 1] }], [{ data: new Float32Array(8), shape: [4, 2] }], fitOptions);
          throw new Error('traceCpu of a compact table did not throw');
        } catch (error) {
          assert(error instanceof TypeError && /quantize/.test(error.message), `traceCpu: ${(error as Error).message}`);
        }
        assert(memory().numBytes === before.numBytes, 'nothing allocated');
        ids.dispose();
        layer.dispose();
      }
    },
  },
  {
    name: 'a backward given an output gradient of the wrong shape throws a RangeError naming the layer',
    run: async (rng) => {
      const layer = new Embedding({ inputDim: 5, outputDim: 2, name: 'shape_check' });
      layer.build([null, 1]);
      const ids = tensor(new Int32Array([1, 4]), [2, 1], 'int32');
      const traced = layer.trace([ids], fitOptions);
      const wrong = tensor(randomFloats(rng, 6), [2, 3], 'float32');
      expectThrowsWithoutLeak(() => traced.backward(wrong, { inputs: [false], weights: true }), RangeError, "Embedding 'shape_check': expected an output gradient of shape [2, 1, 2], received [2, 3]");
      [wrong, ids, traced.output].forEach((t) => t.dispose());
      traced.dispose();
      layer.dispose();
    },
  },
];
