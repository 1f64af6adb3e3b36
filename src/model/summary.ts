/**
 * `model.summary()`: the Keras table of layers, output shapes and parameter counts.
 */
import type { Layer } from '../layers/layer.js';
import { formatTuple, type Shape } from '../layers/shape.js';

/** One row of the table. */
export interface SummaryRow {
  layer: Layer;
  outputShape: Shape;
}

const WIDTHS = [29, 26, 10];
const LINE = 65;

function row(cells: string[]): string {
  return cells.map((cell, i) => (i < cells.length - 1 ? ` ${cell}`.padEnd(WIDTHS[i]) : ` ${cell}`)).join('').trimEnd();
}

/**
 * The summary text, as Keras 2 prints it:
 *
 * @example
 * ```ts
 * formatSummary('model', rows);
 * // Model: "model"
 * // _________________________________________________________________
 * //  Layer (type)                Output Shape              Param #
 * // =================================================================
 * //  input (InputLayer)          (None, 1)                 0
 * //  my_embedding (Embedding)    (None, 1, 4)              40
 * // =================================================================
 * // Total params: 40
 * // ...
 * ```
 */
export function formatSummary(name: string, rows: readonly SummaryRow[]): string {
  const layers = [...new Set(rows.map((r) => r.layer))];
  const total = layers.reduce((n, l) => n + l.countParams(), 0);
  const trainable = layers.reduce((n, l) => n + (l.trainable ? l.countParams() : 0), 0);
  const lines = [
    `Model: "${name}"`,
    '_'.repeat(LINE),
    row(['Layer (type)', 'Output Shape', 'Param #']),
    '='.repeat(LINE),
  ];
  rows.forEach((r, i) => {
    lines.push(row([`${r.layer.name} (${r.layer.className})`, formatTuple(r.outputShape), String(r.layer.countParams())]));
    if (i < rows.length - 1) lines.push('');
  });
  lines.push(
    '='.repeat(LINE),
    `Total params: ${total}`,
    `Trainable params: ${trainable}`,
    `Non-trainable params: ${total - trainable}`,
    '_'.repeat(LINE),
  );
  return lines.join('\n');
}
