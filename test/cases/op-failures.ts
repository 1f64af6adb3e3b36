/**
 * Failure paths of every op, the training ops included: each allocation an
 * op (and the read of its result) makes is made to fail in turn, and nothing
 * may be left behind (test/support/failures.ts says what is checked). The
 * run that meets no failure must equal the CPU reference; an optimizer step
 * that fails leaves the weight and the step count as they were. Shared by
 * the Node tier and the browser tier.
 */
import {
  Adagrad,
  Adam,
  Concatenate,
  cpu,
  Dense,
  Dot,
  Dropout,
  embeddingBag,
  Embedding,
  EmbeddingBag,
  gather,
  Input,
  isRowGradient,
  matMul,
  Model,
  nearestNeighbors,
  oneHot,
  RMSprop,
  scatterRows,
  segmentSumRows,
  SGD,
  tensor,
  type AnyHostTensor,
  type GradientRequest,
  type Layer,
  type Optimizer,
  type Tensor,
  type Traced,
} from '../../src/index.js';
import type { RowMetric } from '../../src/cpu/losses.js';
import { GpuWeightStorage } from '../../src/layers/gpu-weight-storage.js';
import { Weight } from '../../src/layers/weight.js';
import { lossRows } from '../../src/ops/loss-rows.js';
import { sumRows } from '../../src/ops/sum-rows.js';
import { assert, assertAllClose, assertFloat16Neighbours } from '../support/close.js';
import { failureCase, readAll } from '../support/failures.js';
import { hostWeights } from '../support/gradients.js';
import { gpuComputedIndices } from '../support/gpu-indices.js';
import { randomFloats, randomInts, type Random } from '../support/random.js';
import type { Case } from './case.js';

type Values = Float32Array | Int32Array;

const fitOptions = { training: true, seed: 5, step: 3 };

/**
 * A layer's training forward and backward on the GPU, read back in order:
 * the output, the input gradients, the weight gradients (a row gradient as
 * its indices, then its rows). Everything made is disposed whatever happens.
 */
async function traceOnGpu(layer: Layer, inputs: readonly Tensor[], dy: Tensor, want: GradientRequest): Promise<Values[]> {
  const made: Tensor[] = [];
  let traced: Traced<Tensor> | undefined;
  try {
    traced = layer.trace(inputs, fitOptions);
    made.push(traced.output);
    const grads = traced.backward(dy, want);
    for (const g of grads.inputs) if (g) made.push(g);
    for (const g of grads.weights) if (g) made.push(...(isRowGradient(g) ? [g.indices, g.rows] : [g]));
    const out: Values[] = [];
    for (const t of made) out.push((await t.data()) as Values);
    return out;
  } finally {
    traced?.dispose();
    for (const t of made) t.dispose();
  }
}

/** The same from the layer's CPU twin. */
function traceOnCpu(layer: Layer, inputs: readonly AnyHostTensor[], weights: readonly AnyHostTensor[], dy: AnyHostTensor, want: GradientRequest): Values[] {
  const traced = layer.traceCpu(inputs, weights, fitOptions);
  const grads = traced.backward(dy, want);
  const out: Values[] = [traced.output.data];
  for (const g of grads.inputs) if (g) out.push(g.data);
  for (const g of grads.weights) if (g) out.push(...(isRowGradient(g) ? [g.indices.data, g.rows.data] : [g.data]));
  traced.dispose();
  return out;
}

