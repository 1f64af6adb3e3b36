/**
 * Reliability of layers and models, shared by both tiers: bad input to
 * predict and setWeights fails before any GPU work and leaves the weights
 * intact, the Embedding's out-of-range policy, weights split across
 * buffers, overlapping predicts interleaved with setWeights, and device
 * loss (weights gone until restored, or restored from a host copy). The
 * device-loss case runs last.
 */
import {
  DeviceLostError,
  DisposedError,
  Embedding,
  Flatten,
  IndexOutOfRangeError,
  Input,
  Model,
  cpu,
  debug,
  gather,
  getDevice,
  memory,
  tensor,
  type Tensor,
} from '../../src/index.js';
import { assert, assertAllClose, assertShape } from '../support/close.js';
import { expectRejects, expectThrows } from '../support/expect-error.js';
import { countGpuCalls } from '../support/gpu-calls.js';
import { randomFloats, randomInts } from '../support/random.js';
import type { Case } from './case.js';

function embeddingModel(inputDim: number, outputDim: number, extra: Record<string, unknown> = {}, name = 'emb') {
  const layer = new Embedding({ inputDim, outputDim, inputLength: 1, name, ...extra });
  const x = Input({ shape: [1], name: 'input' });
  const model = new Model({ inputs: x, outputs: new Flatten().apply(layer.apply(x)) });
  return { layer, model };
}

async function readAndDispose(t: Tensor | Tensor[]): Promise<ArrayLike<number>> {
  const one = Array.isArray(t) ? t[0] : t;
  try {
    return await one.data();
  } finally {
    one.dispose();
  }
}

async function weightsOf(model: Model): Promise<Float32Array> {
  const [w] = model.getWeights();
  return (await readAndDispose(w)) as Float32Array;
}

