/**
 * Initial values for weights, by name as in Keras or as a function.
 */
import { toHostData, type TensorLike } from '../tensor/create.js';
import { formatShape, formatValue } from '../validate/position.js';
import { standardNormal, uniformSource } from './random.js';

/** Built-in initialisers: 'uniform' = U(-0.05, 0.05), 'normal' = N(0, 0.05²), 'zeros', 'ones'. */
export type InitializerName = 'uniform' | 'normal' | 'zeros' | 'ones';

/** A custom initialiser: returns `shape`'s values (nested arrays or a flat array). */
export type InitializerFn = (shape: readonly number[]) => TensorLike;

/** What `embeddingsInitializer` accepts. */
export type Initializer = InitializerName | InitializerFn;

const names: readonly InitializerName[] = ['uniform', 'normal', 'zeros', 'ones'];

/** Keras's defaults for RandomUniform (±0.05) and RandomNormal (stddev 0.05). */
const SCALE = 0.05;

/**
 * Throws a TypeError unless `init` is a known name or a function.
 *
 * @example
 * ```ts
 * checkInitializer('glorot', "Embedding 'e'"); // TypeError naming the accepted values
 * ```
 */
export function checkInitializer(init: unknown, owner: string): asserts init is Initializer {
  if (typeof init === 'function' || names.includes(init as InitializerName)) return;
  throw new TypeError(`${owner}: expected embeddingsInitializer to be one of ${names.map((n) => `'${n}'`).join(', ')} or a function, received ${formatValue(init)}.`);
}

/**
 * The initial values of a weight of `shape`; `seed` makes random ones reproducible.
 *
 * @example
 * ```ts
 * initialValues('uniform', [10, 4], 42, "Embedding 'e'"); // Float32Array(40), all in [-0.05, 0.05]
 * ```
 */
export function initialValues(init: Initializer, shape: readonly number[], seed: number | undefined, owner: string): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  if (typeof init === 'function') {
    const host = toHostData(init(shape), undefined, 'float32', `${owner} embeddingsInitializer`);
    if (host.data.length !== size) {
      throw new RangeError(`${owner}: embeddingsInitializer returned ${host.data.length} values for shape ${formatShape(shape)} (${size} expected).`);
    }
    return host.data as Float32Array;
  }
  const out = new Float32Array(size);
  if (init === 'ones') out.fill(1);
  if (init === 'uniform' || init === 'normal') {
    const next = uniformSource(seed);
    for (let i = 0; i < size; i++) out[i] = init === 'uniform' ? (next() * 2 - 1) * SCALE : standardNormal(next) * SCALE;
  }
  return out;
}
