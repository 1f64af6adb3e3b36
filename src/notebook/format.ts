/**
 * NumPy-style printing for the notebook replay, so results read as the
 * notebook shows them: `print(x)` gives `[12. 13. 14. 15.]`, a cell's value
 * gives `array([[...]], dtype=float32)`, shapes print as `(None, 1, 4)`.
 * Follows NumPy's defaults: up to 8 fractional digits, columns aligned,
 * scientific notation when magnitudes call for it.
 */

/** Line width NumPy wraps at; used to decide where `dtype=` goes. */
const LINE_WIDTH = 75;

/** Formats every value of an array to one common layout (NumPy's FloatingFormat, simplified). */
function formatValues(values: ArrayLike<number>, dtype: 'float32' | 'int32'): string[] {
  const list = Array.from(values);
  if (dtype === 'int32') {
    const width = Math.max(0, ...list.map((v) => String(v).length));
    return list.map((v) => String(v).padStart(width));
  }
  const finite = list.filter((v) => Number.isFinite(v) && v !== 0).map(Math.abs);
  const scientific = finite.length > 0 && (Math.min(...finite) < 1e-4 || Math.max(...finite) >= 1e8);
  // Float32 values printed as the shortest decimal with at most 8 digits that NumPy would show.
  const parts = list.map((v) => {
    if (!Number.isFinite(v)) return { whole: String(v).replace('Infinity', 'inf'), fraction: '', exponent: '' };
    if (scientific) {
      const [mantissa, exp] = v.toExponential(8).split('e');
      const [whole, fraction = ''] = mantissa.split('.');
      const digits = Number(exp);
      return { whole, fraction: fraction.replace(/0+$/, ''), exponent: `e${digits < 0 ? '-' : '+'}${String(Math.abs(digits)).padStart(2, '0')}` };
    }
    const [whole, fraction = ''] = v.toFixed(8).split('.');
    return { whole: whole === '0' && v < 0 ? '-0' : whole, fraction: fraction.replace(/0+$/, ''), exponent: '' };
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
  if (dtype === 'int32') return `${body})`;
  const lastLine = body.slice(body.lastIndexOf('\n') + 1);
  return lastLine.length + ', dtype=float32)'.length <= LINE_WIDTH ? `${body}, dtype=float32)` : `${body},\n${indent}      dtype=float32)`;
}
