/**
 * Where the time of a tiny `predict` goes (`npm run bench -- --round-trip`,
 * add `--node` for Dawn): the steps of one round trip - checking the host
 * indices, uploading them, the GPU work, the readback - timed one by one on
 * the host clock, next to the primitives they are made of (an error scope,
 * an empty submission, a 16-byte readback) and to TensorFlow.js's predict
 * on the same device. All steps are sampled in rounds, so load changes hit
 * them alike; absolute times on a shared machine are noise, compare within
 * one run (bench/NOTES.md records the runs).
 */
import { Embedding, Input, Model, tensor, gather, type Tensor } from '../src/index.js';
import { readRanges } from '../src/gpu/buffers.js';
import { dispatchAll } from '../src/gpu/dispatch.js';
import { placeholderBuffer } from '../src/gpu/placeholder.js';
import { gatherSteps } from '../src/ops/gather.js';
import { outputTensor } from '../src/tensor/create.js';
import { seeded } from '../test/support/random.js';
import { sampleInRounds } from './suite/timer.js';
import { tfjsPredictModel } from './suite/tfjs.js';

/** One step's median time per call, in milliseconds. */
export interface StepTime {
  step: string;
  ms: number;
}

/** The table of the standard case and the 2 indices of `predict-small`. */
const V = 10_000;
const D = 256;

/**
 * Times each step of a 2-index predict round trip on `device`, `rounds`
 * samples each, and returns the medians in the order listed.
 *
 * @example
 * ```ts
 * for (const { step, ms } of await roundTripSteps(await getDevice())) console.log(step, ms);
 * ```
 */
export async function roundTripSteps(device: GPUDevice, budgetMs = 600): Promise<StepTime[]> {
  const rng = seeded(7);
  const host = Float32Array.from({ length: V * D }, () => rng() * 2 - 1);
  const ids = new Int32Array([Math.floor(rng() * V), Math.floor(rng() * V)]);
  const table = tensor(host, [V, D]);
  const made: { dispose(): void }[] = [table];
  const model = (keepHostCopy: boolean) => {
    const input = Input({ shape: [1] });
    const layer = new Embedding({ inputDim: V, outputDim: D, inputLength: 1, keepHostCopy });
    const built = new Model({ inputs: input, outputs: layer.apply(input) });
    layer.setWeights([host]);
    made.push(built);
    return { built, layer };
  };
  const gpu = model(false);
  const kept = model(true);
  const gpuIds = tensor(ids, [2], 'int32');
  const out = outputTensor(device, 'round-trip', [2, D], 'float32');
  const kernel = gatherSteps(table, gpuIds, out, placeholderBuffer(device));
  const staging = { buffer: out.buffer, offset: 0, byteLength: 16 };
  const tfjs = await tfjsPredictModel(device, host, V, D);
  made.push(gpuIds, out, tfjs);
  // Settle what the setups queued (uploads, the host copy's readback) before timing.
  await device.queue.onSubmittedWorkDone();

  const readPredict = (built: Model) => async () => {
    const y = built.predict(ids) as Tensor;
    await y.data();
    y.dispose();
  };
  const steps: [string, () => unknown][] = [
    ['check 2 host indices (Embedding.checkIndices)', () => gpu.layer.checkIndices(ids, [2, 1])],
    ['upload 2 indices (tensor + dispose)', () => tensor(ids, [2, 1], 'int32').dispose()],
    ['error scope: push + pop, awaited', async () => {
      device.pushErrorScope('validation');
      await device.popErrorScope();
    }],
    ['empty submit + onSubmittedWorkDone', async () => {
      device.queue.submit([device.createCommandEncoder().finish()]);
      await device.queue.onSubmittedWorkDone();
    }],
    ['readback of 16 bytes (readRanges: copy + mapAsync)', () => readRanges(device, [staging])],
    ['gather kernel, 2 rows (dispatchAll) + onSubmittedWorkDone', async () => {
      await dispatchAll(device, kernel);
      await device.queue.onSubmittedWorkDone();
    }],
    ['gather kernel, 2 rows + readback of the rows', async () => {
      void dispatchAll(device, kernel);
      await readRanges(device, [{ buffer: out.buffer, offset: 0, byteLength: 2 * D * 4 }]);
    }],
    ['gather(table, 2 host indices), not read', () => gather(table, ids).dispose()],
    ['gather(table, 2 GPU indices) + data()', async () => {
      const y = gather(table, gpuIds);
      await y.data();
      y.dispose();
    }],
    ['gather(table, 2 host indices) + data()', async () => {
      const y = gather(table, ids);
      await y.data();
      y.dispose();
    }],
    ['predict(2), not read (the synchronous part)', () => (gpu.built.predict(ids) as Tensor).dispose()],
    ['predict(2) + data()', readPredict(gpu.built)],
    ['predict(2) + data(), keepHostCopy', readPredict(kept.built)],
    ['TF.js predict(2) + data()', () => tfjs.predict(ids)],
  ];
  try {
    const medians = await sampleInRounds(
      steps.map(([, run]) => async (reps: number) => {
        const start = performance.now();
        for (let i = 0; i < reps; i++) await run();
        return performance.now() - start;
      }),
      { ms: budgetMs, minSamples: 5, maxSamples: 25 },
    );
    return steps.map(([step], i) => ({ step, ms: medians[i] }));
  } finally {
    for (const thing of made) thing.dispose();
  }
}

/**
 * The steps as a markdown table.
 *
 * @example
 * ```ts
 * console.log(stepTable(await roundTripSteps(device)));
 * ```
 */
export function stepTable(times: readonly StepTime[]): string {
  const rows = times.map(({ step, ms }) => `| ${step} | ${ms < 0.01 ? ms.toFixed(4) : ms.toPrecision(3)} |`);
  return ['| step | ms (median) |', '| --- | --- |', ...rows].join('\n');
}
