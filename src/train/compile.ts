/**
 * `compile`: the loss, metrics and optimizer a model trains with, checked
 * and resolved once (TensorFlow.js's names and defaults).
 */
import type { LossName, RowMetric } from '../cpu/losses.js';
import type { Shape } from '../layers/shape.js';
import type { Weight } from '../layers/weight.js';
import { lossFrom, type LossIdentifier } from '../losses/losses.js';
import { metricsFrom, type Metric, type MetricIdentifier } from '../metrics/metrics.js';
import { optimizerFrom, type OptimizerName } from '../optimizers/get.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import { formatValue } from '../validate/position.js';

/** Options of `compile`. */
export interface CompileArgs {
  /** An optimizer, or a name for TensorFlow.js's defaults: 'sgd', 'adam', 'adagrad', 'rmsprop'. */
  optimizer: Optimizer | OptimizerName;
  /** The loss: 'mse' / 'meanSquaredError', 'mae' / 'meanAbsoluteError', 'binaryCrossentropy', 'categoricalCrossentropy', 'sparseCategoricalCrossentropy'. */
  loss: LossIdentifier;
  /** Metrics logged besides the loss: those names and 'accuracy' (logged as `acc`). */
  metrics?: MetricIdentifier | MetricIdentifier[];
}

/** @internal A compiled model's training setup. */
export interface Compiled {
  optimizer: Optimizer;
  /** Whether the model made the optimizer from a name (and so disposes it). */
  ownsOptimizer: boolean;
  loss: LossName;
  metrics: Metric[];
  /** What loss-rows computes per row: the loss, then each metric. */
  kinds: RowMetric[];
  /** Log names: `loss`, then each metric's. */
  names: string[];
  /** The metrics as `compile` was given them (what a save with the optimizer writes down). */
  givenMetrics: string[];
}

/**
 * @internal Resolves `compile`'s options for a model whose one output has
 * shape `output`; creates the optimizer's slots for `trainable` weights.
 * With `adopt`, an optimizer instance becomes the model's (freed with it,
 * or here if compiling fails), as one made from a name is.
 *
 * @example
 * ```ts
 * const compiled = compileArgs({ optimizer: 'adam', loss: 'mae', metrics: ['mse'] }, [null, 1], weights, "Model 'm'.compile");
 * ```
 */
export function compileArgs(args: CompileArgs, output: Shape, trainable: readonly Weight[], owner: string, adopt = false): Compiled {
  if (typeof args !== 'object' || args === null) {
    throw new TypeError(`${owner}: expected options such as { optimizer: 'adam', loss: 'mse' }, received ${formatValue(args)}.`);
  }
  const loss = lossFrom(args.loss, owner);
  const metrics = metricsFrom(args.metrics, loss, output, owner);
  const { optimizer, owned: made } = optimizerFrom(args.optimizer, owner);
  const owned = made || adopt;
  if (metrics.length + 1 > 8) {
    if (owned) optimizer.dispose();
    throw new RangeError(`${owner}: at most 7 metrics besides the loss, received ${metrics.length}.`);
  }
  try {
    optimizer.prepare(trainable);
  } catch (error) {
    if (owned) optimizer.dispose();
    throw error;
  }
  const givenMetrics = args.metrics === undefined || args.metrics === null ? [] : ([] as string[]).concat(args.metrics);
  return { optimizer, ownsOptimizer: owned, loss, metrics, kinds: [loss, ...metrics.map((m) => m.kind)], names: ['loss', ...metrics.map((m) => m.name)], givenMetrics };
}
