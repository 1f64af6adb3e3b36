/**
 * Losses by name. The computation is the loss-rows kernel (GPU) and
 * cpu/losses.ts (CPU reference); this module maps the names `compile` takes
 * to them.
 */
import { isSparse, type LossName } from '../cpu/losses.js';
import { formatValue } from '../validate/position.js';

/** The loss names `compile` takes (TensorFlow.js's, and Keras's short aliases). */
export type LossIdentifier =
  | 'mse'
  | 'meanSquaredError'
  | 'mae'
  | 'meanAbsoluteError'
  | 'binaryCrossentropy'
  | 'categoricalCrossentropy'
  | 'sparseCategoricalCrossentropy';

/**
 * @internal Every name of each loss, TensorFlow.js's and Keras's short ones (metrics take them too).
 *
 * @example
 * ```ts
 * lossNames.mae; // 'meanAbsoluteError'
 * ```
 */
export const lossNames: Readonly<Record<string, LossName>> = {
  mse: 'meanSquaredError',
  MSE: 'meanSquaredError',
  meanSquaredError: 'meanSquaredError',
  mae: 'meanAbsoluteError',
  MAE: 'meanAbsoluteError',
  meanAbsoluteError: 'meanAbsoluteError',
  binaryCrossentropy: 'binaryCrossentropy',
  categoricalCrossentropy: 'categoricalCrossentropy',
  sparseCategoricalCrossentropy: 'sparseCategoricalCrossentropy',
};

/**
 * @internal The loss `identifier` names; a TypeError listing the names for anything else.
 *
 * @example
 * ```ts
 * lossFrom('mae', "Model 'm'.compile"); // 'meanAbsoluteError'
 * ```
 */
export function lossFrom(identifier: unknown, owner: string): LossName {
  const loss = typeof identifier === 'string' ? lossNames[identifier] : undefined;
  if (!loss) {
    throw new TypeError(`${owner}: expected loss to be one of ${Object.keys(lossNames).filter((k) => k !== k.toUpperCase()).map((k) => `'${k}'`).join(', ')}, received ${formatValue(identifier)}.`);
  }
  return loss;
}

/**
 * @internal Whether a loss reads one class id per sample row (sparse targets) rather than targets shaped like the output.
 *
 * @example
 * ```ts
 * takesClassIds('sparseCategoricalCrossentropy'); // true
 * ```
 */
export function takesClassIds(loss: LossName): boolean {
  return isSparse(loss);
}
