/**
 * Training for models (Keras 3's Trainer, which `Model` extends):
 * `compile`, `fit`, `evaluate`. The model supplies its graph; this module
 * resolves the training setup and hands the work to gpu-fit.ts.
 */
import { NotCompiledError } from '../errors.js';
import type { Layer } from '../layers/layer.js';
import { formatTuple } from '../layers/shape.js';
import type { SymbolicTensor } from '../layers/symbolic.js';
import type { Weight } from '../layers/weight.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import { compileArgs, type CompileArgs, type Compiled } from './compile.js';
import type { EvaluateArgs, FitArgs } from './fit-args.js';
import { evaluateOnGpu, fitOnGpu, type Setup } from './gpu-fit.js';
import type { History, Logs } from './history.js';

/**
 * The training half of a model: `compile`, then `fit` and `evaluate`.
 * `Model` extends it and supplies the graph.
 *
 * @example
 * ```ts
 * model.compile({ optimizer: 'adam', loss: 'mae', metrics: ['mse'] });
 * const history = await model.fit([users, items], ratings, { epochs: 10, batchSize: 64 });
 * await model.evaluate([testUsers, testItems], testRatings); // { loss, mse }
 * ```
 */
export abstract class Trainer {
  #compiled: Compiled | null = null;
  #training = false;
  /** Set it (from a callback) to stop `fit` after the current batch, as Keras's `model.stop_training`. */
  stopTraining = false;
  /**
   * The History of the running `fit`, or of the last one (null before any),
   * as TensorFlow.js's `model.history`: filled as epochs end, so a callback
   * can read it, e.g. `model.history.epochTimes` in `onEpochEnd` (the
   * current epoch is recorded before `onEpochEnd` runs).
   */
  history: History | null = null;

  /** The model's inputs, in the order `fit` takes their data. */
  abstract get inputs(): readonly SymbolicTensor[];
  /** The model's outputs. */
  abstract get outputs(): readonly SymbolicTensor[];
  /** @internal The graph's steps in the order a forward pass runs them. */
  abstract get steps(): readonly SymbolicTensor[];
  /** The model's layers. */
  abstract get layers(): readonly Layer[];
  /** e.g. `Model 'model'`, the prefix of errors. */
  abstract describe(): string;

  /** The weights `fit` updates: those of trainable layers, each once. */
  get trainableWeights(): readonly Weight[] {
    return [...new Set(this.layers.filter((l) => l.trainable).flatMap((l) => l.weights))];
  }

  /** The optimizer `compile` set, or null before. */
  get optimizer(): Optimizer | null {
    return this.#compiled?.optimizer ?? null;
  }

  /**
   * Sets the loss, metrics and optimizer for `fit` and `evaluate`
   * (TensorFlow.js's names and defaults). A model with one output only.
   * Compiling again replaces the setup (and frees an optimizer made from a name).
   *
   * @example
   * ```ts
   * model.compile({ optimizer: 'adam', loss: 'mae', metrics: ['mse'] });
   * model.compile({ optimizer: new SGD({ learningRate: 0.01, momentum: 0.9 }), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
   * ```
   */
  compile(args: CompileArgs): void {
    this.#compile(args, false);
  }

  /**
   * @internal `compile` with an optimizer instance the model takes over and
   * frees with itself (what `loadModel` makes from a file).
   *
   * @example
   * ```ts
   * model.compileAdopting({ optimizer: new Adam(), loss: 'mse' });
   * ```
   */
  compileAdopting(args: CompileArgs): void {
    this.#compile(args, true);
  }

  #compile(args: CompileArgs, adopt: boolean): void {
    const owner = `${this.describe()}.compile`;
    if (this.#training) throw new Error(`${owner}: cannot compile while fit() is running.`);
    if (this.outputs.length !== 1) throw new RangeError(`${owner}: training supports models with one output; this model has ${this.outputs.length}.`);
    if (this.outputs[0].rank < 2) throw new RangeError(`${owner}: the output needs a batch axis and a feature axis, e.g. (None, 1); this model's output has shape ${formatTuple(this.outputs[0].shape)}.`);
    const compiled = compileArgs(args, this.outputs[0].shape, this.trainableWeights, owner, adopt);
    this.disposeTraining();
    this.#compiled = compiled;
  }

  /** @internal The loss (its TF.js name) and the metrics as `compile` was given them, or null before `compile`. */
  get compiledWith(): { loss: string; metrics: string[] } | null {
    return this.#compiled ? { loss: this.#compiled.loss, metrics: this.#compiled.givenMetrics } : null;
  }

  /** @internal What fit and evaluate run; throws a NotCompiledError before `compile`. */
  trainingSetup(what: string): Setup {
    const owner = `${this.describe()}.${what}`;
    const compiled = this.#compiled;
    if (!compiled) throw new NotCompiledError(`${owner}: the model must be compiled first: call model.compile({ optimizer, loss }) before ${what}().`);
    const output = this.outputs[0];
    return {
      owner,
      graph: { inputs: this.inputs, steps: this.steps, output },
      data: { inputs: this.inputs, steps: this.steps, output: output.shape, loss: compiled.loss },
      trained: this.trainableWeights,
      compiled,
    };
  }

  /**
   * Trains the model on `x` (one entry per input, in any form `predict`
   * takes) and targets `y` (shaped like the output; a flat array for an
   * output of one unit; class ids for a sparse loss). Every check runs
   * before any update; the data goes to the GPU once and each step stays
   * there; losses and metrics are read once per epoch. Rejects with a
   * `DeviceLostError` if the device is lost; the trained weights then come
   * back with their last epoch's values after `await getDevice()`.
   *
   * @example
   * ```ts
   * const history = await model.fit([userIds, itemIds], ratings, {
   *   epochs: 10, batchSize: 64, validationSplit: 0.1, seed: 0,
   *   callbacks: { onEpochEnd: (epoch, logs) => console.log(epoch, logs?.loss) },
   * });
   * history.history.val_loss; // one number per epoch
   * ```
   */
  async fit(x: unknown, y: unknown, args: FitArgs = {}): Promise<History> {
    const setup = this.trainingSetup('fit');
    if (this.#training) throw new Error(`${setup.owner}: cannot start training because another fit() call is ongoing.`);
    this.#training = true;
    this.stopTraining = false;
    try {
      return await fitOnGpu(setup, x, y, args, () => this.stopTraining, (history) => (this.history = history));
    } finally {
      this.#training = false;
    }
  }

  /**
   * The loss and metrics over `x` and `y` (means over all samples), on the
   * GPU in batches of `batchSize`, read back once.
   *
   * @example
   * ```ts
   * await model.evaluate([testUsers, testItems], testRatings); // { loss: 0.74, mse: 0.91 }
   * ```
   */
  async evaluate(x: unknown, y: unknown, args: EvaluateArgs = {}): Promise<Logs> {
    return evaluateOnGpu(this.trainingSetup('evaluate'), x, y, args);
  }

  /** Frees what `compile` made (an optimizer made from a name). */
  protected disposeTraining(): void {
    if (this.#compiled?.ownsOptimizer) this.#compiled.optimizer.dispose();
    this.#compiled = null;
  }
}
