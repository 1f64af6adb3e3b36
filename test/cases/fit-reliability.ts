/**
 * Bad input to compile / fit / evaluate fails with a clear typed error
 * before any update (host data: before any GPU work), leaving the weights
 * and memory() as they were; a device lost during fit rejects with a
 * DeviceLostError and the weights come back with the last completed
 * epoch's values. The device-loss case runs last. Shared by both tiers.
 */
import { Adam, DeviceLostError, EmbeddingBag, getDevice, Input, memory, Model, NotCompiledError, SGD, tensor } from '../../src/index.js';
import { assert, assertAllClose } from '../support/close.js';
import { expectRejects, expectThrows } from '../support/expect-error.js';
import { startCountingGpuCalls } from '../support/gpu-calls.js';
import type { Random } from '../support/random.js';
import type { Case } from './case.js';
import { sharedModel, tableData, tableModel, weightsOf } from './fit.js';

type ErrorClass = abstract new (...args: never[]) => Error;

/** `run` rejects with `type` naming `parts`; the weights and memory() are unchanged, and (host checks) no GPU call was made. */
async function rejectsUntouched(model: Model, run: () => Promise<unknown>, type: ErrorClass, parts: string[], gpuFree: boolean): Promise<void> {
  const before = await weightsOf(model);
  const memoryBefore = JSON.stringify(memory());
  const counting = startCountingGpuCalls();
  try {
    await expectRejects(run(), type, parts, parts.join(' '));
  } finally {
    counting.stop();
  }
  if (gpuFree) {
    const { createBuffer, writeBuffer, submit } = counting.calls;
    assert(createBuffer + writeBuffer + submit === 0, `${parts.join(' ')}: GPU work before the error ${JSON.stringify(counting.calls)}`);
  }
  assert(JSON.stringify(memory()) === memoryBefore, `${parts.join(' ')}: memory ${memoryBefore} -> ${JSON.stringify(memory())}`);
  const after = await weightsOf(model);
  after.forEach((w, i) => assertAllClose(w, before[i], `${parts.join(' ')}: weight ${i} untouched`));
}

function compiledTable(rng: Random) {
  const made = tableModel(rng, 10, 2, 'words');
  made.model.compile({ optimizer: new SGD({ learningRate: 0.5 }), loss: 'mse' });
  return made;
}

