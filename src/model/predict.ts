/**
 * A model's forward pass over checked feeds, in batches of at most
 * `batchSize` samples, joined on the GPU. Separate from `Model` so the
 * class keeps its wiring and the ownership rules of a batched result live
 * in one place: the parts are the result when there is one batch, and are
 * freed once joined (or after a failure).
 */
import type { SymbolicTensor } from '../layers/symbolic.js';
import { concatRows } from '../tensor/copy.js';
import type { TensorLike } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { batchOf, feedSlice, type Feed } from '../train/feed.js';
import { runGraph } from './graph.js';

/** Options of `Model.predict`. */
export interface PredictOptions {
  /** Run at most this many samples per forward pass (results are joined on the GPU). Default: all at once. */
  batchSize?: number;
}

/** What `predict` accepts for one input: nested arrays, a flat typed array, or a tensor. */
export type ModelInput = Tensor | TensorLike;

/** @internal What {@link predictInBatches} runs: a model's wired graph. */
export interface ForwardGraph {
  readonly name: string;
  readonly inputs: readonly SymbolicTensor[];
  readonly outputs: readonly SymbolicTensor[];
  readonly steps: readonly SymbolicTensor[];
}

/**
 * @internal One tensor per output of `graph` on `feeds` (checked, with the
 * same number of samples), `batchSize` samples per forward pass (all at
 * once when undefined). The caller owns the result and the feeds.
 *
 * @example
 * ```ts
 * const [scores] = predictInBatches(model, checkFeeds(x, model.inputs, model.steps, owner), 1024);
 * ```
 */
export function predictInBatches(graph: ForwardGraph, feeds: readonly Feed[], batchSize: number | undefined): Tensor[] {
  const total = batchOf(feeds[0]);
  const step = batchSize === undefined || batchSize >= total ? Math.max(total, 1) : batchSize;
  const parts: Tensor[][] = [];
  let outputs: Tensor[] | undefined;
  try {
    for (let start = 0; start < Math.max(total, 1); start += step) parts.push(forward(graph, feeds, start, Math.min(step, total - start)));
    outputs = parts.length === 1 ? parts[0] : [];
    for (let o = 0; parts.length > 1 && o < graph.outputs.length; o++) outputs.push(concatRows(parts.map((p) => p[o]), `${graph.name}.predict`));
    return outputs;
  } catch (error) {
    if (outputs !== parts[0]) for (const t of outputs ?? []) t.dispose();
    outputs = undefined;
    throw error;
  } finally {
    if (outputs !== parts[0]) for (const p of parts) for (const t of p) t.dispose();
  }
}

/** The outputs for samples `[start, start + count)`. */
function forward(graph: ForwardGraph, feeds: readonly Feed[], start: number, count: number): Tensor[] {
  const slices = feeds.map((feed) => feedSlice(feed, start, count));
  try {
    return runGraph(graph.steps, new Map(graph.inputs.map((input, i) => [input, slices[i].tensor])), graph.outputs);
  } finally {
    for (const s of slices) if (s.owned) s.tensor.dispose();
  }
}
