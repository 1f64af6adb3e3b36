/**
 * The training seam of every layer: a forward that keeps what its backward
 * needs (`Traced`), what a backward is asked for, and the gradients it
 * returns. Generic over the value type, so the GPU path (`Tensor`) and the
 * CPU twin (`HostTensor`) share one contract (TRAINING.md section 1).
 */

/** Options every forward gets. */
export interface CallOptions {
  /** Dropout acts only when true (inside `fit`). */
  training: boolean;
}

/** Options of a traced (training) forward. */
export interface TraceOptions extends CallOptions {
  /** fit's seed: layers without their own seed (Dropout) derive their randomness from it. */
  seed: number;
  /** Global step counter (batch number since fit began); Dropout's mask = f(seed, layer, step, element). */
  step: number;
}

/** What a layer's backward is asked for. */
export interface GradientRequest {
  /** Per input; false: that input's gradient is not needed (int32 indices never get one). */
  inputs: readonly boolean[];
  /** False: the layer is frozen (trainable: false) or nothing is trained. */
  weights: boolean;
}

/**
 * Unreduced rows of the gradient of a 2-D weight `[V, D]`: row k of `rows`
 * adds to row `indices[k]` of the weight; duplicates sum; an index outside
 * `[0, V)` (padding, the 'zero' policy) contributes nothing.
 */
export interface RowGradient<T> {
  kind: 'rows';
  /** int32 `[K]`. */
  indices: T;
  /** float32 `[K, D]`. */
  rows: T;
}

/** Gradient of a weight: dense (the weight's shape), or rows of a 2-D table addressed by index. */
export type WeightGradient<T> = T | RowGradient<T>;

/** What a backward returns: one entry per input and per weight (null where not asked for, or for indices). */
export interface Gradients<T> {
  inputs: (T | null)[];
  weights: (WeightGradient<T> | null)[];
}

/**
 * A forward that kept what its backward needs. `output` belongs to the
 * caller; the saved values belong to the Traced until `dispose()`.
 * `backward()` returns new values the caller owns and leaves `dy` to the caller.
 */
export interface Traced<T> {
  readonly output: T;
  backward(dy: T, want: GradientRequest): Gradients<T>;
  dispose(): void;
}

/**
 * Whether a weight gradient is a {@link RowGradient} (else it is dense).
 *
 * @example
 * ```ts
 * const g = traced.backward(dy, { inputs: [false], weights: true }).weights[0];
 * if (g && isRowGradient(g)) segmentSumRows(g.indices, g.rows, vocab);
 * ```
 */
export function isRowGradient<T>(gradient: WeightGradient<T>): gradient is RowGradient<T> {
  return typeof gradient === 'object' && gradient !== null && (gradient as RowGradient<T>).kind === 'rows';
}
