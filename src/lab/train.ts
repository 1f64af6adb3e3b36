/**
 * The lab's training and scoring: `fit` with the notebook's settings
 * (batch 64, validationSplit 0.1, shuffled), and MAE / MSE on the train
 * and test sets from `evaluate`.
 */
import type { Model } from '../index.js';
import type { Ratings } from './dataset.js';

/** The notebook's figures for one model: MAE and MSE on both sets. */
export interface Scores {
  trainMAE: number;
  trainMSE: number;
  testMAE: number;
  testMSE: number;
}

/** Per-epoch logs as `fit` reports them (`loss`, `mse`, `val_loss`, `val_mse`). */
export type EpochLogs = Record<string, number>;

/** Options of {@link trainModel}. */
export interface TrainOptions {
  epochs: number;
  batchSize?: number;
  /** Seeds the shuffling (and Dropout). */
  seed?: number;
  /** `fit`'s progress output in Node (1: a bar per epoch; 0: none, the default). */
  verbose?: 0 | 1 | 2;
  /** After each epoch, with its logs and how long it took (`history.epochTimes`). Awaited. */
  onEpoch?: (epoch: number, logs: EpochLogs, seconds: number) => void | Promise<void>;
  /**
   * After every `batchEvery`-th batch and each epoch's last (0-based within
   * the epoch), with the batch count of an epoch and that batch's loss.
   * Awaited. `fit` reads a batch's loss back (a wait for the GPU) only for
   * these calls.
   */
  onBatch?: (batch: number, batches: number, logs: EpochLogs) => void | Promise<void>;
  /** How often `onBatch` is called, in batches (fit's `onBatchEndEvery`). Default 10. */
  batchEvery?: number;
}

/** What training gives: the per-epoch history and the mean wall time of an epoch. */
export interface Trained {
  history: Record<string, number[]>;
  /** Mean seconds per epoch (training and validation); null when no epoch ran. */
  secondsPerEpoch: number | null;
}

/**
 * The two model inputs (user ids, item ids) of a set of ratings.
 *
 * @example
 * ```ts
 * model.predict(inputsOf(split.test));
 * ```
 */
export function inputsOf(ratings: Ratings): [Int32Array, Int32Array] {
  return [ratings.users, ratings.items];
}

/**
 * MAE and MSE of `model` on the train and test ratings (the model is
 * compiled with loss MAE and metric MSE).
 *
 * @example
 * ```ts
 * const { testMAE } = await scoreModel(model, split);
 * ```
 */
export async function scoreModel(model: Model, split: { train: Ratings; test: Ratings }): Promise<Scores> {
  // Means over all samples whatever the batch size: large batches only make fewer passes.
  const train = await model.evaluate(inputsOf(split.train), split.train.ratings, { batchSize: 4096 });
  const test = await model.evaluate(inputsOf(split.test), split.test.ratings, { batchSize: 4096 });
  return { trainMAE: train.loss, trainMSE: train.mse, testMAE: test.loss, testMSE: test.mse };
}

/**
 * Trains `model` on `train` as the notebook does: batches of 64, the last
 * 10% held out for validation, shuffled each epoch.
 *
 * @example
 * ```ts
 * const { history, secondsPerEpoch } = await trainModel(model, split.train, { epochs: 10, seed: 0 });
 * ```
 */
export async function trainModel(model: Model, train: Ratings, options: TrainOptions): Promise<Trained> {
  const { epochs, batchSize = 64, seed = 0, verbose = 0, onEpoch, onBatch, batchEvery = 10 } = options;
  if (epochs === 0) return { history: {}, secondsPerEpoch: null };
  const batches = Math.ceil(Math.floor(train.ratings.length * 0.9) / batchSize);
  const history = await model.fit(inputsOf(train), train.ratings, {
    epochs,
    batchSize,
    validationSplit: 0.1,
    shuffle: true,
    seed,
    verbose,
    callbacks: {
      ...(onBatch && { onBatchEnd: async (batch: number, logs?: EpochLogs) => onBatch(batch, batches, logs ?? {}), onBatchEndEvery: batchEvery }),
      // fit records the epoch (its time included) in model.history before onEpochEnd.
      onEpochEnd: async (epoch: number, logs?: EpochLogs) => onEpoch?.(epoch, logs ?? {}, model.history!.epochTimes[epoch] / 1000),
    },
  });
  const seconds = history.epochTimes.reduce((a, b) => a + b, 0) / 1000;
  return { history: history.history, secondsPerEpoch: seconds / history.epochTimes.length };
}
