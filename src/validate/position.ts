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

/** Formats a received value for an error message: strings quoted, others as JavaScript prints them. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (Array.isArray(value)) return 'an array';
  try {
    return String(value);
  } catch {
    // An object whose toString is not a function (e.g. parsed from a file) still gets a description.
    return Object.prototype.toString.call(value);
  }
}
