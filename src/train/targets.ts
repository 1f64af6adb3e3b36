/**
 * `fit`'s and `evaluate`'s targets, checked against the model's output and
 * loss before any GPU work: float values shaped like the output (a flat
 * typed array, or one value per sample for an output of one unit), or, for a
 * sparse loss, one class id per output row. Host values must be finite and
 * class ids integers in range; GPU-resident targets are checked by a kernel
 * before the first update (see data-check.ts).
 */
import { isSparse, type LossName } from '../cpu/losses.js';
import { formatTuple, type Shape } from '../layers/shape.js';
import { toHostData, type TensorLike } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';
import { oneEntry } from './feed.js';
import { formatShape, positionOf } from '../validate/position.js';

/** Checked targets: host values not yet uploaded, or a float32 tensor (a view when reshaped). */
export type TargetFeed = { kind: 'host'; data: Float32Array; shape: number[] } | { kind: 'tensor'; tensor: Tensor<'float32'>; owned: boolean };

/**
 * @internal The shape of one sample's targets: the output's, or for a
 * sparse loss the output's rows with one class id each.
 *
 * @example
 * ```ts
 * targetSample([null, 10], 'sparseCategoricalCrossentropy'); // [1]
 * ```
 */
export function targetSample(output: Shape, loss: LossName): Shape {
  return isSparse(loss) ? [...output.slice(1, -1), 1] : output.slice(1);
}

/** Accepts `[n, ...sample]`, and a 1-D `[n]` or flat typed array where the sample shape allows. */
function conformTargets(received: readonly number[], flatLength: number | null, sample: Shape, owner: string, expected: string): number[] {
  const fixed = sample.every((d) => d !== null);
  const size = fixed ? (sample as number[]).reduce((a, b) => a * b, 1) : 0;
  if (flatLength !== null && fixed && size > 0 && flatLength % size === 0) return [flatLength / size, ...(sample as number[])];
  if (received.length === sample.length + 1 && sample.every((d, i) => d === null || d === received[i + 1])) return [...received];
  // One class id per row may leave out the trailing 1, as Keras accepts.
  if (received.length === sample.length && sample[sample.length - 1] === 1 && sample.slice(0, -1).every((d, i) => d === null || d === received[i + 1])) {
    return [...received, 1];
  }
  throw new RangeError(`${owner}: expected targets of shape ${expected}, received shape ${formatShape(received)}.`);
}

/**
 * @internal Checks targets for an output of shape `output` trained with
 * `loss` (or a list of one such value, see `oneEntry`); the error names
 * `owner` and what was expected.
 *
 * @example
 * ```ts
 * checkTargets(new Float32Array([4, 3.5]), [null, 1], 'meanAbsoluteError', "Model 'm'.fit"); // host [2, 1]
 * ```
 */
export function checkTargets(targets: unknown, output: Shape, loss: LossName, owner: string): TargetFeed {
  const sample = targetSample(output, loss);
  const y = oneEntry(targets, sample.length + 1);
  const expected = formatTuple([null, ...sample]);
  const sparse = isSparse(loss);
  const classes = output[output.length - 1];
  if (y instanceof Tensor) {
    if (y.dtype !== 'float32') {
      throw new TypeError(`${owner}: expected float32 targets, received a ${y.dtype} tensor; make them with tensor(values, shape, 'float32').`);
    }
    const shape = conformTargets(y.shape, y.rank === 1 ? y.size : null, sample, owner, expected);
    const same = shape.length === y.rank && shape.every((d, i) => d === y.shape[i]);
    return same ? { kind: 'tensor', tensor: y as Tensor<'float32'>, owned: false } : { kind: 'tensor', tensor: y.reshape(shape) as Tensor<'float32'>, owned: true };
  }
  if (y === null || y === undefined) throw new TypeError(`${owner}: expected targets of shape ${expected}, received ${String(y)}.`);
  const host = toHostData(y as TensorLike, undefined, 'float32', `${owner}: targets`);
  const flat = ArrayBuffer.isView(y) ? host.data.length : null;
  const shape = conformTargets(host.shape, flat, sample, owner, expected);
  const data = host.data as Float32Array;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!Number.isFinite(v)) throw new RangeError(`${owner}: expected finite targets, received ${v} at ${positionOf(i, shape)}.`);
    if (sparse && typeof classes === 'number' && !(Number.isInteger(v) && v >= 0 && v < classes)) {
      throw new RangeError(`${owner}: loss '${loss}' expects integer class ids in [0, ${classes}), received ${v} at ${positionOf(i, shape)}.`);
    }
  }
  return { kind: 'host', data, shape };
}
