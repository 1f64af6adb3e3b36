/**
 * Node-only reliability checks: steady-state memory over 10,000 ops (GPU
 * buffers of every kind, not just tensors), an allocation the device cannot
 * satisfy, a table above 1 GiB split at the device's real limit
 * (embeddingBag and nearestNeighbors; every op that reads a table is tested
 * split at a lowered limit in test/cases/split-tables.ts; quantizing the
 * whole table took 54 s more on a shared, loaded 2-core machine), and a
 * 300 MB table (above the 128 MiB spec default);
 * a few seconds each on SwiftShader, so always on.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AllocationError, cpu, debug, embeddingBag, gather, matMul, memory, nearestNeighbors, oneHot, tensor, tidy } from '../../src/index.js';
import { drainPool, pooledBytes, POOL_BYTES } from '../../src/gpu/buffer-pool.js';
import { cachedUniforms, drainUniforms, MAX_UNIFORMS } from '../../src/gpu/uniforms.js';
import { assertAllClose } from '../support/close.js';
import { countGpuCalls, trackLiveBuffers } from '../support/gpu-calls.js';
import { setupGpu } from '../support/gpu.js';
import { freshSeed, randomFloats, randomInts, seeded } from '../support/random.js';

const seed = freshSeed(process.env.TEST_SEED);

describe(`limits and lifetimes in Node (Dawn), seed ${seed}`, () => {
  beforeAll(() => setupGpu('Node tier'));
  afterEach(() => {
    debug.poisonOutputs = true;
    debug.maxBufferBytes = 0;
  });

  it('memory() and live GPU buffers (tensors, uniforms, status, staging) stay flat over 10,000 mixed ops with disposal', async () => {
    const rng = seeded(seed);
    const host = { data: randomFloats(rng, 64 * 12), shape: [64, 12] };
    const table = tensor(host.data, host.shape);
    // Warm up the per-device scratch buffers (status, matMul's unused-binding placeholder) so the baseline includes them.
    gather(table, tensor(new Int32Array([1])), { outOfRange: 'zero' }).dispose();
    tidy(() => matMul(oneHot([1], 64), table)).dispose();
    const buffers = trackLiveBuffers();
    const baseline = memory();
    try {
      for (let i = 0; i < 10_000; i++) {
        const ids = randomInts(rng, 1 + (i % 9), 64);
        const kind = i % 5;
        let out;
        if (kind === 0) out = gather(table, ids);
        else if (kind === 1) out = tidy(() => matMul(oneHot(ids, 64), table));
        else if (kind === 2) out = tidy(() => gather(table, tensor(ids)));
        else if (kind === 3) out = tidy(() => gather(table, tensor(ids).reshape([ids.length, 1])));
        else out = tidy(() => gather(table, tensor(new Int32Array([...ids, 99])), { outOfRange: 'zero' }));
        if (i % 50 < 5) {
          const expected = cpu.gather(host, kind === 4 ? new Int32Array([...ids, 99]) : ids, { outOfRange: 'zero' });
          assertAllClose(await out.data(), expected.data, `op ${i}`, { atol: 1e-6 });
        }
        out.dispose();
        if (i % 1000 === 999) {
          expect(memory()).toEqual(baseline);
          // Released buffers wait in the bounded reuse pool, parameters in the bounded uniform cache; emptied, nothing else may be left alive.
          expect(pooledBytes(table.device)).toBeLessThanOrEqual(POOL_BYTES);
          expect(cachedUniforms(table.device)).toBeLessThanOrEqual(MAX_UNIFORMS);
          drainPool(table.device);
          drainUniforms(table.device);
          expect(buffers.live(), `live GPU buffers after ${i + 1} ops`).toBe(0);
        }
      }
    } finally {
      buffers.stop();
      table.dispose();
    }
  });

  it('an op repeated with the same shapes creates no GPU buffer: outputs come from the pool, parameters from the uniform cache', async () => {
    const rng = seeded(seed);
    const host = { data: randomFloats(rng, 50 * 8), shape: [50, 8] };
    const table = tensor(host.data, host.shape);
    const idx = randomInts(rng, 7, 50);
    const ids = tensor(idx, [7]);
    try {
      gather(table, ids, { outOfRange: 'zero' }).dispose();
      debug.poisonOutputs = false;
      let out: ReturnType<typeof gather> | undefined;
      const { calls, error } = countGpuCalls(() => {
        out = gather(table, ids, { outOfRange: 'zero' });
      });
      expect(error).toBeUndefined();
      expect(calls.createBuffer).toBe(0);
      expect(calls.writeBuffer).toBe(0);
      expect(calls.submit).toBe(1);
      assertAllClose(await out!.data(), cpu.gather(host, idx).data, 'repeated gather');
      out!.dispose();
    } finally {
      table.dispose();
      ids.dispose();
    }
  });

  it('a full pool evicts the buffers released longest ago: after a change of shapes the new outputs are reused', async () => {
    const rng = seeded(seed);
    const host = { data: randomFloats(rng, 64 * 1024), shape: [64, 1024] };
    const table = tensor(host.data, host.shape);
    // Outputs of ~48 MiB each: two fit in the 128 MiB pool, a third only by evicting the oldest.
    const counts = [12_288, 12_289, 12_290];
    expect(3 * counts[0] * 1024 * 4).toBeGreaterThan(POOL_BYTES);
    const ids = counts.map((n) => tensor(randomInts(rng, n, 64), [n], 'int32'));
    drainPool(table.device);
    debug.poisonOutputs = false;
    const created = (k: number) => {
      const { calls, error } = countGpuCalls(() => gather(table, ids[k], { outOfRange: 'zero' }).dispose());
      expect(error).toBeUndefined();
      return calls.createBuffer;
    };
    try {
      for (const k of [0, 1, 2]) gather(table, ids[k], { outOfRange: 'zero' }).dispose();
      expect(pooledBytes(table.device)).toBeLessThanOrEqual(POOL_BYTES);
      expect(created(2), 'the latest shape is reused').toBe(0);
      expect(created(1), 'the one before it too').toBe(0);
      expect(created(0), 'the oldest was evicted').toBe(1);
      const out = gather(table, ids[0], { outOfRange: 'zero' });
      assertAllClose((await out.data()).subarray(0, 4096), cpu.gather(host, (await ids[0].data()).subarray(0, 4)).data, 'a gather into a pooled buffer');
      out.dispose();
    } finally {
      drainPool(table.device);
      table.dispose();
      for (const t of ids) t.dispose();
    }
  });

  it('an allocation the device refuses rejects the read with an AllocationError (requested size, limit), caught by error scopes', async () => {
    // Real out-of-memory depends on the adapter's heap, so the refusal is injected: the wrapped createBuffer asks the
    // device for more than maxBufferSize, which the device refuses with an error inside the library's error scopes.
    const proto = (globalThis as unknown as { GPUDevice: { prototype: { createBuffer: (d: GPUBufferDescriptor) => GPUBuffer } } }).GPUDevice.prototype;
    const original = proto.createBuffer;
    // Unpoisoned, the output is not mapped at creation, so the refusal can only surface through the error scopes.
    debug.poisonOutputs = false;
    let refuse = true;
    proto.createBuffer = function (this: GPUDevice, descriptor: GPUBufferDescriptor) {
      if (refuse && descriptor.label?.startsWith('oneHot')) {
        refuse = false;
        return original.call(this, { ...descriptor, size: this.limits.maxBufferSize + 4 });
      }
      return original.call(this, descriptor);
    };
    let huge;
    try {
      huge = oneHot([0, 1], 1000);
    } finally {
      proto.createBuffer = original;
    }
    let error: unknown;
    try {
      await huge.data();
    } catch (e) {
      error = e;
    }
    huge.dispose();
    expect(error).toBeInstanceOf(AllocationError);
    expect((error as AllocationError).requestedBytes).toBe(8000);
    expect((error as AllocationError).limitBytes).toBeGreaterThan(8000);
    expect((error as Error).message).toMatch(/^oneHot float32 \[2, 1000\]: the GPU could not allocate 8000 bytes/);
    // The dispatch that used the bad buffer was caught by its own scope: nothing leaks into other reads.
    const ok = gather([[1, 2], [3, 4]], [1]);
    assertAllClose(await ok.data(), [3, 4], 'a later read');
    ok.dispose();
  });

  it('a table above 1 GiB, split in two at the device limit: embeddingBag and nearestNeighbors, as the reference', async () => {
    const rows = 263_000;
    const dim = 1024;
    // 269 million seeded values in [-1, 1): a multiplicative hash of the index is ~10x faster than drawing each from the generator.
    const salt = Math.floor(seeded(seed)() * 2 ** 32);
    const data = new Float32Array(rows * dim);
    for (let i = 0; i < data.length; i++) data[i] = (Math.imul((i ^ salt) >>> 0, 0x9e3779b1) >>> 0) / 2 ** 31 - 1;
    const host = { data, shape: [rows, dim] };
    debug.poisonOutputs = false;
    const started = Date.now();
    const table = tensor(data, host.shape, 'float32');
    // 1,077,248,000 bytes: more than SwiftShader's 1 GiB per buffer (and than any adapter's 128 MiB - 1 GiB).
    expect(table.shards.length).toBe(2);
    const boundary = table.shards[0].byteLength / (dim * 4);
    const rng = seeded(seed);
    const picked = randomInts(rng, 12, rows);
    picked.set([0, boundary - 1, boundary, rows - 1]);
    try {
      const offsets = [0, 2, 5, 9];
      const bags = embeddingBag(table, picked, { mode: 'mean', offsets });
      assertAllClose(await bags.data(), cpu.embeddingBag(host, picked, { mode: 'mean', offsets }).data, 'embeddingBag', { atol: 1e-6, rtol: 1e-5 });
      bags.dispose();
      // The query is the first row of the second buffer: its nearest row (euclidean) is itself, at distance 0.
      const query = { data: data.slice(boundary * dim, (boundary + 1) * dim), shape: [1, dim] };
      const { indices, scores } = nearestNeighbors(table, tensor(query.data, query.shape), 5, { metric: 'euclidean' });
      const want = cpu.nearestNeighbors(host, query, 5, { metric: 'euclidean' });
      assertAllClose(await indices.data(), want.indices.data, 'nearestNeighbors rows');
      expect(want.indices.data[0]).toBe(boundary);
      assertAllClose(await scores.data(), want.scores.data, 'nearestNeighbors distances', { atol: 1e-4, rtol: 1e-5 });
      indices.dispose();
      scores.dispose();
      console.log(`${rows} x ${dim} float32 table (${((rows * dim * 4) / 2 ** 30).toFixed(3)} GiB) in ${table.shards.length} buffers: each op equals the reference (${Date.now() - started} ms)`);
    } finally {
      table.dispose();
    }
  }, 600_000);

  it('a 300 MB table loads and gathers correctly, whole and split at the 128 MiB spec default', async () => {
    const rng = seeded(seed);
    const rows = 300_000;
    const dim = 256;
    const data = randomFloats(rng, rows * dim);
    const host = { data, shape: [rows, dim] };
    debug.poisonOutputs = false;
    for (const split of [0, 128 * 2 ** 20]) {
      debug.maxBufferBytes = split;
      const table = tensor(data, host.shape);
      const parts = table.shards.length;
      expect(parts).toBe(split ? 3 : 1);
      const idx = randomInts(rng, 4096, rows);
      idx.set([0, rows - 1, 131_071, 131_072, 262_143, 262_144]);
      const out = gather(table, idx);
      assertAllClose(await out.data(), cpu.gather(host, idx).data, `300 MB table in ${parts} buffer(s)`);
      const gpuIdx = tensor(idx);
      const out2 = gather(table, gpuIdx);
      assertAllClose(await out2.data(), cpu.gather(host, idx).data, `300 MB table, GPU indices, ${parts} buffer(s)`);
      for (const t of [out, out2, gpuIdx, table]) t.dispose();
      console.log(`300 MB table (${rows} x ${dim} float32) gathered correctly from ${parts} buffer(s)`);
    }
  }, 600_000);
});