export const cases: Case[] = [
  {
    name: 'fit and evaluate before compile reject with a NotCompiledError; compile refuses unknown losses, metrics, optimizers and bad hyperparameters',
    run: async (rng) => {
      const { model, layer } = tableModel(rng, 10, 2, 'plain');
      const { ids, y } = tableData(rng, 4, 10, 2);
      await rejectsUntouched(model, () => model.fit(ids, y), NotCompiledError, ["Model", '.fit', 'compile'], true);
      await rejectsUntouched(model, () => model.evaluate(ids, y), NotCompiledError, ['.evaluate', 'compile'], true);
      expectThrows(() => model.compile({ optimizer: 'adam', loss: 'hinge' as 'mse' }), TypeError, ["'mse'", '"hinge"'], 'unknown loss');
      expectThrows(() => model.compile({ optimizer: 'adamw' as 'adam', loss: 'mse' }), TypeError, ["'sgd'", '"adamw"'], 'unknown optimizer');
      expectThrows(() => model.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['f1' as 'mse'] }), TypeError, ['metrics', '"f1"'], 'unknown metric');
      expectThrows(() => model.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['sparseCategoricalAccuracy'] }), TypeError, ['cannot read the targets'], 'sparse metric with a dense loss');
      expectThrows(() => new Adam({ learningRate: 0 }), RangeError, ['learningRate', '> 0', 'received 0'], 'zero learning rate');
      model.dispose();
      layer.dispose();
    },
  },
  {
    name: 'fit: bad host data (sample counts, a missing input, out-of-range indices, NaN/Infinity targets, wrong target shape, bad options) throws before any GPU work; weights untouched',
    run: async (rng) => {
      const { model, layer } = compiledTable(rng);
      const { ids, y } = tableData(rng, 6, 10, 2);
      const bad: [() => Promise<unknown>, ErrorClass, string[]][] = [
        [() => model.fit(ids, y.subarray(0, 10)), RangeError, ['target samples', '(6)', 'received 5']],
        [() => model.fit(undefined, y), TypeError, ["Embedding 'words'", 'received undefined']],
        [() => model.fit(Int32Array.from([1, 2, 3, 4, 5, 10]), y), RangeError, ["Embedding 'words'", '[0, 10)', 'received 10 at [5, 0]']],
        [() => model.fit(ids, y.map((v, i) => (i === 3 ? NaN : v))), RangeError, ['finite targets', 'NaN at [1, 1]']],
        [() => model.fit(ids, y.map((v, i) => (i === 0 ? Infinity : v))), RangeError, ['finite targets', 'Infinity at [0, 0]']],
        [() => model.fit(ids, [[1, 2, 3]]), RangeError, ['targets of shape (None, 2)', 'received shape [1, 3]']],
        [() => model.fit(ids, y, { epochs: -1 }), RangeError, ['epochs', 'received -1']],
        [() => model.fit(ids, y, { batchSize: 0 }), RangeError, ['batchSize', 'received 0']],
        [() => model.fit(ids, y, { validationSplit: 1 }), RangeError, ['validationSplit', '[0, 1)']],
        [() => model.fit(ids, y, { verbose: 3 as 0 }), RangeError, ['verbose', '0, 1 or 2']],
        [() => model.fit(ids, y, { callbacks: { onEpochEnd: 'log' as unknown as () => void } }), TypeError, ['callbacks.onEpochEnd', 'function']],
        [() => model.fit(ids, y, { validationData: [ids] as unknown as [Int32Array, Float32Array] }), TypeError, ['validationData', '[x, y]']],
        [() => model.fit(ids.subarray(0, 1), y.subarray(0, 2), { validationSplit: 0.5 }), RangeError, ['at least one training sample']],
        [() => model.evaluate(ids, y.subarray(0, 4)), RangeError, ['.evaluate', 'target samples']],
      ];
      for (const [run, type, parts] of bad) await rejectsUntouched(model, run, type, parts, true);
      model.dispose();
      layer.dispose();
    },
  },
  {
    name: 'fit with two inputs: a missing input and inputs of different sample counts throw before any GPU work',
    run: async (rng) => {
      const model = sharedModel(rng, 8, 2);
      model.compile({ optimizer: 'adam', loss: 'mae' });
      const a = Int32Array.from([1, 2, 3]);
      const y = new Float32Array(3 * 8);
      await rejectsUntouched(model, () => model.fit([a], y), RangeError, ['expected a list of 2 inputs', "'a', 'b'", 'received 1'], true);
      await rejectsUntouched(model, () => model.fit([a, a.subarray(0, 2)], y), RangeError, ["'a' has 3", "'b' has 2"], true);
      await rejectsUntouched(model, () => model.fit(a, y), RangeError, ['expected a list of 2 inputs'], true);
      const layers = model.layers;
      model.dispose();
      for (const layer of layers) layer.dispose();
    },
  },
  {
    name: 'fit: indices out of range for an EmbeddingBag are refused before any update (host: before GPU work; GPU-resident: by the check pass)',
    run: async () => {
      const x = Input({ shape: [3], name: 'tokens' });
      const bag = new EmbeddingBag({ inputDim: 6, outputDim: 2, mode: 'sum', name: 'bag' });
      const model = new Model({ inputs: x, outputs: bag.apply(x) });
      model.compile({ optimizer: 'sgd', loss: 'mse' });
      const y = new Float32Array(4);
      await rejectsUntouched(model, () => model.fit([[1, 2, 3], [0, 6, 1]], y), RangeError, ["EmbeddingBag 'bag'", '[0, 6)', 'received 6 at [1, 1]'], true);
      const ids = tensor(Int32Array.from([1, 2, 3, 0, 5, -2]), [2, 3], 'int32');
      await rejectsUntouched(model, () => model.fit(ids, y), RangeError, ["EmbeddingBag 'bag'", 'received -2 at [1, 2]'], false);
      ids.dispose();
      model.dispose();
      bag.dispose();
    },
  },
  {
    name: 'fit: GPU-resident indices out of range and non-finite GPU-resident targets are found by one kernel pass and refused before the first update',
    run: async (rng) => {
      const { model, layer } = compiledTable(rng);
      const { ids, y } = tableData(rng, 6, 10, 2);
      const badIds = tensor(Int32Array.from([1, 2, 3, 12, 5, -1]), [6, 1], 'int32');
      const badTargets = tensor(y.map((v, i) => (i === 7 ? NaN : v)), [6, 2], 'float32');
      const goodTargets = tensor(y, [6, 2], 'float32');
      const int32Targets = tensor(Int32Array.from(y, () => 1), [6, 2], 'int32');
      await rejectsUntouched(model, () => model.fit(badIds, goodTargets), RangeError, ["Embedding 'words'", '[0, 10)', 'received 12 at [3, 0]', '2 out of range'], false);
      await rejectsUntouched(model, () => model.fit(ids, badTargets), RangeError, ['finite targets', 'NaN at [3, 1]'], false);
      await rejectsUntouched(model, () => model.fit(ids, int32Targets), TypeError, ['float32 targets', 'int32'], true);
      for (const t of [badIds, badTargets, goodTargets, int32Targets]) t.dispose();
      model.dispose();
      layer.dispose();
    },
  },
  {
    name: 'sparseCategoricalCrossentropy takes one class id per sample (flat or [n, 1]) and refuses ids outside [0, classes)',
    run: async (rng) => {
      const { model, layer } = tableModel(rng, 10, 4, 'classes');
      model.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
      layer.setWeights([new Float32Array(40).map(() => 0.1 + rng())]);
      const ids = Int32Array.from([0, 3, 7, 9]);
      const history = await model.fit(ids, Float32Array.from([0, 3, 1, 2]), { epochs: 1, verbose: 0 });
      assert(Object.keys(history.history).join() === 'loss,acc' && Number.isFinite(history.history.loss[0]), `history ${JSON.stringify(history.history)}`);
      await model.evaluate(ids, [[0], [3], [1], [2]]);
      await rejectsUntouched(model, () => model.fit(ids, [0, 4, 1, 2]), RangeError, ['integer class ids in [0, 4)', 'received 4 at [1, 0]'], true);
      await rejectsUntouched(model, () => model.fit(ids, [0, 1.5, 1, 2]), RangeError, ['integer class ids', 'received 1.5'], true);
      model.dispose();
      layer.dispose();
    },
  },
  {
    name: 'a second fit while one runs is refused; compile during fit is refused',
    run: async (rng) => {
      const { model, layer } = compiledTable(rng);
      const { ids, y } = tableData(rng, 40, 10, 2);
      const first = model.fit(ids, y, { epochs: 2, batchSize: 4, verbose: 0 });
      await expectRejects(model.fit(ids, y), Error, ['another fit() call is ongoing'], 'concurrent fit');
      expectThrows(() => model.compile({ optimizer: 'sgd', loss: 'mse' }), Error, ['while fit() is running'], 'compile during fit');
      await first;
      model.dispose();
      layer.dispose();
    },
  },
  {
    name: 'device loss during fit: fit rejects with a DeviceLostError; after getDevice() the weights are those after the last completed epoch',
    run: async (rng) => {
      const { model, layer } = tableModel(rng, 12, 3, 'lost');
      model.compile({ optimizer: new Adam({ learningRate: 0.05 }), loss: 'mse' });
      const { ids, y } = tableData(rng, 30, 12, 3);
      let afterSecond: Float32Array[] = [];
      const run = model.fit(ids, y, {
        epochs: 4,
        batchSize: 5,
        verbose: 0,
        callbacks: {
          onEpochEnd: async (epoch) => {
            if (epoch === 1) afterSecond = await weightsOf(model);
          },
          onBatchEnd: async (batch, logs) => {
            if (afterSecond.length && batch === 2) {
              assert(Number.isFinite(logs!.loss), 'batch logs before the loss');
              (await getDevice()).destroy();
            }
          },
        },
      });
      const error = await expectRejects(run, DeviceLostError, ["Model '", '.fit', 'during epoch 3 of 4', 'after epoch 2'], 'fit during a loss');
      assert(error instanceof DeviceLostError, 'a DeviceLostError');
      await getDevice();
      const restored = await weightsOf(model);
      assertAllClose(restored[0], afterSecond[0], 'weights restored to the end of epoch 2');
      // Training goes on on the new device, the optimizer starting afresh.
      const history = await model.fit(ids, y, { epochs: 1, verbose: 0 });
      assert(Number.isFinite(history.history.loss[0]), 'fit after the loss');
      model.dispose();
      layer.dispose();
    },
  },
];