/** A built layer's forward and backward (every float input's gradient and the weights') with each allocation failing in turn; the full run equals the CPU twin. */
function layerCase(name: string, least: number, make: (rng: Random) => { layer: Layer; inputs: AnyHostTensor[] }): Case {
  return failureCase(name, async (rng) => {
    const { layer, inputs } = make(rng);
    const weights = await hostWeights(layer);
    const want = { inputs: inputs.map((t) => t.data instanceof Float32Array), weights: weights.length > 0 };
    const shape = layer.traceCpu(inputs, weights, fitOptions).output.shape;
    const dyHost = { data: randomFloats(rng, shape.reduce((a, b) => a * b, 1)), shape: [...shape] };
    const expected = traceOnCpu(layer, inputs, weights, dyHost, want);
    const gpuInputs = inputs.map((t) => tensor(t.data, t.shape, t.data instanceof Int32Array ? 'int32' : 'float32'));
    const dy = tensor(dyHost.data, dyHost.shape, 'float32');
    return {
      inputs: [...gpuInputs, dy, layer],
      least,
      attempt: async () => {
        const got = await traceOnGpu(layer, gpuInputs, dy, want);
        assert(got.length === expected.length, `${name}: ${got.length} results, expected ${expected.length}`);
        got.forEach((values, i) => assertAllClose(values, expected[i], `${name}: result ${i}`, { atol: 1e-5, rtol: 1e-5 }));
      },
    };
  });
}

function floats(rng: Random, shape: number[]): AnyHostTensor {
  return { data: randomFloats(rng, shape.reduce((a, b) => a * b, 1)), shape };
}

function ints(rng: Random, shape: number[], upper: number): AnyHostTensor {
  return { data: randomInts(rng, shape.reduce((a, b) => a * b, 1), upper), shape };
}

/** Gradients of magnitude 0.1 to 1 (centered RMSprop divides by a running variance). */
function gradientValues(rng: Random, n: number): Float32Array {
  return randomFloats(rng, n).map((x) => Math.sign(x || 1) * (0.1 + 0.9 * Math.abs(x)));
}

/**
 * One optimizer step with each allocation failing in turn: a step that
 * fails leaves the weight (and so its slots, updated in the same
 * submission) and the step count as they were; the CPU twin takes every
 * step the GPU took, and the weight equals it after each attempt.
 */
function optimizerCase(label: string, make: () => Optimizer, rows: boolean): Case {
  return failureCase(`${label} step${rows ? ' on unique rows' : ''}`, (rng) => {
    const shape = [9, 5];
    const host = randomFloats(rng, 45);
    const weight = new Weight('w', shape, new GpuWeightStorage('w', shape, host));
    const optimizer = make();
    optimizer.prepare([weight]);
    const twin = optimizer.hostTwin();
    const expected = host.slice();
    const indices = Int32Array.from([0, 3, 4, 8, 9, 9]);
    const grads = gradientValues(rng, (rows ? indices.length : 9) * 5);
    if (rows) grads.fill(0, 5 * 5);
    const gradient = rows ? { indices: tensor(indices, [6], 'int32'), rows: tensor(grads, [6, 5], 'float32') } : tensor(grads, shape, 'float32');
    const hostGradient = rows ? { indices, rows: grads } : grads;
    let steps = 0;
    const same = async (what: string) => {
      assert(optimizer.iterations === steps, `${label}: ${optimizer.iterations} iterations after ${steps} submitted steps (${what})`);
      assertAllClose(await weight.value().data(), expected, `${label}: the weight (${what})`, { atol: 2e-6, rtol: 2e-5 });
    };
    return {
      inputs: [...('indices' in gradient ? [gradient.indices, gradient.rows] : [gradient]), optimizer, weight],
      least: 2,
      attempt: async () => {
        const verdict = optimizer.applyGradients([{ weight, gradient }]);
        // Submitted: the twin takes the same step, whatever happens after.
        steps++;
        twin.apply([{ key: weight, weight: expected, gradient: hostGradient, dim: 5 }]);
        const error = await verdict;
        if (error) throw error;
        await same('after a step');
      },
      afterFailure: () => same('after a failed attempt'),
    };
  });
}

