/**
 * The check every optimizer hyperparameter goes through.
 */
import { formatValue } from '../validate/position.js';

/**
 * Checks a hyperparameter: a finite number within `[min, max]` (or above `min` when `open`).
 *
 * @example
 * ```ts
 * hyper(args.learningRate, 0.001, 'learningRate', 'Adam', 0, Infinity, true);
 * ```
 */
export function hyper(value: unknown, fallback: number, name: string, owner: string, min: number, max: number, open = false): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (open && v === min)) {
    const range = max === Infinity ? `${open ? '>' : '>='} ${min}` : `in [${min}, ${max}${max === 1 && open ? ')' : ']'}`;
    throw new RangeError(`${owner}: expected ${name} to be a finite number ${range}, received ${formatValue(value)}.`);
  }
  return v;
}
