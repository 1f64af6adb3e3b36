/**
 * Host-side index validation, run before any GPU work: every index must be an
 * integer in `[0, upper)`. Errors name the op, the position, the value and
 * the valid range, e.g.
 * `gather: expected integer indices in [0, 10), received 12 at [1, 0]`.
 */
import { flattenNested, type Flat } from './nested.js';
import { formatShape, formatValue, positionOf } from './position.js';

/** Index data the library accepts from the host. */
export type IndexData = number | unknown[] | Int32Array | Uint32Array | BigInt64Array | BigUint64Array;

/**
 * Converts host indices to a validated `Int32Array` with its shape. Typed
 * arrays are flat (shape `[length]`) unless `shape` is given.
 *
 * @example
 * ```ts
 * toIndices([[2], [0]], { op: 'gather', upper: 3 }); // { data: Int32Array [2, 0], shape: [2, 1] }
 * toIndices([[5]], { op: 'gather', upper: 3 });      // RangeError: ... received 5 at [0, 0]
 * ```
 */
export function toIndices(
  input: IndexData,
  options: { op: string; upper: number; shape?: readonly number[] },
): Flat<Int32Array> {
  const { op, upper } = options;
  let values: ArrayLike<number | bigint>;
  let shape: number[];
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
      throw new RangeError(`${op}: expected integer indices in [0, ${upper}), received ${formatValue(value)} at ${positionOf(i, shape)}.`);
    }
    data[i] = number;
  }
  return { data, shape };
}
