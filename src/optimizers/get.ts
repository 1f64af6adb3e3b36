/**
 * Optimizers by name, with the defaults TensorFlow.js's `compile` gives them.
 */
import { formatValue } from '../validate/position.js';
import { Adagrad } from './adagrad.js';
import { Adam } from './adam.js';
import { Optimizer } from './optimizer.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';

/** The names `compile` takes for an optimizer with default settings. */
export type OptimizerName = 'sgd' | 'adam' | 'adagrad' | 'rmsprop';

const byName: Record<string, () => Optimizer> = {
  sgd: () => new SGD(),
  adam: () => new Adam(),
  adagrad: () => new Adagrad(),
  rmsprop: () => new RMSprop(),
};

/**
 * @internal The optimizer `compile` uses for `identifier`: a new one with
 * TensorFlow.js's defaults for a name (`owned`: the model disposes it), or
 * the instance given.
 *
 * @example
 * ```ts
 * optimizerFrom('adam', "Model 'm'.compile"); // { optimizer: Adam (lr 0.001), owned: true }
 * ```
 */
export function optimizerFrom(identifier: unknown, owner: string): { optimizer: Optimizer; owned: boolean } {
  if (identifier instanceof Optimizer) return { optimizer: identifier, owned: false };
  const make = typeof identifier === 'string' ? (byName[identifier] ?? byName[identifier.toLowerCase()]) : undefined;
  if (!make) {
    throw new TypeError(`${owner}: expected optimizer to be one of 'sgd', 'adam', 'adagrad', 'rmsprop' or an optimizer such as new Adam(), received ${formatValue(identifier)}.`);
  }
  return { optimizer: make(), owned: true };
}
