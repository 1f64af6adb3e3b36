/**
 * History: what `fit` returns, as in Keras and TensorFlow.js.
 */

/** Numbers logged for an epoch or a batch: `loss`, each metric, and (epochs) `val_` ones. */
export type Logs = Record<string, number>;

/** The run `fit` made: its epochs, samples and the names it logged. */
export interface HistoryParams {
  epochs: number;
  /** Training samples per epoch (after `validationSplit`). */
  samples: number;
  /** Batches per epoch. */
  steps: number;
  batchSize: number;
  /** The keys of `history`, e.g. `['loss', 'mse', 'val_loss', 'val_mse']`. */
  metrics: string[];
}

/**
 * What `fit` returns: `history.loss` (one number per epoch), each metric,
 * and `val_` ones with validation data; `epoch` lists the epochs run. As
 * in TensorFlow.js and Keras, plus `epochTimes`: how long each epoch took.
 *
 * @example
 * ```ts
 * const h = await model.fit(x, y, { epochs: 3, validationSplit: 0.1 });
 * h.history.loss;     // [0.91, 0.62, 0.48]
 * h.history.val_loss; // [0.95, 0.70, 0.59]
 * h.epoch;            // [0, 1, 2]
 * h.epochTimes;       // [1830.2, 1795.6, 1801.4]: milliseconds
 * ```
 */
export class History {
  readonly epoch: number[] = [];
  readonly history: Record<string, number[]> = {};
  /**
   * This library's extra: the wall-clock milliseconds each epoch took, one
   * per entry of `epoch` - its training batches, the validation pass and
   * the read of its logs, from after `onEpochBegin` to before `onEpochEnd`
   * (the time Keras's and this library's progress line print). Callbacks
   * called during the epoch's batches count too.
   */
  readonly epochTimes: number[] = [];

  /** @internal `fit` makes it. */
  constructor(readonly params: HistoryParams) {
    for (const key of params.metrics) this.history[key] = [];
  }

  /** @internal Records an epoch's logs and how long it took (ms). */
  record(epoch: number, logs: Logs, ms: number): void {
    this.epoch.push(epoch);
    this.epochTimes.push(ms);
    for (const [key, value] of Object.entries(logs)) (this.history[key] ??= []).push(value);
  }
}
