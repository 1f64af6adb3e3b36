/**
 * fit's timing and its rarer batch logs: `history.epochTimes` (milliseconds
 * per epoch, bracketed by the epoch's callbacks, at least the time its
 * callbacks slept; `model.history` live in callbacks), and `onBatchEndEvery` (onBatchEnd after every N-th
 * batch and each epoch's last, with the values an every-batch hook sees for
 * those batches, and one GPU read per call instead of per batch). Shared by
 * the Node tier and the browser tier.
 */
import { memory, SGD, type Callbacks, type Model } from '../../src/index.js';
import { assert, assertAllClose } from '../support/close.js';
import { seeded } from '../support/random.js';
import type { Case } from './case.js';
import { tableData, tableModel } from './fit.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `fn` counting GPUBuffer.mapAsync calls (each a read back from the GPU, a wait for it). */
async function countingReads<T>(fn: () => Promise<T>): Promise<{ result: T; reads: number }> {
  const proto = (globalThis as unknown as { GPUBuffer: { prototype: { mapAsync: (...args: unknown[]) => Promise<void> } } }).GPUBuffer.prototype;
  const original = proto.mapAsync;
  let reads = 0;
  proto.mapAsync = function (this: unknown, ...args: unknown[]) {
    reads++;
    return original.apply(this, args);
  };
  try {
    return { result: await fn(), reads };
  } finally {
    proto.mapAsync = original;
  }
}

/** The same model, data and fit options for the same `seed`: a table model, 38 samples, 10 batches of 4 per epoch. */
function setup(seed: number) {
  const rng = seeded(seed);
  const { model } = tableModel(rng, 12, 3);
  model.compile({ optimizer: new SGD({ learningRate: 0.5 }), loss: 'mse', metrics: ['mae'] });
  return { model, ...tableData(rng, 38, 12, 3), args: { epochs: 2, batchSize: 4, shuffle: true, seed, verbose: 0 as const } };
}

function dispose(model: Model): void {
  const layers = model.layers;
  model.dispose();
  for (const layer of layers) layer.dispose();
}

export const cases: Case[] = [
  {
    name: "history.epochTimes: one duration per epoch, within its callbacks' bracket and at least what its batches' callbacks slept; history keys as TF.js's; model.history live in callbacks",
    run: async (rng) => {
      const { model, ids, y } = setup(Math.floor(rng() * 1e6));
      const bracket: number[] = [];
      let begun = 0;
      try {
        const history = await model.fit(ids, y, {
          epochs: 3,
          batchSize: 16,
          verbose: 0,
          validationSplit: 0.2,
          callbacks: {
            onEpochBegin: () => void (begun = performance.now()),
            onBatchBegin: () => sleep(20),
            onEpochEnd: (epoch) => {
              bracket.push(performance.now() - begun);
              assert(model.history?.epochTimes.length === epoch + 1, `model.history in onEpochEnd ${epoch}: ${model.history?.epochTimes}`);
            },
          },
        });
        assert(model.history === history, 'model.history is the History fit returned');
        assert(history.epochTimes.length === 3 && history.epoch.length === 3, `epochTimes ${history.epochTimes}`);
        // 31 training samples: 2 batches of 16 each epoch, each preceded by a 20 ms sleep.
        history.epochTimes.forEach((ms, e) => assert(ms >= 40 && ms <= bracket[e], `epoch ${e}: ${ms} ms, bracket ${bracket[e]} ms`));
        assert(Object.keys(history.history).join() === 'loss,mae,val_loss,val_mae', `history keys ${Object.keys(history.history)}`);
        let batches = 0;
        const stopped = await model.fit(ids, y, { epochs: 4, batchSize: 4, verbose: 0, callbacks: { onBatchEnd: () => void (++batches === 12 && (model.stopTraining = true)) } });
        assert(stopped.epochTimes.length === 2 && stopped.epoch.length === 2, `stopped fit: ${stopped.epochTimes.length} times for ${stopped.epoch.length} epochs`);
      } finally {
        dispose(model);
      }
    },
  },
  {
    name: 'onBatchEndEvery: onBatchEnd after every N-th batch and the last, with the logs an every-batch hook sees; one GPU read per call',
    run: async (rng) => {
      const seed = Math.floor(rng() * 1e6);
      const runs: { calls: [number, number, number][]; reads: number }[] = [];
      const every: [number, number, number][] = [];
      for (const hooks of ['none', 'every 4', 'both'] as const) {
        const { model, ids, y, args } = setup(seed);
        const calls: [number, number, number][] = [];
        const sparse: Callbacks = { onBatchEnd: (batch, logs) => void calls.push([batch, logs!.loss, logs!.mae]), onBatchEndEvery: 4 };
        const all: Callbacks = { onBatchEnd: (batch, logs) => void every.push([batch, logs!.loss, logs!.mae]) };
        try {
          const callbacks = hooks === 'none' ? [] : hooks === 'every 4' ? [sparse] : [all, sparse];
          const { reads } = await countingReads(() => model.fit(ids, y, { ...args, callbacks }));
          runs.push({ calls, reads });
        } finally {
          dispose(model);
        }
      }
      const [none, sparse, both] = runs;
      const batches = (calls: [number, number, number][]) => calls.map((c) => c[0]).join();
      assert(batches(sparse.calls) === '3,7,9,3,7,9', `every 4 of 10 batches: ${batches(sparse.calls)}`);
      assert(batches(both.calls) === '3,7,9,3,7,9' && every.length === 20, `beside an every-batch hook: ${batches(both.calls)}, ${every.length}`);
      const expected = every.filter(([batch]) => batch === 3 || batch === 7 || batch === 9).flat();
      assertAllClose(sparse.calls.flat(), expected, 'the logs of those batches, as an every-batch hook sees them', { atol: 0, rtol: 0 });
      assertAllClose(both.calls.flat(), expected, 'beside an every-batch hook', { atol: 0, rtol: 0 });
      const perRead = (both.reads - none.reads) / 20;
      assert(Number.isInteger(perRead) && perRead >= 1, `reads: ${none.reads} without batch logs, ${both.reads} with every batch's`);
      assert(sparse.reads - none.reads === 6 * perRead, `reads: ${sparse.reads - none.reads} more for 6 calls, ${perRead} per read`);
    },
  },
  {
    name: 'onBatchEndEvery must be a positive integer; fit rejects before any update and allocates nothing',
    run: async (rng) => {
      const { model, ids, y } = setup(Math.floor(rng() * 1e6));
      try {
        const before = memory();
        for (const [bad, shown] of [[0, '0'], [2.5, '2.5'], ['3', '"3"']] as const) {
          const error = await model.fit(ids, y, { verbose: 0, callbacks: { onBatchEnd: () => undefined, onBatchEndEvery: bad as number } }).then(() => null, (e: Error) => e);
          assert(error instanceof RangeError && error.message.includes(`expected callbacks.onBatchEndEvery to be a positive integer, received ${shown}`), `onBatchEndEvery ${shown}: ${error?.message}`);
        }
        const after = memory();
        assert(after.numTensors === before.numTensors && after.numBytes === before.numBytes, 'a refused fit allocated');
      } finally {
        dispose(model);
      }
    },
  },
];
