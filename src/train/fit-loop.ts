/**
 * The epoch and batch loop shared by the GPU fit and the CPU reference fit:
 * the sample order of each epoch, batches, callbacks, progress and history.
 * What a batch does is the runner's.
 */
import { batchRanges, sampleOrder } from './batches.js';
import type { CallbackList } from './callbacks.js';
import { History, type Logs } from './history.js';
import { epochProgress } from './progress.js';

/** One backend's side of training. */
export interface Runner {
  /** Trains on the samples `order[start..end)` as global step `step` (batches since fit began). */
  step(order: Int32Array, start: number, end: number, step: number): void;
  /** The last batch's loss and metrics (means over its samples), in `names` order. */
  batchValues(): Promise<number[]>;
  /** Ends an epoch: the means over its training samples and, with validation data, over those. */
  endEpoch(): Promise<{ train: number[]; validation: number[] | null }>;
  /** Called after each batch: bounds the queued work and lets the event loop run. */
  pace(batch: number): Promise<void>;
}

/** How the loop runs. */
export interface LoopOptions {
  /** The loop runs epochs `initialEpoch` to `epochs - 1`. */
  epochs: number;
  initialEpoch: number;
  batchSize: number;
  shuffle: boolean;
  seed: number;
  samples: number;
  verbose: number;
  callbacks: CallbackList;
  /** `loss`, then the metrics' log names. */
  names: readonly string[];
  validation: boolean;
  /** True once a callback set the model's `stopTraining`. */
  stopped: () => boolean;
  /** Gets the History as soon as it exists (before `onTrainBegin`), e.g. to show it as `model.history`. */
  started?: (history: History) => void;
}

function named(names: readonly string[], values: readonly number[], prefix = ''): Logs {
  return Object.fromEntries(names.map((name, i) => [prefix + name, values[i]]));
}

/**
 * @internal Runs epochs `initialEpoch` to `epochs - 1` of batches of
 * `batchSize` samples in the order `sampleOrder` gives, calling the
 * callbacks and recording the history.
 *
 * @example
 * ```ts
 * const history = await fitLoop(runner, { epochs: 10, batchSize: 64, shuffle: true, seed: 0, ... });
 * ```
 */
export async function fitLoop(runner: Runner, o: LoopOptions): Promise<History> {
  const ranges = batchRanges(o.samples, o.batchSize);
  const keys = [...o.names, ...(o.validation ? o.names.map((n) => `val_${n}`) : [])];
  const history = new History({ epochs: o.epochs, samples: o.samples, steps: ranges.length, batchSize: o.batchSize, metrics: keys });
  o.started?.(history);
  const order = sampleOrder(o.samples, o.shuffle, o.seed);
  // A resumed run (initialEpoch) skips the orders and steps of the epochs before it, so its
  // shuffles and Dropout masks are those of one run from epoch 0.
  for (let epoch = 0; epoch < Math.min(o.initialEpoch, o.epochs); epoch++) order.next();
  let step = o.initialEpoch * ranges.length;
  await o.callbacks.call('onTrainBegin', {});
  for (let epoch = o.initialEpoch; epoch < o.epochs; epoch++) {
    await o.callbacks.call('onEpochBegin', epoch, {});
    const started = performance.now();
    const ids = order.next();
    const progress = epochProgress(o.verbose, epoch, o.epochs, ranges.length);
    for (let batch = 0; batch < ranges.length; batch++) {
      const [start, end] = ranges[batch];
      const logs: Logs = { batch, size: end - start };
      await o.callbacks.call('onBatchBegin', batch, logs);
      runner.step(ids, start, end, step++);
      const last = batch === ranges.length - 1 || o.stopped();
      if (o.callbacks.wantsBatchLogs(batch, last)) Object.assign(logs, named(o.names, await runner.batchValues()));
      await o.callbacks.batchEnd(batch, logs, last);
      progress.batch(batch + 1);
      await runner.pace(batch);
      if (o.stopped()) break;
    }
    const { train, validation } = await runner.endEpoch();
    const logs = { ...named(o.names, train), ...(validation ? named(o.names, validation, 'val_') : {}) };
    const ms = performance.now() - started;
    history.record(epoch, logs, ms);
    progress.end(logs, ms);
    await o.callbacks.call('onEpochEnd', epoch, logs);
    if (o.stopped()) break;
  }
  await o.callbacks.call('onTrainEnd', {});
  return history;
}
