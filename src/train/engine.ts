/**
 * The graph backprop engine, generic over the value type: GPU tensors in
 * `fit`, host arrays in the CPU reference fit. A training forward runs every
 * layer's `trace` in graph order and keeps what each backward needs; the
 * backward runs in reverse order from the loss's gradient, sums the
 * gradients of a value that feeds several layers, and gathers each trained
 * weight's gradient: dense parts summed, row parts (lookups) of one weight
 * concatenated in graph order and reduced once by segmentSumRows, then made
 * dense by scatterRows unless the optimizer updates rows.
 */
import type { Layer } from '../layers/layer.js';
import type { SymbolicTensor } from '../layers/symbolic.js';
import { isRowGradient, type GradientRequest, type Gradients, type RowGradient, type TraceOptions, type Traced } from '../layers/traced.js';
import type { Weight } from '../layers/weight.js';
import { isRows, type UniqueRows } from '../optimizers/gradients.js';

/** How the engine computes with one kind of value. */
export interface Backend<T> {
  /** A training forward of `layer`, keeping what its backward needs. */
  trace(layer: Layer, inputs: readonly T[], options: TraceOptions): Traced<T>;
  /** An inference forward of `layer` (`training: false`). */
  call(layer: Layer, inputs: readonly T[]): T;
  add(a: T, b: T): T;
  /** Values stacked along their first axis. */
  concat(parts: readonly T[]): T;
  segmentSumRows(indices: T, rows: T, numRows: number): UniqueRows<T>;
  scatterRows(rows: UniqueRows<T>, shape: readonly number[]): T;
  dispose(value: T): void;
}

/** The part of a model the engine runs: inputs, the steps in graph order, one output. */
export interface Graph {
  inputs: readonly SymbolicTensor[];
  steps: readonly SymbolicTensor[];
  output: SymbolicTensor;
}

/** A training forward, kept for its backward. */
export interface Tape<T> {
  /** The model's output; the tape's, freed by `dispose`. */
  readonly output: T;
  /**
   * Runs the backward from `dOutput` (d loss / d output, which stays the
   * caller's) and returns each trained weight's gradient, which the caller
   * then owns: dense, or unique rows when `rows` is set and the weight's
   * gradient came from lookups.
   */
  backward(dOutput: T, rows: boolean): Map<Weight, T | UniqueRows<T>>;
  /** Frees what the forward kept and its intermediate values (not the feeds). */
  dispose(): void;
}

/**
 * @internal One inference forward of `graph` on `feeds` (one per input,
 * staying the caller's); returns the output, which the caller owns.
 *
 * @example
 * ```ts
 * const prediction = infer(gpuBackend, graph, [userIds, itemIds]);
 * ```
 */
export function infer<T>(backend: Backend<T>, graph: Graph, feeds: readonly T[]): T {
  const values = new Map<SymbolicTensor, T>(graph.inputs.map((input, i) => [input, feeds[i]]));
  const made: T[] = [];
  try {
    for (const step of graph.steps) {
      const value = backend.call(step.layer, step.inputs.map((t) => values.get(t)!));
      made.push(value);
      values.set(step, value);
    }
    const output = values.get(graph.output)!;
    const own = made.indexOf(output);
    if (own >= 0) made.splice(own, 1);
    return output;
  } finally {
    for (const value of made) backend.dispose(value);
  }
}

/** The tensors whose gradient the backward needs: outputs of layers with trained weights, and what they feed. */
function needingGradients(graph: Graph, trained: ReadonlySet<Weight>): Set<SymbolicTensor> {
  const needs = new Set<SymbolicTensor>();
  for (const step of graph.steps) {
    if (step.layer.weights.some((w) => trained.has(w)) || step.inputs.some((t) => needs.has(t))) needs.add(step);
  }
  return needs;
}

/**
 * @internal A training forward of `graph` on `feeds` (one per input, staying
 * the caller's), computing the gradients of the weights in `trained`.
 *
 * @example
 * ```ts
 * const tape = record(gpuBackend, graph, batch, trained, { training: true, seed, step });
 * const grads = tape.backward(dLoss, optimizer.rowsUpdate);
 * tape.dispose();
 * ```
 */
export function record<T>(backend: Backend<T>, graph: Graph, feeds: readonly T[], trained: ReadonlySet<Weight>, options: TraceOptions): Tape<T> {
  const values = new Map<SymbolicTensor, T>(graph.inputs.map((input, i) => [input, feeds[i]]));
  const traces = new Map<SymbolicTensor, Traced<T>>();
  const dispose = () => {
    for (const traced of traces.values()) {
      traced.dispose();
      backend.dispose(traced.output);
    }
    traces.clear();
  };
  try {
    for (const step of graph.steps) {
      const traced = backend.trace(step.layer, step.inputs.map((t) => values.get(t)!), options);
      traces.set(step, traced);
      values.set(step, traced.output);
    }
  } catch (error) {
    dispose();
    throw error;
  }
  const needs = needingGradients(graph, trained);
  return {
    output: values.get(graph.output)!,
    backward: (dOutput, rows) => backward(backend, graph, traces, needs, trained, dOutput, rows),
    dispose,
  };
}

