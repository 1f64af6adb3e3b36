/**
 * Host-side index validation, run before any GPU work: every index must be an
 * integer in `[0, upper)`. Errors name the op, the position, the value and
 * the valid range, e.g.
 * `gather: expected integer indices in [0, 10), received 12 at [1, 0]`.
 */
import { flattenNested, type Flat } from './nested.js';
import { formatShape, formatValue, positionOf } from './position.js';

/**
 * What an op does with an index outside `[0, upper)`: `'throw'` (the
 * default) rejects it - at once for host indices, at the next read of the
 * result for indices already on the GPU; `'zero'` gives a zero row.
 */
export type OutOfRange = 'throw' | 'zero';

/**
 * Checks an `outOfRange` option, returning the policy.
 *
 * @example
 * ```ts
 * outOfRangePolicy(options.outOfRange, 'gather'); // 'throw' when undefined
 * ```
 */
export function outOfRangePolicy(value: unknown, op: string): OutOfRange {
  if (value === undefined || value === 'throw' || value === 'zero') return value ?? 'throw';
  throw new TypeError(`${op}: expected outOfRange to be 'throw' or 'zero', received ${formatValue(value)}.`);
}

/** Index data the library accepts from the host: a number, nested arrays (readonly ones too), or an integer typed array. */
export type IndexData = number | readonly unknown[] | Int32Array | Uint32Array | BigInt64Array | BigUint64Array;

/**
 * Converts host indices to a validated `Int32Array` with its shape. Typed
 * arrays are flat (shape `[length]`) unless `shape` is given. Under
 * `outOfRange: 'zero'` integers outside `[0, upper)` pass (stored as -1 when
 * they do not fit int32, so they stay out of range); non-integers never do.
 *
 * @example
 * ```ts
 * toIndices([[2], [0]], { op: 'gather', upper: 3 }); // { data: Int32Array [2, 0], shape: [2, 1] }
 * toIndices([[5]], { op: 'gather', upper: 3 });      // RangeError: ... received 5 at [0, 0]
 * ```
 */
export function toIndices(
  input: IndexData,
  options: { op: string; upper: number; shape?: readonly number[]; outOfRange?: OutOfRange },
): Flat<Int32Array> {
  const { op, upper } = options;
  const zero = options.outOfRange === 'zero';
  let values: ArrayLike<number | bigint>;
  let shape: number[];
  if (input === null || input === undefined) throw new TypeError(`${op}: expected indices, received ${formatValue(input)}.`);
  if (ArrayBuffer.isView(input)) {
    if (!(input instanceof Int32Array || input instanceof Uint32Array || input instanceof BigInt64Array || input instanceof BigUint64Array)) {
      throw new TypeError(
        `${op}: expected indices as nested arrays, Int32Array, Uint32Array or BigInt64Array, received ${(input as ArrayBufferView).constructor.name}.`,
      );
    }
    values = input;
    shape = options.shape ? [...options.shape] : [input.length];
  } else if (typeof input === 'number' || Array.isArray(input)) {
    ({ data: values, shape } = flattenNested(input, op));
  } else {
    throw new TypeError(`${op}: expected indices as nested arrays or an integer typed array, received ${formatValue(input)}.`);
  }
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== values.length) {
    throw new RangeError(`${op}: ${values.length} indices do not fill shape ${formatShape(shape)} (${count} entries).`);
  }
  const data = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    const number = typeof value === 'bigint' ? Number(value) : value;
    if (typeof value !== 'bigint' && !Number.isInteger(number)) {
      throw new TypeError(`${op}: expected integer indices in [0, ${upper}), received ${formatValue(value)} at ${positionOf(i, shape)}.`);
    }
    if (number < 0 || number >= upper) {
      if (zero) {
        data[i] = number >= -(2 ** 31) && number < 2 ** 31 ? number : -1;
        continue;
      }
      throw new RangeError(`${op}: expected integer indices in [0, ${upper}), received ${formatValue(value)} at ${positionOf(i, shape)}.`);
    }
    data[i] = number;
  }
  return { data, shape };
}
