/**
 * Charts of a run (chart.js). The standard case gets one bar chart per op
 * (a labelled bar per implementation, the copy bounds as dashed lines);
 * sweeps get line charts over D, N and V, and the gather vs one-hot
 * crossover over V. Every chart has a legend and a line saying how to read
 * it; colours follow the implementation (chart-style.ts), so ours is the
 * same blue everywhere. Ops the page does not know are charted by the same
 * rules: bars at the standard shape, a line chart over any axis they sweep.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type Scale,
} from 'chart.js';
import { boundLines, legendWithBounds, valueLabels } from './chart-plugins.js';
import { BOUND, byImpl, dashOf, formatSize, formatValue, ImplColors, logTick, seriesName } from './chart-style.js';
import { comparesToBounds, type BenchResults, type CaseResult, type Shape } from './suite/results.js';
import { standard } from './suite/suite.js';

Chart.register(BarController, BarElement, CategoryScale, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, Tooltip);

/** What the page drew, chart by chart (the browser test checks legends and colours with it). */
export interface DrawnChart {
  title: string;
  /** Bars of one op at the standard case, or lines over an axis. */
  kind: 'bars' | 'lines';
  /** The ops it shows (bounds aside). */
  ops: string[];
  /** Legend entries: each series' label, implementation, colour, and whether it is dashed. */
  series: { label: string; impl: string; color: string; dashed: boolean }[];
}

/** One page's colour assignments and the charts drawn so far. */
interface Page {
  colors: ImplColors;
  drawn: DrawnChart[];
}

/** What a chart plots: GB/s when every case has it (higher is faster), else ms per call (lower is faster). */
interface Metric {
  value: (c: CaseResult) => number;
  unit: string;
  axis: string;
}

function metricOf(cases: readonly CaseResult[]): Metric {
  return cases.every((c) => c.gbps !== null)
    ? { value: (c) => c.gbps!, unit: 'GB/s', axis: 'GB/s (log scale)' }
    : { value: (c) => c.msMedian, unit: 'ms', axis: 'ms per call (log scale)' };
}

/** What each op times, for chart titles; an op not listed is titled by its name. */
const opTitles: Record<string, string> = {
  gather: 'gather: N rows of a [V, D] table by index',
  'onehot-lookup': 'one-hot lookup: oneHot(indices) · table',
  matmul: 'matMul: [N, V] · [V, D]',
  'predict-small': 'Embedding model predict, 2 indices, with readback',
  'predict-large': 'Embedding model predict, N indices, with readback',
  'predict-latency': 'Embedding model predict latency: N indices, with readback',
  'embedding-bag': 'embeddingBag, sum of bags of 8',
  'gather-float16': 'gather from a float16 table',
  'gather-int8': 'gather from an int8 table',
  'top-k': 'nearest neighbours: top-k of 16 queries',
  'embedding-backward': 'embedding gradient: N rows summed into their table rows',
  'fit-regression': "one training epoch of the lab's dot model (N samples, Adam, MAE, batch 64)",
  'fit-deep': "one training epoch of the lab's deep model (N samples, Adam, MAE, batch 64)",
};

const shapeText = (s: Shape) => `V=${formatSize(s.V)} D=${formatSize(s.D)} N=${formatSize(s.N)}`;

/** Log-axis ticks labelled by {@link logTick}, so they never crowd. */
function logAxis(title: string, min?: number, max?: number) {
  return {
    type: 'logarithmic' as const,
    min,
    max,
    title: { display: true, text: title },
    ticks: {
      autoSkip: false,
      maxRotation: 0,
      callback(this: Scale, value: string | number) {
        return logTick(Number(value), this.min, this.max);
      },
    },
  };
}

/** A chart in a figure: its title and how-to-read line in HTML, the canvas below. */
function addChart(parent: HTMLElement, title: string, how: string, height: number, config: ChartConfiguration<'bar' | 'line'>): void {
  const figure = document.createElement('figure');
  figure.className = 'chart';
  const heading = document.createElement('h4');
  heading.textContent = title;
  const caption = document.createElement('p');
  caption.className = 'how';
  caption.textContent = how;
  const box = document.createElement('div');
  box.className = 'canvas';
  box.style.height = `${height}px`;
  const canvas = document.createElement('canvas');
  box.append(canvas);
  figure.append(heading, caption, box);
  parent.append(figure);
  const options = { ...config.options, maintainAspectRatio: false, animation: false as const };
  new Chart(canvas, { ...config, options } as ChartConfiguration);
}