type Parts<T> = { dense: T[]; rows: RowGradient<T>[] };

/*
 * Failure paths: an op may throw at any point (an allocation the device
 * refuses). Every gradient is held by exactly one owner at any time (the
 * map of pending gradients, a weight's parts, the result, or a local freed
 * on the way out), so whatever was made is freed once.
 */
function backward<T>(
  backend: Backend<T>,
  graph: Graph,
  traces: ReadonlyMap<SymbolicTensor, Traced<T>>,
  needs: ReadonlySet<SymbolicTensor>,
  trained: ReadonlySet<Weight>,
  dOutput: T,
  rows: boolean,
): Map<Weight, T | UniqueRows<T>> {
  const grads = new Map<SymbolicTensor, T>([[graph.output, dOutput]]);
  const parts = new Map<Weight, Parts<T>>();
  const out = new Map<Weight, T | UniqueRows<T>>();
  const release = (value: T) => {
    if (value !== dOutput) backend.dispose(value);
  };
  try {
    for (const step of [...graph.steps].reverse()) {
      const dy = grads.get(step);
      if (dy === undefined || !needs.has(step)) continue;
      grads.delete(step);
      const weights = step.layer.weights;
      const want: GradientRequest = { inputs: step.inputs.map((t) => needs.has(t)), weights: weights.some((w) => trained.has(w)) };
      let result: Gradients<T>;
      try {
        result = traces.get(step)!.backward(dy, want);
      } finally {
        release(dy);
      }
      result.weights.forEach((g, j) => {
        if (g === null || g === undefined) return;
        const weight = weights[j];
        if (!trained.has(weight)) return disposeGradient(backend, g);
        let own = parts.get(weight);
        if (!own) parts.set(weight, (own = { dense: [], rows: [] }));
        // Walking backwards: unshift keeps each weight's parts in graph order.
        if (isRowGradient(g)) own.rows.unshift(g);
        else own.dense.unshift(g);
      });
      const incoming = step.inputs.map((source, i) => ({ source, g: result.inputs[i], wanted: want.inputs[i] }));
      try {
        while (incoming.length) {
          const { source, g, wanted } = incoming[0];
          if (g !== null && g !== undefined) {
            const previous = wanted ? grads.get(source) : undefined;
            if (!wanted) backend.dispose(g);
            else if (previous === undefined) grads.set(source, g);
            else {
              grads.set(source, backend.add(previous, g));
              release(previous);
              backend.dispose(g);
            }
          }
          incoming.shift();
        }
      } finally {
        for (const { g } of incoming) if (g !== null && g !== undefined) backend.dispose(g);
      }
    }
    for (const [weight, own] of parts) {
      out.set(weight, reduce(backend, weight, own, rows));
      parts.delete(weight);
    }
    return out;
  } catch (error) {
    for (const g of out.values()) disposeGradient(backend, g);
    throw error;
  } finally {
    for (const value of grads.values()) release(value);
    for (const own of parts.values()) {
      for (const g of own.dense) backend.dispose(g);
      for (const g of own.rows) disposeGradient(backend, g);
    }
  }
}

function disposeGradient<T>(backend: Backend<T>, g: T | UniqueRows<T>): void {
  if (isRows(g)) {
    backend.dispose(g.indices);
    backend.dispose(g.rows);
  } else backend.dispose(g);
}

/**
 * One weight's gradient from its parts. A part leaves `own` only once it is
 * consumed, so on an error the caller frees what is left there and this
 * frees what it made.
 */
function reduce<T>(backend: Backend<T>, weight: Weight, own: Parts<T>, rows: boolean): T | UniqueRows<T> {
  let dense: T | null = null;
  // On a failed add, `g` stays with whoever held it.
  const addDense = (g: T) => {
    if (dense === null) dense = g;
    else {
      const sum = backend.add(dense, g);
      backend.dispose(dense);
      backend.dispose(g);
      dense = sum;
    }
  };
  try {
    while (own.dense.length) {
      addDense(own.dense[0]);
      own.dense.shift();
    }
    if (!own.rows.length) return dense!;
    const lists = own.rows;
    const made: T[] = [];
    let unique: UniqueRows<T>;
    try {
      const indices = lists.length === 1 ? lists[0].indices : backend.concat(lists.map((g) => g.indices));
      if (lists.length > 1) made.push(indices);
      const values = lists.length === 1 ? lists[0].rows : backend.concat(lists.map((g) => g.rows));
      if (lists.length > 1) made.push(values);
      unique = backend.segmentSumRows(indices, values, weight.shape[0]);
    } finally {
      for (const t of made) backend.dispose(t);
    }
    for (const g of lists.splice(0)) disposeGradient(backend, g);
    if (rows && dense === null) return unique;
    let scattered: T;
    try {
      scattered = backend.scatterRows(unique, weight.shape);
    } finally {
      disposeGradient(backend, unique);
    }
    try {
      addDense(scattered);
    } catch (error) {
      backend.dispose(scattered);
      throw error;
    }
    return dense!;
  } catch (error) {
    if (dense !== null) backend.dispose(dense);
    throw error;
  }
}
