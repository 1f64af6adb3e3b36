/**
 * What the table layers (Embedding, EmbeddingBag) share: the checks of their
 * table options, and the copy of the initial weights.
 */
import { Tensor } from '../tensor/tensor.js';
import type { TensorLike } from '../tensor/create.js';
import { formatValue } from '../validate/position.js';
import { cloneTensor } from '../tensor/copy.js';
import { checkInitializer, type Initializer } from './initializers.js';
import { checkWeightValues } from './weight.js';

/** The options of a `[inputDim, outputDim]` table. */
export interface TableArgs {
  inputDim: number;
  outputDim: number;
  embeddingsInitializer?: Initializer;
  seed?: number;
  weights?: readonly (Tensor | TensorLike)[];
}

/** Checked table options; `initial` is the `weights` option copied (a GPU copy the layer then owns). */
export interface CheckedTable {
  init: Initializer;
  initial: Float32Array | Tensor<'float32'> | undefined;
}

/**
 * Throws a RangeError unless `value` is a positive integer.
 *
 * @example
 * ```ts
 * positiveInteger(0, 'inputDim', "Embedding 'e'"); // RangeError: expected inputDim to be a positive integer, received 0.
 * ```
 */
export function positiveInteger(value: unknown, what: string, owner: string): void {
  if (!Number.isInteger(value) || (value as number) < 1) {
    throw new RangeError(`${owner}: expected ${what} to be a positive integer, received ${formatValue(value)}.`);
  }
}

/**
 * Checks a table layer's config (an object, positive dimensions, the
 * initialiser, an integer seed, one weights matrix of the right shape) and
 * copies the initial weights now, so that the caller may reuse or dispose
 * what it passed. `label` names the GPU copy.
 *
 * @example
 * ```ts
 * const { init, initial } = checkTable(args, "Embedding 'e'", 'e/embeddings');
 * ```
 */
export function checkTable(args: TableArgs, owner: string, label: string): CheckedTable {
  if (typeof args !== 'object' || args === null) {
    throw new TypeError(`${owner}: expected a config such as { inputDim: 10, outputDim: 4 }, received ${formatValue(args)}.`);
  }
  positiveInteger(args.inputDim, 'inputDim', owner);
  positiveInteger(args.outputDim, 'outputDim', owner);
  const init = args.embeddingsInitializer ?? 'uniform';
  checkInitializer(init, owner);
  if (args.seed !== undefined && !Number.isInteger(args.seed)) {
    throw new TypeError(`${owner}: expected seed to be an integer, received ${formatValue(args.seed)}.`);
  }
  if (args.weights === undefined) return { init, initial: undefined };
  if (!Array.isArray(args.weights) || args.weights.length !== 1) {
    throw new RangeError(`${owner}: expected weights to be a list of one matrix [${args.inputDim}, ${args.outputDim}], received ${Array.isArray(args.weights) ? `${args.weights.length} arrays` : formatValue(args.weights)}.`);
  }
  const checked = checkWeightValues(args.weights[0], [args.inputDim, args.outputDim], `${owner}: weights[0]`);
  return { init, initial: checked instanceof Tensor ? cloneTensor(checked, label) : checked.slice() };
}
