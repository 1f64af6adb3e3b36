/**
 * Charts of a run (chart.js): bars for the standard case, lines for the
 * sweeps over D, N and V, the gather vs one-hot lookup crossover over V, and
 * bars for the training epochs (issue 11).
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
  Title,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import type { BenchResults, CaseResult, Shape } from './suite/results.js';
import { standard } from './suite/suite.js';

Chart.register(BarController, BarElement, CategoryScale, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, Title, Tooltip);

const palette = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

function addChart(parent: HTMLElement, config: ChartConfiguration): void {
  const box = document.createElement('div');
  box.className = 'chart';
  const canvas = document.createElement('canvas');
  box.append(canvas);
  parent.append(box);
  new Chart(canvas, { ...config, options: { ...config.options, maintainAspectRatio: false, animation: false } });
}

const label = (c: CaseResult) => `${c.op} ${c.impl}`;

/** Bars: GB/s of every case at the standard shape (and matmul-type ops at their reduced N). */
function standardBars(parent: HTMLElement, results: BenchResults): void {
  const cases = results.cases.filter((c) => c.V === standard.V && c.D === standard.D && c.gbps !== null);
  addChart(parent, {
    type: 'bar',
    data: {
      labels: cases.map((c) => (c.N === standard.N ? label(c) : `${label(c)} (N=${c.N})`)),
      datasets: [{ label: 'GB/s (read + written)', data: cases.map((c) => c.gbps!), backgroundColor: cases.map((c) => palette[c.impl === 'bound' ? 3 : c.impl.startsWith('ours') ? 0 : 1]) }],
    },
    options: {
      indexAxis: 'y',
      plugins: { title: { display: true, text: `Standard case V=${standard.V} D=${standard.D} N=${standard.N}` }, legend: { display: false } },
      scales: { x: { type: 'logarithmic', title: { display: true, text: 'GB/s (log)' } } },
    },
  });
}

/** Bars: milliseconds per training epoch of each model, ours next to TensorFlow.js. */
function trainingBars(parent: HTMLElement, results: BenchResults): void {
  const cases = results.cases.filter((c) => c.op.startsWith('fit-'));
  if (!cases.length) return;
  const ops = [...new Set(cases.map((c) => c.op))];
  const impls = [...new Set(cases.map((c) => c.impl))];
  addChart(parent, {
    type: 'bar',
    data: {
      labels: ops.map((op) => `${op} (N=${cases.find((c) => c.op === op)!.N} samples)`),
      datasets: impls.map((impl, i) => ({
        label: impl,
        data: ops.map((op) => cases.find((c) => c.op === op && c.impl === impl)?.msMedian ?? null),
        backgroundColor: palette[impl.startsWith('ours') ? 0 : i + 1],
      })),
    },
    options: {
      indexAxis: 'y',
      plugins: { title: { display: true, text: 'One training epoch (Adam, MAE, batch 64): ms, lower is better' } },
      scales: { x: { type: 'logarithmic', title: { display: true, text: 'ms per epoch (log)' } } },
    },
  });
}

/** Lines: one series per op/impl of `y` over the `axis` of the cases that `keep` selects. */
function lines(parent: HTMLElement, title: string, cases: CaseResult[], axis: keyof Shape, y: 'gbps' | 'msMedian'): void {
  const xs = [...new Set(cases.map((c) => c[axis]))].sort((a, b) => a - b);
  const series = [...new Set(cases.map(label))];
  addChart(parent, {
    type: 'line',
    data: {
      labels: xs.map(String),
      datasets: series.map((name, i) => ({
        label: name,
        data: xs.map((x) => cases.find((c) => label(c) === name && c[axis] === x)?.[y] ?? null),
        borderColor: palette[i % palette.length],
        backgroundColor: palette[i % palette.length],
        spanGaps: true,
      })),
    },
    options: {
      plugins: { title: { display: true, text: title } },
      scales: {
        x: { title: { display: true, text: axis } },
        y: { type: 'logarithmic', title: { display: true, text: y === 'gbps' ? 'GB/s (log)' : 'ms per call (log)' } },
      },
    },
  });
}

/**
 * Draws every results file into `container`; returns the number of charts.
 *
 * @example
 * ```ts
 * drawResults(document.body, [await (await fetch('results/chromium.json')).json()]);
 * ```
 */
export function drawResults(container: HTMLElement, all: BenchResults[]): number {
  let charts = 0;
  for (const results of all) {
    const section = document.createElement('section');
    const heading = document.createElement('h2');
    heading.textContent = `${results.runtime}: ${results.adapter.description || results.adapter.architecture} (${results.date})`;
    const grid = document.createElement('div');
    grid.className = 'charts';
    section.append(heading, grid);
    container.append(section);
    const gathers = results.cases.filter((c) => c.op === 'gather' || c.op.startsWith('copy'));
    const at = (fixed: Partial<Shape>) => gathers.filter((c) => Object.entries(fixed).every(([k, v]) => c[k as keyof Shape] === v));
    standardBars(grid, results);
    lines(grid, `Sweep over D (V=${standard.V}, N=${standard.N})`, at({ V: standard.V, N: standard.N }), 'D', 'gbps');
    lines(grid, `Sweep over N (V=${standard.V}, D=${standard.D})`, at({ V: standard.V, D: standard.D }), 'N', 'gbps');
    lines(grid, `Sweep over V (D=${standard.D}, N=${standard.N})`, at({ D: standard.D, N: standard.N }), 'V', 'gbps');
    const oneHot = results.cases.filter((c) => c.op === 'onehot-lookup' && c.D === standard.D);
    const crossN = oneHot[0]?.N ?? standard.N;
    const crossover = results.cases.filter((c) => (c.op === 'gather' || c.op === 'onehot-lookup') && c.D === standard.D && c.N === crossN && !c.impl.startsWith('cpu') && c.impl !== 'js-rowcopy');
    lines(grid, `gather vs one-hot lookup over V (D=${standard.D}, N=${crossN})`, crossover, 'V', 'msMedian');
    trainingBars(grid, results);
    charts += grid.querySelectorAll('canvas').length;
  }
  return charts;
}
