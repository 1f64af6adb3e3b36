/**
 * model.json's `trainingConfig`, as TensorFlow.js writes it when a model is
 * saved with `includeOptimizer`: the loss and metrics in snake_case, and the
 * optimizer as `{ class_name, config }` under TF.js's class names ('SGD',
 * 'Momentum', 'Adam', 'Adagrad', 'RMSProp') and config keys, so TF.js
 * compiles a model saved here and this library one saved there. Read back,
 * it is untrusted: each field is checked and a bad one is a `FormatError`
 * naming the file, the field and the value.
 */
import { FormatError } from '../errors.js';
import { expected } from '../io/problems.js';
import { lossNames } from '../losses/losses.js';
import { Adagrad } from '../optimizers/adagrad.js';
import { Adam } from '../optimizers/adam.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import { RMSprop } from '../optimizers/rmsprop.js';
import { SGD } from '../optimizers/sgd.js';
import type { CompileArgs } from '../train/compile.js';

/** TF.js's `toSnakeCase` (`meanAbsoluteError` -> `mean_absolute_error`, `MSE` -> `mse`). */
const snake = (name: string) =>
  name
    .replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
/** TF.js's `toCamelCase`, which its loader applies to every key and string of a training config. */
const camel = (name: string) => name.replace(/[_]+(\w|$)/g, (_, c: string) => c.toUpperCase());
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v) && !(v instanceof ArrayBuffer);

type Hyper = Record<string, number | boolean | undefined>;

/** Each TF.js optimizer class: its config keys (camelCase) with their types, and the optimizer here that it makes. */
const CLASSES: Record<string, { keys: Record<string, 'number' | 'boolean'>; make: (c: Hyper) => Optimizer }> = {
  SGD: { keys: { learningRate: 'number', lazy: 'boolean' }, make: (c) => new SGD(c as object) },
  Momentum: {
    keys: { learningRate: 'number', momentum: 'number', useNesterov: 'boolean', lazy: 'boolean' },
    make: (c) => new SGD({ learningRate: c.learningRate as number, momentum: c.momentum as number, nesterov: c.useNesterov as boolean, lazy: c.lazy as boolean }),
  },
  Adam: { keys: { learningRate: 'number', beta1: 'number', beta2: 'number', epsilon: 'number', lazy: 'boolean' }, make: (c) => new Adam(c as object) },
  Adagrad: { keys: { learningRate: 'number', initialAccumulatorValue: 'number', lazy: 'boolean' }, make: (c) => new Adagrad(c as object) },
  RMSProp: { keys: { learningRate: 'number', decay: 'number', momentum: 'number', epsilon: 'number', centered: 'boolean', lazy: 'boolean' }, make: (c) => new RMSprop(c as object) },
};

/** Metric names this library takes that TF.js's compile does not, and TF.js's name for the same metric. */
const TFJS_METRICS: Record<string, string> = { meanSquaredError: 'mse', meanAbsoluteError: 'mae' };

/** Keras's training settings TF.js does not load either; each would change what training does. */
const UNSUPPORTED = ['weighted_metrics', 'loss_weights', 'sample_weight_mode'];

/**
 * An optimizer as TF.js's `{ class_name, config }` (`lazy: true`, which TF.js
 * does not have and ignores, is written only when set). Throws a TypeError
 * for an optimizer class TF.js has no name for (a subclass of `Optimizer`).
 *
 * @example
 * ```ts
 * optimizerToJson(new SGD({ momentum: 0.9 }), "Model 'm'.save"); // { class_name: 'Momentum', config: { learningRate: 0.01, momentum: 0.9, useNesterov: false } }
 * ```
 */
export function optimizerToJson(optimizer: Optimizer, owner: string): { class_name: string; config: Hyper } {
  const lazy = optimizer.lazy ? { lazy: true } : {};
  const learningRate = optimizer.learningRate;
  if (optimizer instanceof SGD) {
    if (optimizer.momentum === 0) return { class_name: 'SGD', config: { learningRate, ...lazy } };
    return { class_name: 'Momentum', config: { learningRate, momentum: optimizer.momentum, useNesterov: optimizer.nesterov, ...lazy } };
  }
  if (optimizer instanceof Adam) return { class_name: 'Adam', config: { learningRate, beta1: optimizer.beta1, beta2: optimizer.beta2, epsilon: optimizer.epsilon, ...lazy } };
  if (optimizer instanceof Adagrad) return { class_name: 'Adagrad', config: { learningRate, initialAccumulatorValue: optimizer.initialAccumulatorValue, ...lazy } };
  if (optimizer instanceof RMSprop) {
    const { decay, momentum, epsilon, centered } = optimizer;
    return { class_name: 'RMSProp', config: { learningRate, decay, momentum, epsilon, centered, ...lazy } };
  }
  throw new TypeError(`${owner}: cannot save the optimizer ${optimizer.className} with includeOptimizer: model.json names only SGD, Adam, Adagrad and RMSprop (TF.js's classes).`);
}

