/**
 * lab.html's charts (chart.js): a model's live loss curves and the 2-D map
 * of the item embeddings, coloured by popularity, with titles on hover.
 */
import {
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Title,
  Tooltip,
  type TooltipItem,
} from 'chart.js';
import type { Dataset } from './dataset.js';
import type { Map2d } from './pca.js';
import type { EpochLogs } from './train.js';

Chart.register(Legend, LinearScale, LineController, LineElement, PointElement, ScatterController, Title, Tooltip);

function canvasIn(parent: HTMLElement): HTMLCanvasElement {
  const box = document.createElement('div');
  box.className = 'chart';
  const canvas = document.createElement('canvas');
  box.append(canvas);
  parent.append(box);
  return canvas;
}

/**
 * A model's loss curves, drawn as training goes: the running training loss
 * within each epoch, and each epoch's loss and validation loss.
 *
 * @example
 * ```ts
 * const curves = new LossChart(section, 'RegressionModel');
 * curves.batch(0.5, 1.2);
 * curves.epoch(0, { loss: 1.1, val_loss: 0.9 });
 * ```
 */
export class LossChart {
  readonly #chart: Chart<'line', { x: number; y: number }[]>;
  #drawn = 0;

  constructor(parent: HTMLElement, title: string) {
    this.#chart = new Chart(canvasIn(parent), {
      type: 'line',
      data: {
        datasets: [
          { label: 'training loss (running mean of every 10th batch)', data: [], borderColor: '#9ecae1', pointRadius: 0, borderWidth: 1 },
          { label: 'loss (epoch)', data: [], borderColor: '#1f77b4', backgroundColor: '#1f77b4' },
          { label: 'val_loss', data: [], borderColor: '#ff7f0e', backgroundColor: '#ff7f0e' },
        ],
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        parsing: false,
        plugins: { title: { display: true, text: `${title}: MAE loss` } },
        scales: { x: { type: 'linear', min: 0, title: { display: true, text: 'epoch' } }, y: { title: { display: true, text: 'MAE' } } },
      },
    });
  }

  /** A running training loss at `epochs` (fractional) epochs; redrawn at most 10 times a second. */
  batch(epochs: number, loss: number): void {
    this.#chart.data.datasets[0].data.push({ x: epochs, y: loss });
    const now = performance.now();
    if (now - this.#drawn > 100) {
      this.#drawn = now;
      this.#chart.update('none');
    }
  }

  /** Epoch `epoch`'s (0-based) logs, plotted at its end. */
  epoch(epoch: number, logs: EpochLogs): void {
    this.#chart.data.datasets[1].data.push({ x: epoch + 1, y: logs.loss });
    if (logs.val_loss !== undefined) this.#chart.data.datasets[2].data.push({ x: epoch + 1, y: logs.val_loss });
    this.#chart.update('none');
  }

  /** Removes the chart (and its listeners). */
  destroy(): void {
    this.#chart.destroy();
  }

  /** How many points each curve has (running, epoch, validation). */
  get points(): number[] {
    return this.#chart.data.datasets.map((d) => d.data.length);
  }
}

/** An axis' bounds around `values`, with a 5% margin (chart.js would round them to ticks and may cut points off). */
function range(values: number[]): { min: number; max: number } {
  const min = Math.min(...values);
  const max = Math.max(...values);
  const margin = (max - min) * 0.05 || 1;
  return { min: min - margin, max: max + margin };
}

/** Light to dark blue by log popularity, 0 to 1. */
function shade(t: number): string {
  const mix = (a: number, b: number) => Math.round(a + (b - a) * t);
  return `rgb(${mix(198, 8)}, ${mix(219, 48)}, ${mix(239, 107)})`;
}

/**
 * The 2-D map of the rated items: one point per item, darker for more
 * ratings; hovering shows the title and the number of ratings.
 *
 * @example
 * ```ts
 * const map = new ItemMap(section, data, { ...await pca2d(table, rated), popularity });
 * map.highlight([50, 181]);
 * ```
 */
export class ItemMap {
  readonly #chart: Chart<'scatter', { x: number; y: number; id: number }[]>;
  readonly #ids: number[];
  readonly #colours: string[];

  constructor(parent: HTMLElement, data: Dataset, map: Map2d & { popularity: Int32Array }) {
    const { points, popularity } = map;
    this.#ids = Array.from(popularity.keys()).filter((id) => popularity[id] > 0);
    const top = Math.log1p(Math.max(...popularity));
    const colours = this.#ids.map((id) => shade(Math.log1p(popularity[id]) / top));
    this.#colours = colours;
    this.#chart = new Chart(canvasIn(parent), {
      type: 'scatter',
      data: {
        datasets: [
          {
            label: 'items (darker: more ratings)',
            data: this.#ids.map((id) => ({ x: points[2 * id], y: points[2 * id + 1], id })),
            backgroundColor: colours,
            borderColor: colours,
            pointRadius: 2.5,
            pointHoverRadius: 6,
          },
        ],
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        parsing: false,
        plugins: {
          title: { display: true, text: `Item embeddings, PCA: ${(100 * map.explained[0]).toFixed(1)}% and ${(100 * map.explained[1]).toFixed(1)}% of the variance` },
          tooltip: {
            callbacks: {
              label: (item: TooltipItem<'scatter'>) => {
                const id = (item.raw as { id: number }).id;
                return `${data.titles[id]} (${popularity[id]} ratings)`;
              },
            },
          },
        },
        scales: { x: { type: 'linear', ...range(this.#ids.map((id) => points[2 * id])), ticks: { includeBounds: false }, title: { display: true, text: 'PC 1' } }, y: { type: 'linear', ...range(this.#ids.map((id) => points[2 * id + 1])), ticks: { includeBounds: false }, title: { display: true, text: 'PC 2' } } },
      },
    });
  }

  /** Draws `ids` larger, in red (e.g. a searched movie and its neighbours). */
  highlight(ids: readonly number[]): void {
    const chosen = new Set(ids);
    const dataset = this.#chart.data.datasets[0];
    dataset.pointRadius = this.#ids.map((id) => (chosen.has(id) ? 6 : 2.5));
    dataset.backgroundColor = this.#ids.map((id, i) => (chosen.has(id) ? '#d62728' : this.#colours[i]));
    dataset.borderColor = dataset.backgroundColor;
    this.#chart.update('none');
  }

  /** Removes the chart (and its listeners). */
  destroy(): void {
    this.#chart.destroy();
  }

  /** How many items are on the map. */
  get size(): number {
    return this.#ids.length;
  }
}
