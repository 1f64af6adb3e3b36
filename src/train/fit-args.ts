/**
 * `fit`'s and `evaluate`'s options, checked and completed with TensorFlow.js's
 * defaults before any GPU work.
 */
import { formatValue } from '../validate/position.js';
import { callbackList, type CallbackList, type Callbacks } from './callbacks.js';

/** Options of `fit`. */
export interface FitArgs {
  /** Passes over the training data. Default 1. */
  epochs?: number;
  /**
   * The epoch to start at (TensorFlow.js's and Keras's `initialEpoch`), to
   * resume a run: epochs `initialEpoch` to `epochs - 1` run, each with the
   * sample order and Dropout masks it has in one fit from epoch 0 with the
   * same seed. Default 0.
   */
  initialEpoch?: number;
  /** Samples per gradient step. Default 32. */
  batchSize?: number;
  /** Fraction of the samples, taken from the end before any shuffling, held out to compute `val_` logs each epoch. */
  validationSplit?: number;
  /** `[x, y]` to compute `val_` logs on each epoch (instead of `validationSplit`). */
  validationData?: [unknown, unknown];
  /** Visit the training samples in a new seeded order each epoch. Default true. */
  shuffle?: boolean;
  /** Seeds the sample order (and Dropout): the same seed, data and device give bit-identical weights. Default: random. */
  seed?: number;
  /** Hooks called during training: one object or a list of them. */
  callbacks?: Callbacks | Callbacks[];
  /** Node.js: 1 (default) a Keras-style progress bar per epoch, 2 one line per epoch, 0 silent. Browsers print nothing. */
  verbose?: 0 | 1 | 2;
}

/** Options of `evaluate`. */
export interface EvaluateArgs {
  /** Samples per forward pass. Default 32. */
  batchSize?: number;
}

/** @internal Checked options, defaults filled in. */
export interface CheckedFitArgs {
  epochs: number;
  initialEpoch: number;
  batchSize: number;
  validationSplit: number;
  validationData: [unknown, unknown] | null;
  shuffle: boolean;
  seed: number;
  callbacks: CallbackList;
  verbose: number;
}

function integer(value: unknown, fallback: number, name: string, owner: string, min: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || (v as number) < min) throw new RangeError(`${owner}: expected ${name} to be an integer >= ${min}, received ${formatValue(value)}.`);
  return v as number;
}

/**
 * @internal Checks `fit`'s options and fills in the defaults.
 *
 * @example
 * ```ts
 * checkFitArgs({ epochs: 3 }, "Model 'm'.fit"); // { epochs: 3, batchSize: 32, shuffle: true, ... }
 * ```
 */
export function checkFitArgs(args: FitArgs, owner: string): CheckedFitArgs {
  if (typeof args !== 'object' || args === null) throw new TypeError(`${owner}: expected options such as { epochs: 10, batchSize: 64 }, received ${formatValue(args)}.`);
  const split = args.validationSplit ?? 0;
  if (typeof split !== 'number' || !(split >= 0 && split < 1)) throw new RangeError(`${owner}: expected validationSplit in [0, 1), received ${formatValue(args.validationSplit)}.`);
  const data = args.validationData;
  if (data !== undefined && (!Array.isArray(data) || data.length !== 2)) {
    throw new TypeError(`${owner}: expected validationData to be [x, y], received ${Array.isArray(data) ? `a list of ${data.length}` : formatValue(data)}.`);
  }
  if (args.shuffle !== undefined && typeof args.shuffle !== 'boolean') throw new TypeError(`${owner}: expected shuffle to be a boolean, received ${formatValue(args.shuffle)}.`);
  if (args.verbose !== undefined && ![0, 1, 2].includes(args.verbose)) throw new RangeError(`${owner}: expected verbose to be 0, 1 or 2, received ${formatValue(args.verbose)}.`);
  return {
    epochs: integer(args.epochs, 1, 'epochs', owner, 0),
    initialEpoch: integer(args.initialEpoch, 0, 'initialEpoch', owner, 0),
    batchSize: integer(args.batchSize, 32, 'batchSize', owner, 1),
    validationSplit: split,
    validationData: data ?? null,
    shuffle: args.shuffle ?? true,
    seed: integer(args.seed, Math.floor(Math.random() * 2 ** 31), 'seed', owner, 0),
    callbacks: callbackList(args.callbacks, owner),
    verbose: args.verbose ?? 1,
  };
}

/**
 * @internal `evaluate`'s batch size (default 32).
 *
 * @example
 * ```ts
 * evaluateBatchSize({}, "Model 'm'.evaluate"); // 32
 * ```
 */
export function evaluateBatchSize(args: EvaluateArgs, owner: string): number {
  if (typeof args !== 'object' || args === null) throw new TypeError(`${owner}: expected options such as { batchSize: 64 }, received ${formatValue(args)}.`);
  return integer(args.batchSize, 32, 'batchSize', owner, 1);
}