/** Bars: one op at one shape, a bar per implementation, bounds of the same shape as dashed lines. */
function opBars(parent: HTMLElement, { colors, drawn }: Page, op: string, cases: CaseResult[], all: readonly CaseResult[]): void {
  const metric = metricOf(cases);
  const impls = [...new Set(cases.map((c) => c.impl))].sort(byImpl);
  const shape = cases[0];
  const bounds = metric.unit === 'GB/s' && comparesToBounds(op)
    ? all.filter((c) => c.impl === 'bound' && c.V === shape.V && c.D === shape.D && c.N === shape.N && c.gbps !== null)
    : [];
  const lines = bounds.map((b) => ({ value: b.gbps!, label: seriesName('bound', b.op), dash: dashOf('bound', b.op) }));
  const values = [...cases.map(metric.value), ...lines.map((l) => l.value)];
  const labels = impls.map((impl) => seriesName(impl, op));
  const how = metric.unit === 'GB/s'
    ? `GB/s: the bytes the op must read and write, per second; longer is faster.${lines.length ? ' Dashed: the copy bounds at this shape, what a lookup could reach.' : ''}`
    : 'Milliseconds per call; shorter is faster.';
  const title = `${opTitles[op] ?? op} (${shapeText(shape)})`;
  drawn.push({
    title,
    kind: 'bars',
    ops: [op],
    series: [
      ...impls.map((impl, i) => ({ label: labels[i], impl, color: colors.of(impl), dashed: false })),
      ...lines.map((line) => ({ label: line.label, impl: 'bound', color: BOUND, dashed: true })),
    ],
  });
  addChart(parent, title, how, 90 + 30 * impls.length + 20 * lines.length, {
    type: 'bar',
    data: {
      labels,
      datasets: impls.map((impl, i) => ({
        label: labels[i],
        data: impls.map((other) => (other === impl ? metric.value(cases.find((c) => c.impl === impl)!) : null)),
        backgroundColor: colors.of(impl),
        skipNull: true,
      })),
    },
    options: {
      indexAxis: 'y',
      layout: { padding: { right: 80 } },
      plugins: {
        legend: { position: 'bottom', labels: { generateLabels: legendWithBounds(lines) as never, boxWidth: 24 }, onClick: () => undefined },
        tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${formatValue(item.parsed.x ?? 0)} ${metric.unit}` } },
      },
      scales: { x: logAxis(metric.axis, Math.min(...values) / 2, Math.max(...values) * 1.5), y: { ticks: { autoSkip: false } } },
    },
    plugins: [valueLabels(metric.unit), boundLines(lines)],
  });
}

/** Short op names for series labels when a chart has several ops, and their point markers (others: circles). */
const opNames: Record<string, string> = { gather: 'gather', 'onehot-lookup': 'one-hot lookup' };
const opPoints: Record<string, 'triangle'> = { 'onehot-lookup': 'triangle' };

/** Lines: `cases` over `axis`, a series per op/implementation, coloured by implementation; bounds dashed. */
function sweep(parent: HTMLElement, { colors, drawn }: Page, title: string, how: string, cases: CaseResult[], axis: keyof Shape, metric = metricOf(cases)): void {
  const xs = [...new Set(cases.map((c) => c[axis]))].sort((a, b) => a - b);
  const ops = [...new Set(cases.filter((c) => c.impl !== 'bound').map((c) => c.op))].sort((a, b) => Number(a in opPoints) - Number(b in opPoints));
  const keys = [...new Map(cases.map((c) => [`${c.op}|${c.impl}`, c])).values()].sort((a, b) => byImpl(a.impl, b.impl) || ops.indexOf(a.op) - ops.indexOf(b.op));
  const labelOf = (op: string, impl: string) => (impl === 'bound' || ops.length === 1 ? seriesName(impl, op) : `${seriesName(impl, op)}: ${opNames[op] ?? op}`);
  drawn.push({ title, kind: 'lines', ops, series: keys.map(({ op, impl }) => ({ label: labelOf(op, impl), impl, color: colors.of(impl), dashed: dashOf(impl, op).length > 0 })) });
  addChart(parent, title, how, 360, {
    type: 'line',
    data: {
      labels: xs.map(formatSize),
      datasets: keys.map(({ op, impl }) => {
        const name = labelOf(op, impl);
        const color = colors.of(impl);
        return {
          label: name,
          data: xs.map((x) => {
            const c = cases.find((k) => k.op === op && k.impl === impl && k[axis] === x);
            return c ? metric.value(c) : null;
          }),
          borderColor: color,
          // A bound's legend box is its dashed outline only, so that it reads as a dashed line.
          backgroundColor: impl === 'bound' ? 'rgba(0,0,0,0)' : color,
          pointBackgroundColor: color,
          borderDash: dashOf(impl, op),
          borderWidth: impl === 'ours' ? 3 : 2,
          pointStyle: opPoints[op] ?? 'circle',
          pointRadius: 4,
          spanGaps: true,
        };
      }),
    },
    options: {
      // Flat legend boxes read as short lines; a bound's shows its dashes.
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 30, boxHeight: 3 } } },
      scales: { x: { title: { display: true, text: axis } }, y: logAxis(metric.axis) },
    },
  });
}

const at = (cases: readonly CaseResult[], fixed: Partial<Shape>) => cases.filter((c) => Object.entries(fixed).every(([k, v]) => c[k as keyof Shape] === v));

/** Ops with no one shape of their own (the latency sweep over N): drawn as sweeps only. */
const sweptOnly: ReadonlySet<string> = new Set(['predict-latency']);

/** The cases of each op at the standard V and D, at the standard N where the op has it (else its most common N). */
function standardCases(results: BenchResults): Map<string, CaseResult[]> {
  const byOp = new Map<string, CaseResult[]>();
  for (const c of at(results.cases, { V: standard.V, D: standard.D })) {
    if (c.impl === 'bound' || sweptOnly.has(c.op)) continue;
    byOp.set(c.op, [...(byOp.get(c.op) ?? []), c]);
  }
  for (const [op, cases] of byOp) {
    const counts = new Map<number, number>();
    for (const c of cases) counts.set(c.N, (counts.get(c.N) ?? 0) + 1);
    const N = counts.has(standard.N) ? standard.N : [...counts].sort((a, b) => b[1] - a[1])[0][0];
    byOp.set(op, cases.filter((c) => c.N === N));
  }
  return byOp;
}

/** The cases of each op not in `drawn`, at the shape the op was measured at most often. */
function commonShapeCases(results: BenchResults, drawn: ReadonlySet<string>): Map<string, CaseResult[]> {
  const byOp = new Map<string, Map<string, CaseResult[]>>();
  for (const c of results.cases) {
    if (c.impl === 'bound' || drawn.has(c.op) || sweptOnly.has(c.op)) continue;
    const shapes = byOp.get(c.op) ?? new Map<string, CaseResult[]>();
    const key = shapeText(c);
    shapes.set(key, [...(shapes.get(key) ?? []), c]);
    byOp.set(c.op, shapes);
  }
  return new Map([...byOp].map(([op, shapes]) => [op, [...shapes.values()].sort((a, b) => b.length - a.length)[0]]));
}

/** Line charts of ops other than gather that vary along one axis with the others fixed. */
function otherSweeps(grid: HTMLElement, page: Page, results: BenchResults): void {
  const handled = new Set(['gather', 'onehot-lookup', 'copy-buffer', 'copy-kernel']);
  for (const op of new Set(results.cases.map((c) => c.op))) {
    if (handled.has(op)) continue;
    const cases = results.cases.filter((c) => c.op === op);
    for (const axis of ['D', 'N', 'V'] as const) {
      const others = (['V', 'D', 'N'] as const).filter((k) => k !== axis);
      const groups = new Map<string, CaseResult[]>();
      for (const c of cases) groups.set(others.map((k) => c[k]).join(','), [...(groups.get(others.map((k) => c[k]).join(',')) ?? []), c]);
      for (const group of groups.values()) {
        if (new Set(group.map((c) => c[axis])).size < 3) continue;
        const fixed = others.map((k) => `${k}=${formatSize(group[0][k])}`).join(' ');
        sweep(grid, page, `${opTitles[op] ?? op}, over ${axis} (${fixed})`, `Each implementation as ${axis} grows; ${metricOf(group).unit === 'GB/s' ? 'higher is faster' : 'lower is faster'}.`, group, axis);
      }
    }
  }
}

/** A titled grid of charts; `close()` removes it again if nothing was drawn in it (no empty boxes). */
function section(container: HTMLElement, title: string, intro: string): { grid: HTMLElement; close: () => void } {
  const part = document.createElement('section');
  const heading = document.createElement('h3');
  heading.textContent = title;
  const text = document.createElement('p');
  text.textContent = intro;
  const grid = document.createElement('div');
  grid.className = 'charts';
  part.append(heading, text, grid);
  container.append(part);
  return { grid, close: () => grid.childElementCount === 0 && part.remove() };
}

/**
 * Draws every results file into `container`; returns what it drew, chart by chart.
 *
 * @example
 * ```ts
 * drawResults(document.body, [await (await fetch('results/chromium.json')).json()]);
 * ```
 */
export function drawResults(container: HTMLElement, all: BenchResults[]): DrawnChart[] {
  const page: Page = { colors: new ImplColors(), drawn: [] };
  for (const results of all) {
    const heading = document.createElement('h2');
    heading.textContent = `${results.runtime}: ${results.adapter.description || results.adapter.architecture} (${results.date})`;
    container.append(heading);
    const standardPart = section(container, `Standard case (${shapeText(standard)})`,
      'One chart per op. Where an op is too slow at N = 4,096 on this adapter it runs at a smaller N, named in its title.');
    const atStandard = standardCases(results);
    for (const [op, cases] of atStandard) opBars(standardPart.grid, page, op, cases, results.cases);
    standardPart.close();

    const otherPart = section(container, 'Other cases', 'Ops measured at shapes of their own (e.g. training epochs of the lab\'s models), one chart per op.');
    for (const [op, cases] of commonShapeCases(results, new Set(atStandard.keys()))) opBars(otherPart.grid, page, op, cases, results.cases);
    otherPart.close();

    const lookups = results.cases.filter((c) => c.op === 'gather' || c.op.startsWith('copy'));
    const sweepPart = section(container, 'Sweeps around the standard case', 'One axis changes at a time; the others stay at the standard case.');
    const sweeps = sweepPart.grid;
    const perAxis = [
      ['D', `Gather over D (V=${formatSize(standard.V)}, N=${formatSize(standard.N)})`, at(lookups, { V: standard.V, N: standard.N })],
      ['N', `Gather over N (V=${formatSize(standard.V)}, D=${formatSize(standard.D)})`, at(lookups, { V: standard.V, D: standard.D })],
      ['V', `Gather over V (D=${formatSize(standard.D)}, N=${formatSize(standard.N)})`, at(lookups, { D: standard.D, N: standard.N })],
    ] as const;
    for (const [axis, title, cases] of perAxis) {
      if (new Set(cases.map((c) => c[axis])).size < 2) continue;
      sweep(sweeps, page, title, `GB/s of each gather as ${axis} grows; higher is faster. Dashed: the adapter's copy bounds, what a gather could reach.`, cases, axis);
    }
    const oneHot = results.cases.filter((c) => c.op === 'onehot-lookup' && c.D === standard.D);
    const crossN = oneHot[0]?.N ?? standard.N;
    const crossover = results.cases.filter((c) => (c.op === 'gather' || c.op === 'onehot-lookup') && c.D === standard.D && c.N === crossN && !c.impl.startsWith('cpu') && c.impl !== 'js-rowcopy');
    if (oneHot.length && new Set(crossover.map((c) => c.V)).size >= 2) {
      sweep(sweeps, page, `gather vs one-hot lookup over V (D=${formatSize(standard.D)}, N=${formatSize(crossN)})`,
        'Milliseconds per lookup (circles: gather, triangles: one-hot); lower is faster. The one-hot product grows with V, the gather does not.', crossover, 'V',
        { value: (c) => c.msMedian, unit: 'ms', axis: 'ms per call (log scale)' });
    }
    otherSweeps(sweeps, page, results);
    sweepPart.close();
  }
  return page.drawn;
}
