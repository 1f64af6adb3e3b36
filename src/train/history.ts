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
 * and `val_` ones with validation data; `epoch` lists the epochs run.
 *
 * @example
 * ```ts
 * const h = await model.fit(x, y, { epochs: 3, validationSplit: 0.1 });
 * h.history.loss;     // [0.91, 0.62, 0.48]
 * h.history.val_loss; // [0.95, 0.70, 0.59]
 * h.epoch;            // [0, 1, 2]
 * ```
 */
export class History {
  readonly epoch: number[] = [];
  readonly history: Record<string, number[]> = {};

  /** @internal `fit` makes it. */
  constructor(readonly params: HistoryParams) {
    for (const key of params.metrics) this.history[key] = [];
  }

  /** @internal Records an epoch's logs. */
  record(epoch: number, logs: Logs): void {
    this.epoch.push(epoch);
    for (const [key, value] of Object.entries(logs)) (this.history[key] ??= []).push(value);
  }
}
