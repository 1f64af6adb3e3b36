/**
 * How the bench page draws an implementation, the same in every chart: a
 * colour per `impl` by a fixed rule (ours always the same blue, each peer
 * its own colour, bounds dark grey and dashed), names a reader understands,
 * and number formats for axes and labels. Pure functions, no DOM: tested in
 * Node (test/node/bench-style.test.ts).
 */

/** Ours: always this colour. */
export const OURS = '#1565c0';

/** Bounds (the adapter's copy speed) are drawn in this colour, dashed. */
export const BOUND = '#424242';

/** Fixed colours of the implementations the suite knows. */
const known: Record<string, string> = {
  ours: OURS,
  'ours-vec4': '#64b5f6',
  'ours-scalar': '#7e57c2',
  'ours-strided-4': '#26a69a',
  'ours-strided-16': '#8d6e63',
  'ours-rows': '#283593',
  'ours-rows-unrolled': '#5c6bc0',
  'ours-short-rows': '#0d47a1',
  'ours-host-copy': '#90caf9',
  'tfjs-webgpu': '#ef6c00',
  'ort-webgpu': '#2e7d32',
  'cpu-reference': '#9e9e9e',
  'js-rowcopy': '#c0ca33',
  bound: BOUND,
};

/** Colours for implementations the rule does not know, handed out in order of first appearance; none is a known colour. */
const fallback = ['#d81b60', '#00838f', '#6d4c41', '#f9a825', '#5e35b1', '#558b2f', '#ad1457', '#37474f', '#ff7043', '#0097a7'];

/**
 * Colours by implementation for one page: the fixed ones for known impls,
 * and for any other a fallback colour of its own, kept for the whole page.
 *
 * @example
 * ```ts
 * const colors = new ImplColors();
 * colors.of('ours'); // '#1565c0', in every chart
 * colors.of('my-new-peer'); // a colour no other impl on the page has
 * ```
 */
export class ImplColors {
  readonly #assigned = new Map<string, string>();

  of(impl: string): string {
    const fixed = known[impl];
    if (fixed) return fixed;
    let color = this.#assigned.get(impl);
    if (!color) {
      const n = this.#assigned.size;
      // Past the palette, vary the hue around the circle so that colours stay distinct.
      color = fallback[n] ?? `hsl(${(n * 137) % 360}, 55%, 45%)`;
      this.#assigned.set(impl, color);
    }
    return color;
  }
}

/** Dash patterns of the bounds (solid for everything else). */
const boundDash: Record<string, number[]> = { 'copy-buffer': [8, 4], 'copy-kernel': [3, 3] };

/**
 * The line dash of a series: bounds are dashed (each bound op its own
 * pattern), implementations solid.
 *
 * @example
 * ```ts
 * dashOf('bound', 'copy-kernel'); // [3, 3]
 * dashOf('ours', 'gather');       // []
 * ```
 */
export function dashOf(impl: string, op: string): number[] {
  return impl === 'bound' ? (boundDash[op] ?? [6, 3]) : [];
}

/** What readers call the implementations. */
const names: Record<string, string> = {
  ours: 'ours',
  'ours-rows': 'ours: whole-rows kernel',
  'ours-host-copy': 'ours, from the host copy (keepHostCopy)',
  'tfjs-webgpu': 'TensorFlow.js (WebGPU)',
  'ort-webgpu': 'ONNX Runtime Web (WebGPU)',
  'cpu-reference': 'CPU reference (JS)',
  'js-rowcopy': 'JS row copy (CPU)',
};

/**
 * A series' label: the implementation's name, or for a bound the op it
 * times, e.g. `copyBufferToBuffer (bound)`.
 *
 * @example
 * ```ts
 * seriesName('ours-vec4', 'gather');    // 'ours: vec4 kernel'
 * seriesName('bound', 'copy-kernel');   // 'vec4 copy kernel (bound)'
 * ```
 */
export function seriesName(impl: string, op: string): string {
  if (impl === 'bound') return op === 'copy-buffer' ? 'copyBufferToBuffer (bound)' : op === 'copy-kernel' ? 'vec4 copy kernel (bound)' : `${op} (bound)`;
  return names[impl] ?? (impl.startsWith('ours-') ? `ours: ${impl.slice(5)} kernel` : impl);
}

/**
 * Order of implementations in a chart: ours first, its variants, the
 * peers, the CPU, then anything else by name.
 *
 * @example
 * ```ts
 * ['tfjs-webgpu', 'ours'].sort(byImpl); // ['ours', 'tfjs-webgpu']
 * ```
 */
export function byImpl(a: string, b: string): number {
  const order = Object.keys(known);
  const rank = (impl: string) => {
    const fixed = order.indexOf(impl);
    if (fixed >= 0) return fixed;
    // Other variants of ours after our known kernels; other implementations after the CPU reference.
    return impl.startsWith('ours-') ? order.indexOf('ours-host-copy') - 0.5 : order.indexOf('cpu-reference') + 0.5;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}

/**
 * A number for a label or tooltip: three significant digits, thousands
 * separated, no exponent.
 *
 * @example
 * ```ts
 * formatValue(0.012345); // '0.0123'
 * formatValue(65536);    // '65,536'
 * ```
 */
export function formatValue(value: number): string {
  if (value === 0) return '0';
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value))));
  return Number(value.toPrecision(3)).toLocaleString('en-US', { maximumFractionDigits: digits });
}

/**
 * A sizes axis label: 1,000,000 as `1M`, 65,536 as `65,536`.
 *
 * @example
 * ```ts
 * formatSize(1_000_000); // '1M'
 * ```
 */
export function formatSize(value: number): string {
  if (value >= 1e6 && value % 1e6 === 0) return `${value / 1e6}M`;
  return value.toLocaleString('en-US');
}

/**
 * The label of a log-axis tick, or '' to leave it out: powers of ten
 * always; 2x and 5x as well when the axis spans less than three decades,
 * so that a short axis still has a few labels and a long one is not crowded.
 *
 * @example
 * ```ts
 * logTick(0.5, 0.1, 1000); // '' (four decades: powers of ten only)
 * logTick(100, 0.1, 1000); // '100'
 * logTick(0.5, 0.1, 30);   // '0.5'
 * ```
 */
export function logTick(value: number, min: number, max: number): string {
  if (!(value > 0)) return '';
  const mantissa = Number((value / 10 ** Math.floor(Math.log10(value) + 1e-9)).toPrecision(3));
  const decades = Math.log10(max / Math.max(min, Number.MIN_VALUE));
  const shown = mantissa === 1 || (decades < 3 && (mantissa === 2 || mantissa === 5));
  return shown ? formatValue(value) : '';
}
