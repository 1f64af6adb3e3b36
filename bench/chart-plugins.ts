/**
 * Chart.js plugins of the bench page's bar charts: each bar's value written
 * at its end, and the copy bounds drawn as dashed vertical lines with their
 * own legend entries.
 */
import { Chart, type LegendItem, type Plugin } from 'chart.js';
import { BOUND, formatValue } from './chart-style.js';

/** A bound drawn across a bar chart: its GB/s, name and dash pattern. */
export interface BoundLine {
  value: number;
  label: string;
  dash: number[];
}

/**
 * Draws each bar's value at its end.
 *
 * @example
 * ```ts
 * new Chart(canvas, { type: 'bar', data, plugins: [valueLabels('GB/s')] });
 * ```
 */
export function valueLabels(unit: string): Plugin<'bar'> {
  return {
    id: 'valueLabels',
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      ctx.save();
      ctx.font = '12px system-ui, sans-serif';
      ctx.fillStyle = '#222';
      ctx.textBaseline = 'middle';
      chart.data.datasets.forEach((dataset, d) => {
        chart.getDatasetMeta(d).data.forEach((bar, i) => {
          const value = dataset.data[i];
          if (typeof value === 'number') ctx.fillText(`${formatValue(value)} ${unit}`, bar.x + 4, bar.y);
        });
      });
      ctx.restore();
    },
  };
}

/**
 * Draws the bounds as dashed vertical lines across a horizontal bar chart.
 *
 * @example
 * ```ts
 * plugins: [boundLines([{ value: 26.9, label: 'copyBufferToBuffer (bound)', dash: [8, 4] }])]
 * ```
 */
export function boundLines(lines: readonly BoundLine[]): Plugin<'bar'> {
  return {
    id: 'boundLines',
    afterDatasetsDraw(chart) {
      const { ctx, chartArea, scales } = chart;
      ctx.save();
      ctx.strokeStyle = BOUND;
      ctx.lineWidth = 2;
      for (const line of lines) {
        const x = scales.x.getPixelForValue(line.value);
        ctx.setLineDash(line.dash);
        ctx.beginPath();
        ctx.moveTo(x, chartArea.top);
        ctx.lineTo(x, chartArea.bottom);
        ctx.stroke();
      }
      ctx.restore();
    },
  };
}

/**
 * Legend entries for the bound lines, after the datasets' own.
 *
 * @example
 * ```ts
 * legend: { labels: { generateLabels: legendWithBounds(lines) } }
 * ```
 */
export function legendWithBounds(lines: readonly BoundLine[]) {
  return (chart: Chart): LegendItem[] => [
    ...Chart.defaults.plugins.legend.labels.generateLabels(chart),
    ...lines.map((line) => ({ text: `${line.label}: ${formatValue(line.value)} GB/s`, fillStyle: 'rgba(0,0,0,0)', strokeStyle: BOUND, lineDash: line.dash, lineWidth: 2, hidden: false })),
  ];
}
