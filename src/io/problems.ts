/**
 * The errors of file readers: a `FormatError` naming the file, the field and
 * the value, with a Keras-style message (what was expected, what was found).
 */
import { FormatError } from '../errors.js';
import { clipText, formatValue } from '../validate/position.js';

/**
 * A `FormatError` for `file` whose `field` is not what it should be:
 * "`file`: expected `field` to be `expected`, received `value`."
 *
 * @example
 * ```ts
 * throw expected('table.npy', 'header.shape', 'a tuple of non-negative integers', raw('(3, -1)'));
 * ```
 */
export function expected(file: string, field: string, what: string, value: unknown, hint = ''): FormatError {
  const text = value instanceof Raw ? value.text : formatValue(value);
  return new FormatError(`${file}: expected ${field} to be ${what}, received ${text}.${hint ? ` ${hint}` : ''}`, file, field, text);
}

/**
 * A `FormatError` with a message of its own, for problems that are not one
 * field's value (a truncated file, overlapping ranges).
 *
 * @example
 * ```ts
 * throw problem('a.safetensors', 'data_offsets', '[0, 8]', 'tensors "a" and "b" overlap');
 * ```
 */
export function problem(file: string, field: string, value: string, message: string): FormatError {
  return new FormatError(`${file}: ${message}`, file, field, value);
}

/** Text shown as it is in a message (e.g. a value as the file spells it), not quoted. */
export class Raw {
  constructor(readonly text: string) {}
}

/**
 * Marks `text` to be shown as it is.
 *
 * @example
 * ```ts
 * expected('a.npy', 'header.shape', 'a tuple', raw('(3, nan)')); // ... received (3, nan).
 * ```
 */
export function raw(text: string): Raw {
  return new Raw(clipText(text));
}
