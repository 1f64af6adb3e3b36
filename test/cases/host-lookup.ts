/**
 * The small-input path of an Embedding built with `keepHostCopy: true`, in
 * both tiers: a predict of a few host indices is answered from the host copy
 * of the table without a GPU read, bit-identical to the GPU path; the copy
 * never answers with stale rows (after setWeights from host values or from a
 * tensor, during and after fit, after loadWeights and loadModel);
 * out-of-range indices raise the GPU path's errors; memory() stays flat.
 */
import {
  Embedding,
  Flatten,
  IndexOutOfRangeError,
  Input,
  Model,
  cpu,
  loadModel,
  memory,
  tensor,
  type ModelArtifacts,
  type Tensor,
} from '../../src/index.js';
import { assert, assertShape } from '../support/close.js';
import { expectRejects, expectThrows } from '../support/expect-error.js';
import { startCountingGpuCalls } from '../support/gpu-calls.js';
import { randomFloats, randomInts, type Random } from '../support/random.js';
import type { Case } from './case.js';

type Extra = { keepHostCopy?: boolean; outOfRange?: 'throw' | 'zero' };

/** Input [1] -> Embedding -> Flatten, so the output is a view of the lookup's result (as most models read it). */
function embeddingModel(V: number, D: number, extra: Extra, name = 'emb'): { layer: Embedding; model: Model } {
  const layer = new Embedding({ inputDim: V, outputDim: D, inputLength: 1, name, ...extra });
  const x = Input({ shape: [1], name: 'ids' });
  return { layer, model: new Model({ inputs: x, outputs: new Flatten().apply(layer.apply(x)) }) };
}

/** The same table in a layer with a host copy and in one without, under the same options otherwise. */
function keptAndPlain(table: Float32Array, V: number, D: number, extra: Extra = {}, name = 'emb'): { kept: Model; plain: Model; dispose: () => void } {
  const kept = embeddingModel(V, D, { ...extra, keepHostCopy: true }, name);
  const plain = embeddingModel(V, D, extra, name);
  kept.layer.setWeights([table]);
  plain.layer.setWeights([table]);
  return { kept: kept.model, plain: plain.model, dispose: () => [kept.model, plain.model].forEach((m) => m.dispose()) };
}

/** Random table values with negative zeros and subnormals mixed in, which a lossy path would change. */
function tableValues(rng: Random, V: number, D: number): Float32Array {
  const values = randomFloats(rng, V * D);
  for (let i = 0; i < values.length; i += 5) values[i] = i % 2 ? -0 : 1e-40 * (rng() - 0.5);
  return values;
}

/** Predicts `ids`, reads the result and says how many buffer maps (GPU reads) that took. */
async function predictRead(model: Model, ids: Int32Array | Tensor): Promise<{ values: Float32Array; shape: readonly number[]; maps: number }> {
  const counting = startCountingGpuCalls();
  try {
    const y = model.predict(ids) as Tensor;
    try {
      return { values: (await y.data()) as Float32Array, shape: y.shape, maps: counting.calls.mapAsync };
    } finally {
      y.dispose();
    }
  } finally {
    counting.stop();
  }
}

function assertSameBits(actual: Float32Array, expected: Float32Array, label: string): void {
  assert(actual.length === expected.length, `${label}: ${actual.length} values, expected ${expected.length}`);
  const a = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const e = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== e[i]) throw new Error(`${label}: value ${i} has bits ${a[i].toString(16)} (${actual[i]}), expected ${e[i].toString(16)} (${expected[i]})`);
  }
}

/** The rows `ids` of `table` on the CPU reference (zero rows out of range). */
function rowsOf(table: Float32Array, V: number, D: number, ids: Int32Array): Float32Array {
  return cpu.gather({ data: table, shape: [V, D] }, ids, { outOfRange: 'zero' }).data as Float32Array;
}

/** Predicts until the kept model answers without a GPU read (its host copy caught up), at most `tries` times. */
async function untilHostAnswers(model: Model, ids: Int32Array, tries = 50): Promise<Float32Array> {
  for (let i = 0; i < tries; i++) {
    const { values, maps } = await predictRead(model, ids);
    if (maps === 0) return values;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`the host copy never became current: ${tries} predicts all read the GPU`);
}

async function weightsOf(model: Model): Promise<Float32Array> {
  const [w] = model.getWeights();
  try {
    return (await w.data()) as Float32Array;
  } finally {
    w.dispose();
  }
}

