/**
 * The order Keras and TF.js give a functional model's layers (and so its
 * weights): by depth, farthest from the outputs first, layers of one depth
 * in the order a depth-first walk from the outputs first reaches them
 * (tfjs-layers' `Container` constructor). A weight list then moves between
 * TF.js and this library unchanged.
 */
import type { Layer } from '../layers/layer.js';
import type { SymbolicTensor } from '../layers/symbolic.js';

/** The graph's nodes (one per symbolic tensor: a layer applied once) and layers, with Keras's depths. */
export interface GraphDepths {
  /** Layers, deepest first; within a depth, by first visit from the outputs. */
  layers: Layer[];
  /** Depth of each node: 0 at the outputs, growing toward the inputs. */
  nodeDepths: Map<SymbolicTensor, number>;
}

/**
 * Depths of the nodes and layers between `inputs` and `outputs`, and the
 * layers in TF.js's order. Inputs no output depends on come last.
 *
 * @example
 * ```ts
 * orderLayers([user, item], [score]).layers.map((l) => l.name);
 * // ['user', 'item', 'user_embedding', 'item_embedding', 'flatten', 'flatten_1', 'dot']
 * ```
 */
export function orderLayers(inputs: readonly SymbolicTensor[], outputs: readonly SymbolicTensor[]): GraphDepths {
  const firstVisit = new Map<Layer, number>();
  const finished = new Set<SymbolicTensor>();
  const decreasingDepth: SymbolicTensor[] = [];
  const visit = (node: SymbolicTensor): void => {
    if (finished.has(node)) return;
    if (!firstVisit.has(node.layer)) firstVisit.set(node.layer, firstVisit.size);
    for (const source of node.inputs) visit(source);
    finished.add(node);
    decreasingDepth.push(node);
  };
  for (const output of outputs) visit(output);

  const nodeDepths = new Map<SymbolicTensor, number>();
  const layerDepths = new Map<Layer, number>();
  for (const node of decreasingDepth.reverse()) {
    // A shared layer takes the greatest depth of its nodes.
    const depth = Math.max(nodeDepths.get(node) ?? 0, layerDepths.get(node.layer) ?? 0);
    layerDepths.set(node.layer, depth);
    nodeDepths.set(node, depth);
    for (const source of node.inputs) nodeDepths.set(source, Math.max(depth + 1, nodeDepths.get(source) ?? 0));
  }
  const layers = [...layerDepths.keys()].sort((a, b) => layerDepths.get(b)! - layerDepths.get(a)! || firstVisit.get(a)! - firstVisit.get(b)!);
  for (const input of inputs) if (!layerDepths.has(input.layer)) layers.push(input.layer);
  return { layers, nodeDepths };
}
