/**
 * The errors of file readers: a `FormatError` naming the file, the field and
 * the value, with a Keras-style message (what was expected, what was found).
 */
import { FormatError } from '../errors.js';

const LONGEST = 80;

/**
 * A value as an error message shows it: strings quoted, arrays and objects
 * as compact JSON-like text (NaN and Infinity kept), cut at 80 characters.
 *
 * @example
 * ```ts
 * shown([3, NaN]); // '[3, NaN]'
 * shown('F33');    // '"F33"'
 * ```
 */
export function shown(value: unknown): string {
  const text = render(value, 0);
  return text.length > LONGEST ? `${text.slice(0, LONGEST - 3)}...` : text;
}

function render(value: unknown, depth: number): string {
  if (typeof value === 'string') return JSON.stringify(value.length > LONGEST ? `${value.slice(0, LONGEST)}...` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value !== 'object' || value === null) return String(value);
  if (depth > 2) return Array.isArray(value) ? '[...]' : '{...}';
  if (Array.isArray(value)) return `[${value.slice(0, 16).map((v) => render(v, depth + 1)).join(', ')}${value.length > 16 ? ', ...' : ''}]`;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `${value.constructor.name} of ${value.byteLength} bytes`;
  const entries = Object.entries(value).slice(0, 8).map(([k, v]) => `${JSON.stringify(k)}: ${render(v, depth + 1)}`);
  return `{${entries.join(', ')}${Object.keys(value).length > 8 ? ', ...' : ''}}`;
}

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
  const text = value instanceof Raw ? value.text : shown(value);
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
  return new Raw(text.length > LONGEST ? `${text.slice(0, LONGEST - 3)}...` : text);
}