export const cases: Case[] = [
  {
    name: 'keepHostCopy: a predict of 1, 2, 16 and 256 host indices is read without a GPU round trip, bit-identical to the GPU path; a larger one reads the GPU',
    run: async (rng) => {
      for (const [V, D] of [[300, 7], [1000, 256]]) {
        const table = tableValues(rng, V, D);
        const { kept, plain, dispose } = keptAndPlain(table, V, D);
        for (const n of [1, 2, 16, 256, 300]) {
          const ids = randomInts(rng, n, V);
          const host = await predictRead(kept, ids);
          const gpu = await predictRead(plain, ids);
          const label = `V=${V} D=${D} n=${n}`;
          assertShape(host.shape, [n, D], label);
          assertSameBits(host.values, gpu.values, `${label}: host path vs GPU path`);
          assertSameBits(host.values, rowsOf(table, V, D, ids), `${label}: vs the CPU reference`);
          assert(gpu.maps > 0, `${label}: the GPU path read nothing back`);
          // At most 65,536 values (256 KiB) are answered on the host.
          const onHost = n * D <= 65_536;
          assert((host.maps === 0) === onHost, `${label}: ${host.maps} GPU reads, expected ${onHost ? 'none' : 'some'}`);
        }
        dispose();
      }
    },
  },
  {
    name: "keepHostCopy with outOfRange 'zero': out-of-range host indices give zero rows on the host path, bit-identical to the GPU path",
    run: async (rng) => {
      const [V, D] = [50, 9];
      const table = tableValues(rng, V, D);
      const { kept, plain, dispose } = keptAndPlain(table, V, D, { outOfRange: 'zero' });
      const ids = new Int32Array([3, V, -1, 0, V + 7, V - 1]);
      const host = await predictRead(kept, ids);
      const gpu = await predictRead(plain, ids);
      assert(host.maps === 0, `host path: ${host.maps} GPU reads`);
      assertSameBits(host.values, gpu.values, 'host path vs GPU path');
      assertSameBits(host.values, rowsOf(table, V, D, ids), 'vs the CPU reference');
      dispose();
    },
  },
  {
    name: 'keepHostCopy: out-of-range indices raise exactly the GPU path\'s errors (host indices before any GPU work, GPU-resident indices on read)',
    run: async (rng) => {
      const [V, D] = [20, 4];
      const table = tableValues(rng, V, D);
      const { kept, plain, dispose } = keptAndPlain(table, V, D, {}, 'words');
      const parts = ["Embedding 'words'", 'received 20 at [1, 0]', '[0, 20)'];
      const a = expectThrows(() => kept.predict(new Int32Array([1, V])), RangeError, parts, 'host indices, kept');
      const b = expectThrows(() => plain.predict(new Int32Array([1, V])), RangeError, parts, 'host indices, plain');
      assert(a.message === b.message, `different messages:\n${a.message}\n${b.message}`);
      const ids = tensor([[2], [V + 3]], undefined, 'int32');
      const messages: string[] = [];
      for (const model of [kept, plain]) {
        const y = model.predict(ids) as Tensor;
        const error = await expectRejects(y.data(), IndexOutOfRangeError, ["Embedding 'words'", `received ${V + 3} at [1, 0]`], 'GPU indices');
        messages.push(error.message);
        y.dispose();
      }
      assert(messages[0] === messages[1], `different messages:\n${messages.join('\n')}`);
      ids.dispose();
      dispose();
    },
  },
  {
    name: 'keepHostCopy: after setWeights (host values, then a GPU tensor) a predict returns the new rows, never the old ones',
    run: async (rng) => {
      const [V, D] = [40, 6];
      const { layer, model } = embeddingModel(V, D, { keepHostCopy: true });
      const ids = randomInts(rng, 8, V);
      const first = tableValues(rng, V, D);
      layer.setWeights([first]);
      assertSameBits((await untilHostAnswers(model, ids)), rowsOf(first, V, D, ids), 'first weights');
      const second = tableValues(rng, V, D);
      layer.setWeights([second]);
      const afterHost = await predictRead(model, ids);
      assert(afterHost.maps === 0, 'setWeights from host values: the copy is current at once');
      assertSameBits(afterHost.values, rowsOf(second, V, D, ids), 'after setWeights(host values)');
      const third = tableValues(rng, V, D);
      const t = tensor(third, [V, D]);
      layer.setWeights([t]);
      t.dispose();
      // At once (the copy is still being fetched: the GPU answers), and once the copy has caught up.
      assertSameBits((await predictRead(model, ids)).values, rowsOf(third, V, D, ids), 'right after setWeights(tensor)');
      assertSameBits(await untilHostAnswers(model, ids), rowsOf(third, V, D, ids), 'after setWeights(tensor), from the host copy');
      model.dispose();
    },
  },
  {
    name: 'keepHostCopy: fit changes the table on the GPU; predicts between batches and after fit return the trained rows, not the host copy of before',
    run: async (rng) => {
      const [V, D] = [30, 5];
      const { layer, model } = embeddingModel(V, D, { keepHostCopy: true });
      const initial = tableValues(rng, V, D);
      layer.setWeights([initial]);
      const ids = randomInts(rng, 12, V);
      const probe = ids.slice(0, 3);
      assertSameBits(await untilHostAnswers(model, probe), rowsOf(initial, V, D, probe), 'before fit');
      const target = tensor(randomFloats(rng, 12 * D), [12, D]);
      model.compile({ optimizer: 'sgd', loss: 'mse' });
      const checked: string[] = [];
      await model.fit(ids, target, {
        epochs: 2,
        batchSize: 4,
        shuffle: false,
        verbose: 0,
        callbacks: {
          onBatchEnd: async (batch) => {
            const { values } = await predictRead(model, probe);
            const now = await weightsOf(model);
            assertSameBits(values, rowsOf(now, V, D, probe), `predict after batch ${batch}`);
            checked.push(`batch ${batch}`);
          },
        },
      });
      target.dispose();
      assert(checked.length === 6, `onBatchEnd ran ${checked.length} times, expected 6`);
      const trained = await weightsOf(model);
      assert(rowsOf(trained, V, D, probe).some((v, i) => v !== rowsOf(initial, V, D, probe)[i]), 'fit did not change the probed rows');
      assertSameBits((await predictRead(model, probe)).values, rowsOf(trained, V, D, probe), 'right after fit');
      assertSameBits(await untilHostAnswers(model, probe), rowsOf(trained, V, D, probe), 'after fit, from the host copy');
      model.dispose();
    },
  },
  {
    name: 'keepHostCopy: after loadWeights and loadModel a predict returns the loaded rows',
    run: async (rng) => {
      const [V, D] = [25, 3];
      const saved = embeddingModel(V, D, { keepHostCopy: true });
      const values = tableValues(rng, V, D);
      saved.layer.setWeights([values]);
      let artifacts: ModelArtifacts | undefined;
      await saved.model.save({
        async save(a) {
          artifacts = a;
          return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
        },
      });
      const ids = randomInts(rng, 5, V);
      const other = embeddingModel(V, D, { keepHostCopy: true });
      other.layer.setWeights([tableValues(rng, V, D)]);
      await untilHostAnswers(other.model, ids);
      await other.model.loadWeights({ load: async () => artifacts! });
      assertSameBits((await predictRead(other.model, ids)).values, rowsOf(values, V, D, ids), 'after loadWeights');
      assertSameBits(await untilHostAnswers(other.model, ids), rowsOf(values, V, D, ids), 'after loadWeights, from the host copy');
      const loaded = await loadModel({ load: async () => artifacts! });
      assertSameBits(await untilHostAnswers(loaded, ids), rowsOf(values, V, D, ids), 'loadModel');
      for (const m of [saved.model, other.model, loaded]) m.dispose();
    },
  },
  {
    name: 'keepHostCopy: repeated small predicts leave memory() unchanged',
    run: async (rng) => {
      const [V, D] = [64, 8];
      const { layer, model } = embeddingModel(V, D, { keepHostCopy: true });
      layer.setWeights([tableValues(rng, V, D)]);
      const ids = randomInts(rng, 2, V);
      await predictRead(model, ids);
      const before = memory();
      for (let i = 0; i < 30; i++) {
        const { maps } = await predictRead(model, ids);
        assert(maps === 0, `predict ${i}: ${maps} GPU reads`);
      }
      const after = memory();
      assert(after.numTensors === before.numTensors && after.numBytes === before.numBytes, `memory grew: ${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
      model.dispose();
    },
  },
];
