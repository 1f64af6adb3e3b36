/**
 * `model.summary()`: the Keras table of layers, output shapes and parameter
 * counts, with a "Connected to" column for models that are not a plain
 * chain (several inputs, branches, shared layers), laid out as Keras 2's
 * `print_summary` lays it out.
 */
import type { Layer } from '../layers/layer.js';
import { formatTuple } from '../layers/shape.js';
import type { SymbolicTensor } from '../layers/symbolic.js';

/** Column layouts: Keras's line lengths and column end positions. */
const CHAIN = { line: 65, positions: [29, 55, 65], header: ['Layer (type)', 'Output Shape', 'Param #'] };
const GRAPH = { line: 98, positions: [32, 53, 65, 98], header: ['Layer (type)', 'Output Shape', 'Param #', 'Connected to'] };

/** Where a long cell may wrap: after the end of a tuple, list or quoted name. */
const BREAKS = ['),', '},', '],', "',"];

/** One row of a cell layout, wrapped over as many lines as the longest cell needs (Keras's `print_row`). */
function printRow(fields: readonly string[], positions: readonly number[]): string[] {
  const left = [...fields];
  const lines: string[] = [];
  while (left.some((cell) => cell.length > 0)) {
    let line = '';
    left.forEach((cell, col) => {
      const last = col === positions.length - 1;
      const space = last ? 0 : 2;
      // A long layer name stays whole (searchable), pushing its row's later cells right; other cells wrap.
      let cutoff = col === 0 ? cell.length : positions[col] - positions[col - 1] - space - (last ? 0 : 1);
      let fit = cell.slice(0, cutoff);
      const breaks = BREAKS.map((b) => fit.indexOf(b)).filter((at) => at >= 0);
      if (breaks.length) {
        cutoff = Math.min(...breaks) + 2;
        fit = fit.slice(0, cutoff);
      }
      line += (col === 0 ? ' ' : '') + fit + ' '.repeat(space);
      left[col] = cell.slice(cutoff);
      line = line.padEnd(positions[col]);
    });
    lines.push(line.trimEnd());
  }
  return lines;
}

/** The model's nodes (symbolic tensors, inputs included) with their Keras depths. */
export interface SummaryGraph {
  layers: readonly Layer[];
  nodes: readonly SymbolicTensor[];
  nodeDepths: ReadonlyMap<SymbolicTensor, number>;
}

/**
 * Keras's test for the short layout: at most one node per depth, none with
 * several inputs, and no layer used twice.
 */
function isChain(graph: SummaryGraph): boolean {
  const perDepth = new Map<number, number>();
  for (const node of graph.nodes) {
    const depth = graph.nodeDepths.get(node);
    if (depth === undefined) continue;
    perDepth.set(depth, (perDepth.get(depth) ?? 0) + 1);
    if (perDepth.get(depth)! > 1 || node.inputs.length > 1) return false;
  }
  return graph.layers.every((layer) => graph.nodes.filter((n) => n.layer === layer).length <= 1);
}

/** A layer's output shape, or 'multiple' when its nodes in the model differ. */
function outputShapeOf(layer: Layer, nodes: readonly SymbolicTensor[]): string {
  const shapes = [...new Set(nodes.filter((n) => n.layer === layer).map((n) => formatTuple(n.shape)))];
  return shapes.length === 1 ? shapes[0] : 'multiple';
}

/** e.g. `['flatten[0][0]', 'flatten_1[0][0]']`: the layer, node and tensor index of each input of each of its nodes. */
function connectionsOf(layer: Layer, nodes: readonly SymbolicTensor[]): string {
  const names = nodes
    .filter((n) => n.layer === layer)
    .sort((a, b) => a.nodeIndex - b.nodeIndex)
    .flatMap((n) => n.inputs.map((t) => `'${t.layer.name}[${t.nodeIndex}][0]'`));
  return `[${names.join(', ')}]`;
}

/**
 * The summary text, as Keras 2 prints it; models that are not a chain get
 * the "Connected to" column:
 *
 * @example
 * ```ts
 * formatSummary('model', graph);
 * // Model: "model"
 * // _________________________________________________________________
 * //  Layer (type)                Output Shape              Param #
 * // =================================================================
 * //  input (InputLayer)          (None, 1)                 0
 * //
 * //  my_embedding (Embedding)    (None, 1, 4)              40
 * //
 * // =================================================================
 * // Total params: 40
 * // ...
 * ```
 */
export function formatSummary(name: string, graph: SummaryGraph): string {
  const layout = isChain(graph) ? CHAIN : GRAPH;
  const total = graph.layers.reduce((n, l) => n + l.countParams(), 0);
  const trainable = graph.layers.reduce((n, l) => n + (l.trainable ? l.countParams() : 0), 0);
  const lines = [`Model: "${name}"`, '_'.repeat(layout.line), ...printRow(layout.header, layout.positions), '='.repeat(layout.line)];
  for (const layer of graph.layers) {
    const fields = [`${layer.name} (${layer.className})`, outputShapeOf(layer, graph.nodes), String(layer.countParams())];
    if (layout === GRAPH) fields.push(connectionsOf(layer, graph.nodes));
    lines.push(...printRow(fields, layout.positions), '');
  }
  lines.push(
    '='.repeat(layout.line),
    `Total params: ${total}`,
    `Trainable params: ${trainable}`,
    `Non-trainable params: ${total - trainable}`,
    '_'.repeat(layout.line),
  );
  return lines.join('\n');
}
