/**
 * NumPy-style printing for the notebook replay, so results read as the
 * notebook shows them: `print(x)` gives `[12. 13. 14. 15.]`, a cell's value
 * gives `array([[...]], dtype=float32)`, shapes print as `(None, 1, 4)`.
 * Follows NumPy's defaults: up to 8 fractional digits, columns aligned,
 * scientific notation when magnitudes call for it.
 */
import type { Shape } from '../index.js';

/** Line width NumPy wraps at; used to decide where `dtype=` goes. */
const LINE_WIDTH = 75;

/**
 * The shortest decimal that reads back as the same float32, as NumPy prints
 * float32 values (so 1e-5 stays 1e-5, not its float64 expansion 9.99999975e-06).
 */
function shortestFloat32(value: number): number {
  if (!Number.isFinite(value)) return value;
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === Math.fround(value)) return candidate;
  }
  return Number(value.toPrecision(9));
}

/** Formats every value of an array to one common layout (NumPy's FloatingFormat, simplified). */
function formatValues(values: ArrayLike<number>, dtype: 'float32' | 'int32'): string[] {
  const list = Array.from(values);
  if (dtype === 'int32') {
    const width = Math.max(0, ...list.map((v) => String(v).length));
    return list.map((v) => String(v).padStart(width));
  }
  const finite = list.filter((v) => Number.isFinite(v) && v !== 0).map(Math.abs);
  const scientific = finite.length > 0 && (Math.min(...finite) < 1e-4 || Math.max(...finite) >= 1e8);
  const parts = list.map((stored) => {
    const v = shortestFloat32(stored);
    if (!Number.isFinite(v)) return { whole: String(v).replace('Infinity', 'inf'), fraction: '', exponent: '' };
    if (scientific) {
      const [mantissa, exp] = v.toExponential(8).split('e');
      const [whole, fraction = ''] = mantissa.split('.');
      const digits = Number(exp);
      return { whole, fraction: fraction.replace(/0+$/, ''), exponent: `e${digits < 0 ? '-' : '+'}${String(Math.abs(digits)).padStart(2, '0')}` };
    }
    const [whole, fraction = ''] = v.toFixed(8).split('.');
    return { whole, fraction: fraction.replace(/0+$/, ''), exponent: '' };
  });
  const wholeWidth = Math.max(...parts.map((p) => p.whole.length));
  const fractionWidth = Math.max(...parts.map((p) => p.fraction.length));
  return parts.map((p) => {
    const fraction = scientific ? p.fraction.padEnd(fractionWidth, '0') : p.fraction.padEnd(fractionWidth, ' ');
    return `${p.whole.padStart(wholeWidth)}.${fraction}${p.exponent}`;
  });
}

/** Nests formatted values by `shape`: `separator` between elements, blank lines between blocks, `indent` after each newline. */
function nestText(cells: string[], shape: readonly number[], separator: string, indent: string): string {
  if (shape.length === 0) return cells[0];
  const build = (axis: number, offset: number, pad: string): string => {
    const extent = shape[axis];
    const stride = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    const items: string[] = [];
    for (let i = 0; i < extent; i++) {
      items.push(axis === shape.length - 1 ? cells[offset + i] : build(axis + 1, offset + i * stride, `${pad} `));
    }
    const breaks = shape.length - axis - 1;
    const joiner = breaks === 0 ? separator : `${separator.trimEnd()}${'\n'.repeat(breaks)}${indent}${pad} `;
    return `[${items.join(joiner)}]`;
  };
  return build(0, 0, '');
}

/**
 * `print(x)` in NumPy: values separated by spaces.
 *
 * @example
 * ```ts
 * formatPrint([12, 13, 14, 15], [4]); // '[12. 13. 14. 15.]'
 * ```
 */
export function formatPrint(values: ArrayLike<number>, shape: readonly number[], dtype: 'float32' | 'int32' = 'float32'): string {
  return nestText(formatValues(values, dtype), shape, ' ', '');
}

/**
 * A NumPy array's repr, as a notebook shows a cell's value.
 *
 * @example
 * ```ts
 * formatRepr([0, 0, 0, 1], [4]); // 'array([0., 0., 0., 1.], dtype=float32)'
 * ```
 */
export function formatRepr(values: ArrayLike<number>, shape: readonly number[], dtype: 'float32' | 'int32' = 'float32', indent = ''): string {
  const body = `${indent}array(${nestText(formatValues(values, dtype), shape, ', ', `${indent}      `)}`;
  const suffix = `dtype=${dtype})`;
  const lastLine = body.slice(body.lastIndexOf('\n') + 1);
  return lastLine.length + 2 + suffix.length <= LINE_WIDTH ? `${body}, ${suffix}` : `${body},\n${indent}      ${suffix}`;
}

/**
 * A shape as Python prints a tuple (`None` for an unknown dimension), as the
 * notebook shows `model.output_shape`.
 *
 * @example
 * ```ts
 * pythonTuple([null, 1, 4]); // '(None, 1, 4)'
 * pythonTuple([null]);       // '(None,)'
 * ```
 */
export function pythonTuple(shape: Shape): string {
  const items = shape.map((d) => (d === null ? 'None' : `${d}`));
  return `(${items.join(', ')}${items.length === 1 ? ',' : ''})`;
}