export const cases: Case[] = [
  layerCase('Dense (relu) forward and backward', 10, (rng) => {
    const layer = new Dense({ units: 5, activation: 'relu', seed: Math.floor(rng() * 1e6) });
    layer.build([null, 6]);
    return { layer, inputs: [floats(rng, [7, 6])] };
  }),
  layerCase('Dot forward and backward', 6, (rng) => ({ layer: new Dot({ axes: 1 }), inputs: [floats(rng, [6, 5]), floats(rng, [6, 5])] })),
  layerCase('Dot (normalize, rank 3) forward and backward', 8, (rng) => ({ layer: new Dot({ axes: 2, normalize: true }), inputs: [floats(rng, [4, 3, 5]), floats(rng, [4, 2, 5])] })),
  layerCase('Concatenate forward and backward (one split per input)', 6, (rng) => ({
    layer: new Concatenate(),
    inputs: [floats(rng, [3, 2]), floats(rng, [3, 4]), floats(rng, [3, 1])],
  })),
  layerCase('Dropout forward and backward', 5, (rng) => ({ layer: new Dropout({ rate: 0.4 }), inputs: [floats(rng, [9, 7])] })),
  layerCase("EmbeddingBag ('max') forward with the argmax, and its row gradient", 6, (rng) => {
    const layer = new EmbeddingBag({ inputDim: 12, outputDim: 5, mode: 'max', seed: Math.floor(rng() * 1e6) });
    layer.build([null, 3]);
    return { layer, inputs: [ints(rng, [6, 3], 12)] };
  }),
  layerCase("EmbeddingBag ('sum', per-sample weights): row gradient and weight gradient in one op", 6, (rng) => {
    const layer = new EmbeddingBag({ inputDim: 10, outputDim: 4, mode: 'sum', perSampleWeights: true, paddingIdx: 0, seed: Math.floor(rng() * 1e6) });
    layer.build([[null, 4], [null, 4]]);
    return { layer, inputs: [ints(rng, [5, 4], 10), floats(rng, [5, 4])] };
  }),
  failureCase('segmentSumRows and scatterRows (an embedding gradient reduced, sorted over several blocks, then made dense)', (rng) => {
    const [count, rows, dim] = [700, 12, 6];
    // Some indices out of range (padding), which contribute nothing.
    const ids = randomInts(rng, count, rows + 2);
    const values = { data: randomFloats(rng, count * dim), shape: [count, dim] };
    const gpuIds = tensor(ids, [count], 'int32');
    const gpuValues = tensor(values.data, values.shape, 'float32');
    const summed = cpu.segmentSumRows({ data: ids, shape: [count] }, values, rows);
    const dense = cpu.scatterRows(summed, [rows, dim]);
    return {
      inputs: [gpuIds, gpuValues],
      least: 8,
      attempt: async () => {
        const g = segmentSumRows(gpuIds, gpuValues, rows);
        let scattered: Tensor;
        try {
          scattered = scatterRows(g, [rows, dim]);
        } catch (error) {
          g.indices.dispose();
          g.rows.dispose();
          throw error;
        }
        const [gotIndices, gotRows, gotDense] = await readAll([g.indices, g.rows, scattered]);
        assertAllClose(gotIndices, summed.indices.data, 'segmentSumRows indices');
        assertAllClose(gotRows, summed.rows.data, 'segmentSumRows rows', { atol: 1e-5 });
        assertAllClose(gotDense, dense.data, 'scatterRows', { atol: 1e-5 });
      },
    };
  }),
  optimizerCase('SGD (momentum)', () => new SGD({ learningRate: 0.1, momentum: 0.9 }), false),
  optimizerCase('Adam', () => new Adam({ learningRate: 0.01 }), false),
  optimizerCase('Adam (lazy)', () => new Adam({ learningRate: 0.01, lazy: true }), true),
  optimizerCase('Adagrad', () => new Adagrad({ learningRate: 0.1 }), false),
  optimizerCase('RMSprop (centered, momentum)', () => new RMSprop({ learningRate: 0.01, momentum: 0.5, centered: true }), false),
  failureCase('lossRows and sumRows (a batch loss, its metrics and gradient, added to running totals)', (rng) => {
    const kinds: RowMetric[] = ['meanSquaredError', 'meanAbsoluteError', 'binaryAccuracy'];
    const pred = { data: randomFloats(rng, 7 * 3), shape: [7, 3] };
    const target = { data: randomFloats(rng, 7 * 3), shape: [7, 3] };
    const p = tensor(pred.data, pred.shape, 'float32');
    const t = tensor(target.data, target.shape, 'float32');
    const totals = tensor(new Float32Array(2 * kinds.length), [2 * kinds.length], 'float32');
    const rowValues = kinds.map((kind) => cpu.rowValues(kind, pred, target));
    return {
      inputs: [p, t, totals],
      least: 6,
      attempt: async () => {
        const { values, gradient } = lossRows(p, t, kinds, true);
        let verdict: Promise<Error | null>;
        try {
          verdict = sumRows(values, totals, 0, kinds.length);
        } catch (error) {
          values.dispose();
          gradient!.dispose();
          throw error;
        }
        const [gotValues, gotGradient] = await readAll([values, gradient!]);
        const error = await verdict;
        if (error) throw error;
        kinds.forEach((kind, k) => assertAllClose(gotValues.subarray(k * 7, (k + 1) * 7), rowValues[k], `lossRows ${kind}`, { atol: 2e-5, rtol: 2e-5 }));
        assertAllClose(gotGradient, cpu.lossGradient('meanSquaredError', pred, target).data, 'lossRows gradient', { atol: 2e-5, rtol: 2e-5 });
        const batch = (await totals.data()).subarray(kinds.length);
        const sums = rowValues.map((v) => v.reduce((a, b) => a + b, 0));
        assertAllClose(batch, sums, 'sumRows batch totals', { atol: 1e-4, rtol: 1e-5 });
      },
    };
  }),
  failureCase('gather (host indices uploaded by the op)', (rng) => {
    const host = { data: randomFloats(rng, 37 * 6), shape: [37, 6] };
    const table = tensor(host.data, host.shape);
    const ids = randomInts(rng, 5, 37);
    return {
      inputs: [table],
      // upload, output, uniform, staging
      least: 4,
      attempt: async () => assertAllClose((await readAll([gather(table, ids)]))[0], cpu.gather(host, ids).data, 'gather'),
    };
  }),
  failureCase('gather and oneHot (GPU indices with an out-of-range report)', (rng) => {
    const host = { data: randomFloats(rng, 20 * 8), shape: [20, 8] };
    const table = tensor(host.data, host.shape);
    const ids = randomInts(rng, 6, 20);
    const gpuIds = gpuComputedIndices(ids);
    return {
      inputs: [table, gpuIds],
      least: 8,
      attempt: async () => {
        const rows = gather(table, gpuIds);
        let hot: Tensor;
        try {
          hot = oneHot(gpuIds, 20);
        } catch (error) {
          rows.dispose();
          throw error;
        }
        const [got, gotHot] = await readAll([rows, hot]);
        assertAllClose(got, cpu.gather(host, ids).data, 'gather');
        assertAllClose(gotHot, cpu.oneHot(ids, 20).data, 'oneHot');
      },
    };
  }),
  failureCase('matMul (one operand uploaded)', (rng) => {
    const a = { data: randomFloats(rng, 5 * 7), shape: [5, 7] };
    const aNested = Array.from({ length: 5 }, (_, r) => [...a.data.subarray(r * 7, (r + 1) * 7)]);
    const b = { data: randomFloats(rng, 7 * 3), shape: [7, 3] };
    const bGpu = tensor(b.data, b.shape);
    return {
      inputs: [bGpu],
      least: 4,
      attempt: async () => {
        // Host values for a: the op uploads them.
        const [got] = await readAll([matMul(aNested, bGpu)]);
        assertAllClose(got, cpu.matMul(a, b).data, 'matMul', { atol: 1e-5 });
      },
    };
  }),
  failureCase('gather whose GPU indices are disposed before its read (the capture dispatch of its report)', (rng) => {
    const host = { data: randomFloats(rng, 20 * 8), shape: [20, 8] };
    const table = tensor(host.data, host.shape);
    const ids = randomInts(rng, 6, 20);
    return {
      inputs: [table],
      least: 4,
      attempt: async () => {
        const gpuIds = gpuComputedIndices(ids);
        let rows: Tensor;
        try {
          rows = gather(table, gpuIds);
        } finally {
          gpuIds.dispose();
        }
        const [got] = await readAll([rows]);
        assertAllClose(got, cpu.gather(host, ids).data, 'gather');
      },
    };
  }),
  failureCase('embeddingBag (indices, offsets and weights uploaded; GPU indices with a report)', (rng) => {
    const host = { data: randomFloats(rng, 30 * 4), shape: [30, 4] };
    const table = tensor(host.data, host.shape);
    const ids = randomInts(rng, 9, 30);
    const weights = randomFloats(rng, 9);
    const offsets = [0, 2, 2, 6];
    const gpuIds = gpuComputedIndices(ids);
    return {
      inputs: [table, gpuIds],
      least: 10,
      attempt: async () => {
        const options = { mode: 'sum' as const, offsets, perSampleWeights: weights };
        const [host1] = await readAll([embeddingBag(table, ids, options)]);
        const [gpu1] = await readAll([embeddingBag(table, gpuIds, { offsets })]);
        assertAllClose(host1, cpu.embeddingBag(host, ids, options).data, 'embeddingBag host inputs', { atol: 1e-5 });
        assertAllClose(gpu1, cpu.embeddingBag(host, ids, { offsets }).data, 'embeddingBag GPU indices', { atol: 1e-5 });
      },
    };
  }),
  failureCase('nearestNeighbors (chunked top-k over two passes, and the rank pass for large k)', (rng) => {
    const small = () => Float32Array.from({ length: 1100 * 3 }, () => Math.floor(rng() * 5) - 2);
    const host = { data: small(), shape: [1100, 3] };
    const queries = { data: Float32Array.from({ length: 2 * 3 }, () => Math.floor(rng() * 5) - 2), shape: [2, 3] };
    const nested = [[...queries.data.subarray(0, 3)], [...queries.data.subarray(3)]];
    const table = tensor(host.data, host.shape);
    return {
      inputs: [table],
      least: 14,
      attempt: async () => {
        for (const k of [5, 600]) {
          // Host queries: the op uploads them.
          const { indices, scores } = nearestNeighbors(table, nested, k, { metric: 'dot' });
          const [gotIndices] = await readAll([indices, scores]);
          assertAllClose(gotIndices, cpu.nearestNeighbors(host, queries, k, { metric: 'dot' }).indices.data, `nearestNeighbors k=${k}`);
        }
      },
    };
  }),
  failureCase("compact tables: Embedding dtype 'float16', quantize('int8'), lookups and getWeights", (rng) => {
    const host = { data: randomFloats(rng, 12 * 5), shape: [12, 5] };
    const ids = tensor(randomInts(rng, 4, 12));
    return {
      inputs: [ids],
      least: 12,
      attempt: async () => {
        const half = new Embedding({ inputDim: 12, outputDim: 5, dtype: 'float16', weights: [host.data] });
        const quarter = new Embedding({ inputDim: 12, outputDim: 5, weights: [host.data] });
        try {
          const [rows] = await readAll([half.apply(ids)]);
          assert(rows.length === 4 * 5, 'float16 rows');
          const [copy] = await readAll(half.getWeights());
          assertFloat16Neighbours(copy, host.data, 'float16 getWeights');
          quarter.build([null]);
          quarter.quantize('int8');
          const [quantized] = await readAll([quarter.apply(ids)]);
          assert(quantized.length === 4 * 5, 'int8 rows');
        } finally {
          half.dispose();
          quarter.dispose();
        }
      },
    };
  }),
  failureCase('Model.predict in batches (slices and concatenation copied on the GPU)', (rng) => {
    const host = { data: randomFloats(rng, 9 * 3), shape: [9, 3] };
    const layer = new Embedding({ inputDim: 9, outputDim: 3, weights: [host.data] });
    const x = Input({ shape: [1] });
    const model = new Model({ inputs: x, outputs: layer.apply(x) });
    const ids = [[1], [8], [0], [4], [4]];
    return {
      inputs: [model],
      // Per batch its indices and rows, then the joined result (host indices in range need no status buffer).
      least: 8,
      attempt: async () => {
        const [got] = await readAll([model.predict(ids, { batchSize: 2 }) as Tensor]);
        assertAllClose(got, cpu.gather(host, ids).data, 'predict');
      },
    };
  }),
];
