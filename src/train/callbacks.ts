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
   * waits for the GPU each time; `onEpochEnd` costs one read per epoch.
   */
  onBatchEnd?: (batch: number, logs?: Logs) => void | Promise<void>;
}

const hooks = ['onTrainBegin', 'onTrainEnd', 'onEpochBegin', 'onEpochEnd', 'onBatchBegin', 'onBatchEnd'] as const;

/** @internal Every callback object's hooks called in turn, awaiting each. */
export interface CallbackList {
  /** Whether some callback wants per-batch logs. */
  readonly wantsBatchLogs: boolean;
  call(hook: (typeof hooks)[number], ...args: [number, Logs] | [Logs]): Promise<void>;
}

/**
 * @internal Checks `fit`'s `callbacks` (one object or a list of them) and
 * returns a list that calls them in order.
 *
 * @example
 * ```ts
 * const list = callbackList({ onEpochEnd: (epoch, logs) => console.log(logs) }, "Model 'm'.fit");
 * await list.call('onEpochEnd', 0, { loss: 0.5 });
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
  }
  return {
    wantsBatchLogs: list.some((item) => item.onBatchEnd),
    async call(hook, ...args) {
      for (const item of list) await (item[hook] as ((...a: unknown[]) => unknown) | undefined)?.(...args);
    },
  };
}
