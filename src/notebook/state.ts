/**
 * What a notebook cell is and the variables the cells share (a notebook
 * kernel's state), apart from the cells themselves (cells.ts).
 */
import type { Embedding, Model, Sequential, SymbolicTensor, Tensor } from '../index.js';

/** One notebook cell: what it says, the code it shows, and the run that produces its output. */
export interface Cell {
  title: string;
  /** The notebook's explanation before the code. */
  prose: string;
  /** The code the cell shows; `run` does exactly this. */
  code: string;
  /** Runs the cell on the GPU and returns its output as the notebook prints it. */
  run(state: NotebookState): Promise<string>;
}

/**
 * The variables the cells share, as a notebook's kernel keeps them.
 *
 * @example
 * ```ts
 * const state = new NotebookState();
 * for (const cell of cells) console.log(await cell.run(state));
 * state.dispose();
 * ```
 */
export class NotebookState {
  embedding!: Tensor;
  onehot!: Tensor;
  embedding_layer!: Embedding;
  x!: SymbolicTensor;
  model!: Model;
  model2!: Model;
  model3!: Sequential;
  /** Tensors and models the cells made, freed by the last cell (or `dispose()`). */
  readonly #owned: { dispose(): void }[] = [];

  /** Keeps `value` for the clean-up and returns it. */
  own<T extends { dispose(): void }>(value: T): T {
    this.#owned.push(value);
    return value;
  }

  /** Frees every tensor and model the cells made. */
  dispose(): void {
    for (const value of this.#owned.splice(0)) value.dispose();
  }
}
