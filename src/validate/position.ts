/** Formats a flat offset in a row-major shape as a Keras-style position, e.g. `[1, 0]`. */
export function positionOf(flat: number, shape: readonly number[]): string {
  if (shape.length === 0) return '[]';
  const coords = new Array<number>(shape.length);
  let rest = flat;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    const extent = shape[axis] || 1;
    coords[axis] = rest % extent;
    rest = Math.floor(rest / extent);
  }
  return `[${coords.join(', ')}]`;
}

/** Formats a shape the way errors print it, e.g. `[2, null, 4]`. */
export function formatShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'null' : String(d))).join(', ')}]`;
}

/** Entries an error message shows of a list, at the top level and inside a nested one. */
const SHOWN_ENTRIES = [8, 4];
/** Characters an error message shows of a string, and of a whole value. */
const LONGEST_STRING = 60;
const LONGEST = 120;

/**
 * Formats a received value for an error message, short whatever its size:
 * strings quoted (a long one cut, with its length), bigints with `n`,
 * arrays and typed arrays by their first entries (a long one with its
 * length, nested ones summarised), plain objects as JSON-like text, a
 * function by its name, others as JavaScript prints them; at most about
 * 120 characters in all.
 *
 * @example
 * ```ts
 * formatValue('F33');                      // '"F33"'
 * formatValue([3, NaN]);                   // '[3, NaN]'
 * formatValue(new Int32Array(20000));      // 'Int32Array(20000) [0, 0, 0, 0, 0, 0, 0, 0, ...]'
 * formatValue([[1, 2, 3, 4, 5], [6]]);     // '[[1, 2, 3, 4, ...], [6]]'
 * formatValue({ training: true });         // '{"training": true}'
 * ```
 */
export function formatValue(value: unknown): string {
  return clipText(render(value, 0));
}

/**
 * Text for an error message, cut to about 120 characters (with `...`).
 *
 * @example
 * ```ts
 * clipText('(3, nan)'); // '(3, nan)'
 * ```
 */
export function clipText(text: string): string {
  return text.length > LONGEST ? `${text.slice(0, LONGEST - 3)}...` : text;
}

function render(value: unknown, depth: number): string {
  if (typeof value === 'string') {
    return value.length > LONGEST_STRING ? `${JSON.stringify(value.slice(0, LONGEST_STRING))}... (${value.length} characters)` : JSON.stringify(value);
  }
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return value.name ? `function ${value.name}` : 'a function';
  if (typeof value !== 'object' || value === null) return String(value);
  // A long top-level list says its length; nested ones only show that they go on.
  if (Array.isArray(value)) return list(value, depth, depth === 0 && value.length > SHOWN_ENTRIES[0] ? `Array(${value.length}) ` : '');
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const typed = value as unknown as ArrayLike<unknown>;
    return list(typed, depth, `${value.constructor.name}(${typed.length}) `);
  }
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `${value.constructor.name} of ${value.byteLength} bytes`;
  const prototype = Object.getPrototypeOf(value);
  if (prototype === Object.prototype || prototype === null) {
    const keys = Object.keys(value);
    if (depth > 2 && keys.length) return '{...}';
    const entries = keys.slice(0, SHOWN_ENTRIES[1]).map((k) => `${JSON.stringify(k)}: ${render((value as Record<string, unknown>)[k], depth + 1)}`);
    return `{${entries.join(', ')}${keys.length > SHOWN_ENTRIES[1] ? ', ...' : ''}}`;
  }
  try {
    return String(value);
  } catch {
    // An object whose toString is not a function still gets a description.
    return Object.prototype.toString.call(value);
  }
}

/** The first entries of a list (fewer when nested; none below three levels), after `head` (its type and length when cut). */
function list(values: ArrayLike<unknown>, depth: number, head: string): string {
  if (depth > 2) return values.length ? `${head}[...]` : `${head}[]`;
  const shown = SHOWN_ENTRIES[Math.min(depth, 1)];
  const entries = Array.from({ length: Math.min(values.length, shown) }, (_, i) => render(values[i], depth + 1));
  return `${head}[${entries.join(', ')}${values.length > shown ? ', ...' : ''}]`;
}
