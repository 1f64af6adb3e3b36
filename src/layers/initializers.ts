/**
 * Initial values for weights, by name as in Keras and TF.js, or as a function.
 */
import { toHostData, type TensorLike } from '../tensor/create.js';
import { formatShape, formatValue } from '../validate/position.js';
import { standardNormal, uniformSource, type Uniform } from './random.js';

/**
 * Built-in initialisers: 'uniform' = U(-0.05, 0.05), 'normal' = N(0, 0.05²),
 * 'zeros', 'ones', and TF.js's variance-scaling ones: 'glorotUniform',
 * 'glorotNormal', 'heUniform', 'heNormal'.
 */
export type InitializerName = 'uniform' | 'normal' | 'zeros' | 'ones' | 'glorotUniform' | 'glorotNormal' | 'heUniform' | 'heNormal';

/** A custom initialiser: returns `shape`'s values (nested arrays or a flat array). */
export type InitializerFn = (shape: readonly number[]) => TensorLike;

/** What `embeddingsInitializer`, `kernelInitializer` and `biasInitializer` accept. */
export type Initializer = InitializerName | InitializerFn;

const names: readonly InitializerName[] = ['uniform', 'normal', 'zeros', 'ones', 'glorotUniform', 'glorotNormal', 'heUniform', 'heNormal'];

/** Keras's defaults for RandomUniform (±0.05) and RandomNormal (stddev 0.05). */
const SCALE = 0.05;

/**
 * Throws a TypeError unless `init` is a known name or a function; `option`
 * names the option in the message.
 *
 * @example
 * ```ts
 * checkInitializer('glorot', "Embedding 'e'"); // TypeError naming the accepted values
 * ```
 */
export function checkInitializer(init: unknown, owner: string, option = 'embeddingsInitializer'): asserts init is Initializer {
  if (typeof init === 'function' || names.includes(init as InitializerName)) return;
  throw new TypeError(`${owner}: expected ${option} to be one of ${names.map((n) => `'${n}'`).join(', ')} or a function, received ${formatValue(init)}.`);
}

/** TF.js's fan-in and fan-out of a weight shape (`computeFans`). */
function fans(shape: readonly number[]): [number, number] {
  if (shape.length === 2) return [shape[0], shape[1]];
  if (shape.length >= 3 && shape.length <= 5) {
    const field = shape.slice(0, -2).reduce((a, b) => a * b, 1);
    return [shape[shape.length - 2] * field, shape[shape.length - 1] * field];
  }
  const side = Math.sqrt(shape.reduce((a, b) => a * b, 1));
  return [side, side];
}

/** A normal sample cut at two standard deviations (drawn again beyond), as TF.js's truncatedNormal. */
function truncatedNormal(next: Uniform): number {
  for (;;) {
    const z = standardNormal(next);
    if (Math.abs(z) <= 2) return z;
  }
}

/** TF.js's VarianceScaling: variance `scale / n` with n the fan-in or the fans' mean. */
function varianceScaling(init: 'glorotUniform' | 'glorotNormal' | 'heUniform' | 'heNormal', shape: readonly number[], next: Uniform, out: Float32Array): void {
  const [fanIn, fanOut] = fans(shape);
  const glorot = init.startsWith('glorot');
  const variance = (glorot ? 1 : 2) / Math.max(1, glorot ? (fanIn + fanOut) / 2 : fanIn);
  if (init.endsWith('Uniform')) {
    const limit = Math.sqrt(3 * variance);
    for (let i = 0; i < out.length; i++) out[i] = (next() * 2 - 1) * limit;
  } else {
    const stddev = Math.sqrt(variance);
    for (let i = 0; i < out.length; i++) out[i] = truncatedNormal(next) * stddev;
  }
}

/**
 * The initial values of a weight of `shape`; `seed` makes random ones reproducible.
 *
 * @example
 * ```ts
 * initialValues('uniform', [10, 4], 42, "Embedding 'e'");       // Float32Array(40), all in [-0.05, 0.05]
 * initialValues('glorotUniform', [64, 1], 7, "Dense 'dense'");  // U(-limit, limit), limit = sqrt(6 / 65)
 * ```
 */
export function initialValues(init: Initializer, shape: readonly number[], seed: number | undefined, owner: string, option = 'embeddingsInitializer'): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  if (typeof init === 'function') {
    const host = toHostData(init(shape), undefined, 'float32', `${owner} ${option}`);
    if (host.data.length !== size) {
      throw new RangeError(`${owner}: ${option} returned ${host.data.length} values for shape ${formatShape(shape)} (${size} expected).`);
    }
    return host.data as Float32Array;
  }
  const out = new Float32Array(size);
  if (init === 'ones') out.fill(1);
  if (init === 'zeros') return out;
  const next = uniformSource(seed);
  if (init === 'uniform') for (let i = 0; i < size; i++) out[i] = (next() * 2 - 1) * SCALE;
  else if (init === 'normal') for (let i = 0; i < size; i++) out[i] = standardNormal(next) * SCALE;
  else if (init !== 'ones') varianceScaling(init, shape, next, out);
  return out;
}