export const cases: Case[] = [
  {
    name: 'predict: malformed indices throw a RangeError/TypeError naming the layer, position, value and range, before any GPU work',
    run: async () => {
      const { layer, model } = embeddingModel(10, 4, {}, 'words');
      const bad: [unknown, typeof RangeError | typeof TypeError, string[]][] = [
        [[[0], [10]], RangeError, ["Embedding 'words'", 'received 10 at [1, 0]', '[0, 10)']],
        [[[-1]], RangeError, ['received -1 at [0, 0]']],
        [[[-11]], RangeError, ['received -11']],
        [[[2 ** 31]], RangeError, ['received 2147483648']],
        [[[1.5]], TypeError, ['received 1.5 at [0, 0]']],
        [[[NaN]], TypeError, ['received NaN']],
        [[[Infinity]], TypeError, ['received Infinity']],
        [[[1], [2, 3]], TypeError, ['ragged']],
        [[['1']], TypeError, ['"1"']],
        [null, TypeError, ['null']],
        [new BigInt64Array([3n, 12n]), RangeError, ['received 12n at [1, 0]']],
        // Rank 3 for a rank-2 input, as two samples: one sample ([[[1]]]) would be read as the list [x] of one input.
        [[[[1]], [[2]]], RangeError, ["input 'input'", '(None, 1)']],
      ];
      for (const [value, type, parts] of bad) {
        const before = memory();
        const { calls, error } = countGpuCalls(() => model.predict(value as number[][]));
        expectThrows(() => {
          if (error) throw error;
        }, type, parts, `predict ${String(value)}`);
        assert(calls.createBuffer + calls.writeBuffer + calls.submit === 0, `predict ${String(value)}: GPU work before the error ${JSON.stringify(calls)}`);
        assert(memory().numTensors === before.numTensors, 'no tensor left');
      }
      // int64 from NumPy is fine when every value fits.
      const [table] = model.getWeights();
      const host = { data: (await readAndDispose(table)) as Float32Array, shape: [10, 4] };
      assertAllClose(await readAndDispose(model.predict(new BigInt64Array([9n, 0n, 3n])) as Tensor), cpu.gather(host, [9, 0, 3]).data, 'predict int64');
      model.dispose();
      layer.dispose();
    },
  },
  {
    name: 'setWeights with the wrong shape, length, dtype or values throws and leaves the old weights intact',
    run: async (rng) => {
      const { layer, model } = embeddingModel(6, 3);
      const good = randomFloats(rng, 18);
      model.setWeights([tensor(good, [6, 3])]);
      const bad: [unknown, typeof RangeError | typeof TypeError, string[]][] = [
        [[new Float32Array(17)], RangeError, ['setWeights', '[6, 3]']],
        [[[[1, 2, 3]]], RangeError, ['setWeights', 'expected shape [6, 3]', 'received shape [1, 3]']],
        [[tensor(new Int32Array(18), [6, 3])], TypeError, ['setWeights', 'float32']],
        [[tensor(new Float32Array(18), [3, 6])], RangeError, ['setWeights', 'received shape [3, 6]']],
        [[], RangeError, ['setWeights', 'list of 1']],
        [[good, good], RangeError, ['setWeights', 'list of 1']],
        [[Array.from({ length: 6 }, () => [1, NaN, 2])], RangeError, ['setWeights', 'finite', 'NaN']],
        [[Array.from({ length: 6 }, () => [1, 'a', 2])], TypeError, ['setWeights', '"a"']],
      ];
      for (const [values, type, parts] of bad) {
        expectThrows(() => model.setWeights(values as Float32Array[]), type, parts, `setWeights ${String(values)}`);
        assertAllClose(await weightsOf(model), good, `weights intact after ${String(values)}`);
      }
      // Disposal is idempotent, and a disposed model or layer refuses work.
      model.dispose();
      model.dispose();
      expectThrows(() => model.predict([[0]]), DisposedError, ['dispose'], 'predict after dispose');
      expectThrows(() => model.setWeights([good]), DisposedError, ['dispose'], 'setWeights after dispose');
      layer.dispose();
      layer.dispose();
      expectThrows(() => layer.apply([[0]]), DisposedError, ['dispose'], 'apply after dispose');
    },
  },
  {
    name: "Embedding with GPU-resident out-of-range indices: predict's read rejects, or gives zero rows under outOfRange 'zero'",
    run: async (rng) => {
      for (const lookup of ['gather', 'onehot'] as const) {
        const table = randomFloats(rng, 8 * 4);
        const host = { data: table, shape: [8, 4] };
        const strict = embeddingModel(8, 4, { weights: [tensor(table, [8, 4])], lookup });
        const lenient = embeddingModel(8, 4, { weights: [tensor(table, [8, 4])], lookup, outOfRange: 'zero' });
        const ids = new Int32Array([3, 8, 0, -2]);
        const gpuIds = tensor(ids, [4, 1]);
        const out = strict.model.predict(gpuIds) as Tensor;
        const error = (await expectRejects(out.data(), IndexOutOfRangeError, ["Embedding 'emb'", '[0, 8)', 'received 8 at [1'], `strict ${lookup}`)) as IndexOutOfRangeError;
        assert(error.count === 2 && error.op === "Embedding 'emb'", `count ${error.count}, op ${error.op}`);
        out.dispose();
        // Cut into batches and stitched back together, the result still carries each batch's report.
        const batched = strict.model.predict(gpuIds, { batchSize: 3 }) as Tensor;
        await expectRejects(batched.data(), IndexOutOfRangeError, ['[0, 8)'], `strict ${lookup} in batches`);
        batched.dispose();
        assertAllClose(await readAndDispose(lenient.model.predict(gpuIds) as Tensor), cpu.gather(host, ids, { outOfRange: 'zero' }).data, `zero ${lookup}`, { atol: 1e-7 });
        // Under 'zero' host indices out of range are accepted too (still integers only).
        assertAllClose(await readAndDispose(lenient.model.predict([[9], [1]]) as Tensor), cpu.gather(host, [9, 1], { outOfRange: 'zero' }).data, `zero host ${lookup}`, { atol: 1e-7 });
        expectThrows(() => lenient.model.predict([[1.5]]), TypeError, ['1.5'], 'still integers');
        gpuIds.dispose();
        for (const m of [strict, lenient]) {
          m.model.dispose();
          m.layer.dispose();
        }
      }
    },
  },
  {
    name: 'setWeights from a tensor computed with out-of-range GPU indices: predictions reject until clean weights are set',
    run: async (rng) => {
      const { layer, model } = embeddingModel(4, 2);
      const source = tensor(randomFloats(rng, 5 * 2), [5, 2]);
      const badIds = tensor(new Int32Array([0, 1, 9, 2]));
      const tainted = gather(source, badIds);
      model.setWeights([tainted]);
      tainted.dispose();
      const out = model.predict([[1]]) as Tensor;
      await expectRejects(out.data(), IndexOutOfRangeError, ['gather', 'received 9 at [2]'], 'predict with tainted weights');
      out.dispose();
      const clean = randomFloats(rng, 4 * 2);
      model.setWeights([clean]);
      assertAllClose(await readAndDispose(model.predict([[3]]) as Tensor), clean.subarray(6, 8), 'clean again');
      for (const t of [source, badIds]) t.dispose();
      model.dispose();
      layer.dispose();
    },
  },
  {
    name: 'an Embedding whose weights are larger than one buffer is split by rows: predict (gather and one-hot lookups), getWeights and setWeights work (lowered limit)',
    run: async (rng) => {
      const saved = debug.maxBufferBytes;
      debug.maxBufferBytes = 10 * 5 * 4;
      try {
        const rows = 47;
        const table = randomFloats(rng, rows * 5);
        const host = { data: table, shape: [rows, 5] };
        const { layer, model } = embeddingModel(rows, 5, { weights: [table] });
        assert(layer.embeddings!.value().shards.length === 5, `split into ${layer.embeddings!.value().shards.length} buffers`);
        const ids = randomInts(rng, 9, rows);
        ids.set([0, rows - 1, 10, 9]);
        assertAllClose(await readAndDispose(model.predict(ids) as Tensor), cpu.gather(host, ids).data, 'predict split');
        assertAllClose(await weightsOf(model), table, 'getWeights split');
        const next = randomFloats(rng, rows * 5);
        model.setWeights([next]);
        assertAllClose(await readAndDispose(model.predict(ids) as Tensor), cpu.gather({ data: next, shape: [rows, 5] }, ids).data, 'after host setWeights');
        debug.maxBufferBytes = 0;
        const whole = tensor(table, [rows, 5]);
        debug.maxBufferBytes = 10 * 5 * 4;
        model.setWeights([whole]);
        whole.dispose();
        assertAllClose(await weightsOf(model), table, 'after setWeights from a tensor in one buffer');
        // The one-hot product reads the split table too; one sample per batch keeps the one-hot [1, 47] within the lowered limit.
        const onehot = embeddingModel(rows, 5, { weights: [table], lookup: 'onehot' }, 'hot');
        assertAllClose(await readAndDispose(onehot.model.predict(ids, { batchSize: 1 }) as Tensor), cpu.gather(host, ids).data, 'onehot on a split table', { atol: 1e-6 });
        for (const m of [{ layer, model }, onehot]) {
          m.model.dispose();
          m.layer.dispose();
        }
      } finally {
        debug.maxBufferBytes = saved;
      }
    },
  },
  {
    name: '200 overlapping predict calls and reads interleaved with setWeights each equal the CPU reference for the weights they were issued against',
    run: async (rng) => {
      const rows = 30;
      const dim = 6;
      const { layer, model } = embeddingModel(rows, dim);
      const versions: Float32Array[] = [];
      const pending: Promise<void>[] = [];
      for (let i = 0; i < 200; i++) {
        if (i % 10 === 0) {
          const values = randomFloats(rng, rows * dim);
          versions.push(values);
          if (i % 20 === 0) model.setWeights([values]);
          else {
            const t = tensor(values, [rows, dim]);
            model.setWeights([t]);
            t.dispose();
          }
        }
        const weights = versions[versions.length - 1];
        const ids = randomInts(rng, 1 + (i % 5), rows);
        const out = model.predict(ids) as Tensor;
        pending.push(
          readAndDispose(out).then((data) => assertAllClose(data, cpu.gather({ data: weights, shape: [rows, dim] }, ids).data, `predict ${i} (weights v${versions.length - 1})`)),
        );
      }
      await Promise.all(pending);
      model.dispose();
      layer.dispose();
    },
  },
  {
    name: 'device loss: a model says its weights are gone until setWeights restores them; keepHostCopy restores them itself',
    run: async (rng) => {
      const table = randomFloats(rng, 12 * 3);
      const host = { data: table, shape: [12, 3] };
      const plain = embeddingModel(12, 3, { weights: [table] }, 'plain');
      const kept = embeddingModel(12, 3, { weights: [table], keepHostCopy: true }, 'kept');
      const ids = [[4], [11], [0]];
      const expected = cpu.gather(host, ids).data;
      assertAllClose(await readAndDispose(plain.model.predict(ids) as Tensor), expected, 'before loss');
      const device = await getDevice();
      const pending = (kept.model.predict(ids) as Tensor);
      device.destroy();
      await expectRejects(pending.data(), DeviceLostError, ['lost'], 'pending predict read');
      pending.dispose();
      expectThrows(() => plain.model.predict(ids), DeviceLostError, ['getDevice()'], 'predict before a new device');
      await getDevice();
      expectThrows(() => plain.model.predict(ids), DeviceLostError, ["Weight 'plain/embeddings'", 'setWeights'], 'predict after loss');
      expectThrows(() => plain.model.getWeights(), DeviceLostError, ['setWeights'], 'getWeights after loss');
      plain.model.setWeights([table]);
      assertAllClose(await readAndDispose(plain.model.predict(ids) as Tensor), expected, 'restored by setWeights');
      assertAllClose(await readAndDispose(kept.model.predict(ids) as Tensor), expected, 'restored from the host copy');
      const again = kept.model.predict([[1]]) as Tensor;
      assertShape(again.shape, [1, 3], 'kept keeps predicting');
      again.dispose();
      // A host copy follows setWeights from a GPU tensor once its refresh read is done; a second loss then restores those values.
      const next = randomFloats(rng, 12 * 3);
      const nextTensor = tensor(next, [12, 3]);
      kept.model.setWeights([nextTensor]);
      nextTensor.dispose();
      const nextExpected = cpu.gather({ data: next, shape: [12, 3] }, ids).data;
      assertAllClose(await readAndDispose(kept.model.predict(ids) as Tensor), nextExpected, 'after setWeights from a tensor');
      (await getDevice()).destroy();
      await getDevice();
      assertAllClose(await readAndDispose(kept.model.predict(ids) as Tensor), nextExpected, 'restored from the refreshed host copy');
      // Lost again before a refresh could finish: nothing trustworthy to restore, so it says so instead of using stale values.
      const third = tensor(randomFloats(rng, 12 * 3), [12, 3]);
      kept.model.setWeights([third]);
      third.dispose();
      (await getDevice()).destroy();
      await getDevice();
      expectThrows(() => kept.model.predict(ids), DeviceLostError, ["Weight 'kept/embeddings'", 'setWeights'], 'no stale host copy');
      for (const m of [plain, kept]) {
        m.model.dispose();
        m.layer.dispose();
      }
    },
  },
];