/**
 * The `trainingConfig` TF.js writes for a model compiled with `given`'s
 * loss (TF.js's name, e.g. `meanAbsoluteError`, which TF.js's compile
 * takes where it does not take 'mae') and metrics, and `optimizer`. Metrics
 * keep their names, except two TF.js's compile does not take:
 * 'meanSquaredError' and 'meanAbsoluteError' are written as 'mse' and 'mae'.
 *
 * @example
 * ```ts
 * trainingConfigToJson({ loss: 'meanAbsoluteError', metrics: ['mse'] }, new Adam(), "Model 'm'.save");
 * // { loss: 'mean_absolute_error', metrics: ['mse'], optimizer_config: { class_name: 'Adam', config: { learningRate: 0.001, ... } } }
 * ```
 */
export function trainingConfigToJson(given: { loss: string; metrics: readonly string[] }, optimizer: Optimizer, owner: string): Record<string, unknown> {
  const metrics = given.metrics.map((m) => snake(Object.hasOwn(TFJS_METRICS, m) ? TFJS_METRICS[m] : m));
  return { loss: snake(given.loss), metrics, optimizer_config: optimizerToJson(optimizer, owner) };
}

/**
 * Reads a `trainingConfig` (written here, by TF.js, or by hand) into
 * `compile`'s arguments with a new optimizer, which the caller owns. Keys
 * and names are read as TF.js reads them (snake_case or camelCase); config
 * keys an optimizer here does not take are ignored, as TF.js does. The
 * metric names are checked by `compile` itself.
 *
 * @example
 * ```ts
 * const { optimizer, loss, metrics } = trainingConfigFromJson(json.trainingConfig, 'model.json');
 * ```
 */
export function trainingConfigFromJson(value: unknown, file: string): CompileArgs & { optimizer: Optimizer } {
  if (!isObject(value)) throw expected(file, 'trainingConfig', 'an object { loss, metrics, optimizer_config }', value);
  for (const key of UNSUPPORTED) {
    if (value[key] !== undefined && value[key] !== null) throw expected(file, `trainingConfig.${key}`, 'null (training here has one output, unweighted)', value[key]);
  }
  const loss = lossOf(value.loss, file);
  // TF.js writes {} for a model compiled without metrics.
  const metrics = value.metrics === undefined || value.metrics === null || (isObject(value.metrics) && Object.keys(value.metrics).length === 0) ? [] : value.metrics;
  if (!Array.isArray(metrics) || metrics.some((m) => typeof m !== 'string')) {
    throw expected(file, 'trainingConfig.metrics', 'a list of metric names such as ["mse"] (one output)', value.metrics);
  }
  return { loss, metrics: metrics.map((m: string) => camel(m)) as CompileArgs['metrics'], optimizer: optimizerOf(value.optimizer_config, file) };
}

function lossOf(value: unknown, file: string): CompileArgs['loss'] {
  // TF.js writes a list when the model was compiled with one; one output has one loss.
  const name = Array.isArray(value) && value.length === 1 ? value[0] : value;
  const loss = typeof name === 'string' ? camel(name) : undefined;
  if (loss === undefined || !Object.hasOwn(lossNames, loss)) {
    const known = Object.keys(lossNames).filter((k) => k !== k.toUpperCase());
    throw expected(file, 'trainingConfig.loss', `one of ${known.map((k) => `"${snake(k)}"`).join(', ')}`, value);
  }
  return loss as CompileArgs['loss'];
}

function optimizerOf(value: unknown, file: string): Optimizer {
  const field = 'trainingConfig.optimizer_config';
  if (!isObject(value)) throw expected(file, field, 'an object { class_name, config }', value);
  const className = value.class_name ?? value.className;
  if (typeof className !== 'string' || !Object.hasOwn(CLASSES, className)) {
    throw expected(file, `${field}.class_name`, `one of ${Object.keys(CLASSES).map((k) => `"${k}"`).join(', ')} (TF.js's optimizer classes)`, className);
  }
  const config = value.config ?? {};
  if (!isObject(config)) throw expected(file, `${field}.config`, `an object of ${className}'s settings`, value.config);
  const { keys, make } = CLASSES[className];
  const args: Hyper = {};
  for (const [key, v] of Object.entries(config)) {
    const name = camel(key);
    if (!Object.hasOwn(keys, name) || v === null) continue;
    if (typeof v !== keys[name] || (typeof v === 'number' && !Number.isFinite(v))) throw expected(file, `${field}.config.${key}`, keys[name] === 'number' ? 'a finite number' : 'true or false', v);
    args[name] = v as number | boolean;
  }
  try {
    return make(args);
  } catch (error) {
    // The optimizer's own range checks (a negative learning rate, beta1 >= 1) name the setting.
    if (error instanceof FormatError || !(error instanceof Error)) throw error;
    throw expected(file, `${field}.config`, `${className}'s settings within range (${error.message})`, config);
  }
}
