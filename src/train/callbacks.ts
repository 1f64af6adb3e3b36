/**
 * Callbacks `fit` calls, TensorFlow.js's `CustomCallbackArgs`: each hook may
 * be async, and `fit` waits for it.
 */
import { formatValue } from '../validate/position.js';
import type { Logs } from './history.js';

/** Hooks `fit` calls; any may return a promise, which `fit` awaits. */
export interface Callbacks {
  onTrainBegin?: (logs?: Logs) => void | Promise<void>;
  onTrainEnd?: (logs?: Logs) => void | Promise<void>;
  onEpochBegin?: (epoch: number, logs?: Logs) => void | Promise<void>;
  /** `logs`: `loss`, the metrics and, with validation data, `val_loss` and `val_<metric>`, each the epoch's mean. */
  onEpochEnd?: (epoch: number, logs?: Logs) => void | Promise<void>;
  onBatchBegin?: (batch: number, logs?: Logs) => void | Promise<void>;
  /**
   * `logs`: `batch`, `size`, and the batch's `loss` and metrics. Giving this
   * hook makes `fit` read the batch's values back after every batch, which
   * waits for the GPU each time (`onBatchEndEvery` makes that rarer);
   * `onEpochEnd` costs one read per epoch.
   */
  onBatchEnd?: (batch: number, logs?: Logs) => void | Promise<void>;
  /**
   * This library's extra: call this object's `onBatchEnd` only after every
   * N-th batch of an epoch (batches N - 1, 2N - 1, ...) and after its last
   * batch, so that `fit` reads values back (a wait for the GPU) only then,
   * e.g. for a live loss curve. The logs are those of that batch. Default 1.
   */
  onBatchEndEvery?: number;
}

const hooks = ['onTrainBegin', 'onTrainEnd', 'onEpochBegin', 'onEpochEnd', 'onBatchBegin', 'onBatchEnd'] as const;

/** @internal Every callback object's hooks called in turn, awaiting each. */
export interface CallbackList {
  /** Whether some callback's `onBatchEnd` is due after batch `batch` of an epoch (`last`: its last batch), so wants its logs. */
  wantsBatchLogs(batch: number, last: boolean): boolean;
  /** Calls `hook` of every callback object. */
  call(hook: Exclude<(typeof hooks)[number], 'onBatchEnd'>, ...args: [number, Logs] | [Logs]): Promise<void>;
  /** Calls the `onBatchEnd` hooks due after batch `batch` (see `wantsBatchLogs`). */
  batchEnd(batch: number, logs: Logs, last: boolean): Promise<void>;
}

/**
 * @internal Checks `fit`'s `callbacks` (one object or a list of them) and
 * returns a list that calls them in order.
 *
 * @example
 * ```ts
 * const list = callbackList({ onEpochEnd: (epoch, logs) => console.log(logs) }, "Model 'm'.fit");
 * await list.call('onEpochEnd', 0, { loss: 0.5 });
 * await list.batchEnd(9, { batch: 9, size: 32, loss: 0.4 }, true); // the epoch's last batch
 * ```
 */
export function callbackList(callbacks: unknown, owner: string): CallbackList {
  const list = (callbacks === undefined ? [] : Array.isArray(callbacks) ? callbacks : [callbacks]) as Callbacks[];
  for (const item of list) {
    if (typeof item !== 'object' || item === null) throw new TypeError(`${owner}: expected callbacks to be an object of hooks (or a list of them), received ${formatValue(item)}.`);
    for (const [key, value] of Object.entries(item)) {
      if ((hooks as readonly string[]).includes(key) && typeof value !== 'function') {
        throw new TypeError(`${owner}: expected callbacks.${key} to be a function, received ${formatValue(value)}.`);
      }
    }
    const every = item.onBatchEndEvery;
    if (every !== undefined && !(Number.isInteger(every) && every >= 1)) {
      throw new RangeError(`${owner}: expected callbacks.onBatchEndEvery to be a positive integer, received ${formatValue(every)}.`);
    }
  }
  const due = (item: Callbacks, batch: number, last: boolean) => !!item.onBatchEnd && (last || (batch + 1) % (item.onBatchEndEvery ?? 1) === 0);
  return {
    wantsBatchLogs: (batch, last) => list.some((item) => due(item, batch, last)),
    async call(hook, ...args) {
      for (const item of list) await (item[hook] as ((...a: unknown[]) => unknown) | undefined)?.(...args);
    },
    async batchEnd(batch, logs, last) {
      for (const item of list) if (due(item, batch, last)) await item.onBatchEnd!(batch, logs);
    },
  };
}
