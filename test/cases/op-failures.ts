/**
 * Failure paths of every op: each allocation an op (and the read of its
 * result) makes is made to fail in turn (the n-th createBuffer throws, for
 * n = 1, 2, ... until the run completes), and after each failure every GPU
 * buffer the library created - uploads, outputs, scratch, status, uniforms,
 * staging - must be destroyed or back in the reuse pool, `memory()` must be
 * as before, and the error scopes the library pushed must all be popped.
 * The run that meets no failure must equal the CPU reference.
 *
 * Reaches below the public API for one thing: emptying the reuse pool
 * (`drainPool`) and the cache of parameter buffers (`drainUniforms`), so
 * that pooled and cached buffers can be told from leaked ones.
 * Shared by the Node tier and the browser tier.
 */
import {
  cpu,
  embeddingBag,
  Embedding,
  gather,
  getDevice,
  Input,
  matMul,
  memory,
  Model,
  nearestNeighbors,
  oneHot,
  tensor,
  type Tensor,
} from '../../src/index.js';
import { drainPool } from '../../src/gpu/buffer-pool.js';
import { drainUniforms } from '../../src/gpu/uniforms.js';
import { assert, assertAllClose, assertFloat16Neighbours } from '../support/close.js';
import { failAllocation, InjectedFailure, trackLiveBuffers } from '../support/gpu-calls.js';
import { randomFloats, randomInts, type Random } from '../support/random.js';
import type { Case } from './case.js';

/** One op run and read back: throws on a failure, checks the values against the CPU reference otherwise, and disposes what it made either way. */
type Attempt = () => Promise<void>;

/** Reads every tensor, disposing all of them whatever happens. */
async function readAll(tensors: readonly Tensor[]): Promise<Float32Array[]> {
  try {
    const out: Float32Array[] = [];
    for (const t of tensors) out.push(Float32Array.from(await t.data()));
    return out;
  } finally {
    for (const t of tensors) t.dispose();
  }
}

/**
 * Runs `attempt` with the 1st, 2nd, ... allocation failing until one run
 * meets no failure; after each, nothing may be left behind. Returns how
 * many allocations the full run made.
 */
async function failEachAllocation(label: string, attempt: Attempt): Promise<number> {
  const device = await getDevice();
  // A first run without failures creates the per-device buffers kept for good (the spare binding), and must be right.
  await attempt();
  const tracker = trackLiveBuffers();
  try {
    for (let n = 1; ; n++) {
      await device.queue.onSubmittedWorkDone();
      drainPool(device);
      drainUniforms(device);
      const liveBefore = tracker.live();
      const memoryBefore = memory();
      const injected = failAllocation(n);
      let error: unknown = null;
      try {
        await attempt();
      } catch (e) {
        error = e;
      } finally {
        injected.stop();
      }
      const reached = injected.calls() >= n;
      if (!reached) {
        assert(error === null, `${label}: the run without a failure threw ${String(error)}`);
        return n - 1;
      }
      assert(error !== null, `${label}: allocation ${n} failed, yet the op and its read succeeded`);
      const failure = error as Error;
      assert(failure instanceof InjectedFailure || failure.cause instanceof InjectedFailure || /injected failure/.test(failure.message),
        `${label}: allocation ${n} failed, but the error is another one: ${failure.stack ?? failure}`);
      const { pushed, popped } = injected.scopes();
      assert(pushed === popped, `${label}, allocation ${n} failing: ${pushed} error scopes pushed, ${popped} popped`);
      await device.queue.onSubmittedWorkDone();
      drainPool(device);
      drainUniforms(device);
      const now = memory();
      assert(now.numTensors === memoryBefore.numTensors && now.numBytes === memoryBefore.numBytes,
        `${label}, allocation ${n} failing: memory() went from ${JSON.stringify(memoryBefore)} to ${JSON.stringify(now)}`);
      assert(tracker.live() === liveBefore, `${label}, allocation ${n} failing: ${tracker.live() - liveBefore} GPU buffer(s) left alive`);
    }
  } finally {
    tracker.stop();
  }
}

/** A case that builds its inputs, fails each allocation of `attempt` in turn, then frees the inputs. */
function failureCase(name: string, setup: (rng: Random) => { attempt: Attempt; inputs: { dispose(): void }[]; least: number }): Case {
  return {
    name: `${name}: each allocation failing in turn leaves no GPU buffer, tensor or error scope behind`,
    run: async (rng) => {
      const { attempt, inputs, least } = setup(rng);
      try {
        const allocations = await failEachAllocation(name, attempt);
        assert(allocations >= least, `${name}: the run made only ${allocations} allocations, expected at least ${least}`);
        console.log(`${name}: failed each of ${allocations} allocations in turn, nothing left behind`);
      } finally {
        for (const t of inputs) t.dispose();
      }
    },
  };
}

export const cases: Case[] = [
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
    const gpuIds = tensor(ids);
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
  failureCase('embeddingBag (indices, offsets and weights uploaded; GPU indices with a report)', (rng) => {
    const host = { data: randomFloats(rng, 30 * 4), shape: [30, 4] };
    const table = tensor(host.data, host.shape);
    const ids = randomInts(rng, 9, 30);
    const weights = randomFloats(rng, 9);
    const offsets = [0, 2, 2, 6];
    const gpuIds = tensor(ids);
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
      least: 10,
      attempt: async () => {
        const [got] = await readAll([model.predict(ids, { batchSize: 2 }) as Tensor]);
        assertAllClose(got, cpu.gather(host, ids).data, 'predict');
      },
    };
  }),
];
