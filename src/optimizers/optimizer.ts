/**
 * The base of every optimizer: hyperparameters, per-weight slots (moments,
 * accumulators) on the GPU laid out like their weights, one fused kernel
 * dispatch per weight buffer per step, and a CPU twin that applies the same
 * rule to host copies (the CPU fit reference).
 */
import { DisposedError } from '../errors.js';
import { defaultDevice, isLost } from '../gpu/device.js';
import type { DispatchSpec } from '../gpu/dispatch.js';
import type { Kernel } from '../gpu/pipelines.js';
import { cloneTensor, copyTensor } from '../tensor/copy.js';
import type { Weight } from '../layers/weight.js';
import { fill } from '../ops/fill.js';
import { runInPlace } from '../ops/run-op.js';
import { tensor } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { formatValue } from '../validate/position.js';
import { checkStepLayout, isRows, type UniqueRows } from './gradients.js';
import { hostTwin, type HostOptimizer } from './host-twin.js';
import { hyper } from './hyper.js';
import type { NamedTensor, OptimizerArgs, WeightUpdate } from './optimizer-types.js';
import type { StepBuffers, StepRange } from './step-params.js';

export type { UniqueRows } from './gradients.js';
export type { StepBuffers, StepRange } from './step-params.js';
export type { NamedTensor, OptimizerArgs } from './optimizer-types.js';

/**
 * An optimizer: TensorFlow.js's update rule for each trainable weight, run
 * on the GPU by one fused kernel per weight per step. Pass one to
 * `model.compile({ optimizer })`, or a name ('sgd', 'adam', 'adagrad',
 * 'rmsprop') for the defaults TensorFlow.js uses.
 *
 * Ownership: the optimizer owns its slots (moments, accumulators), created
 * per weight by `compile` (or by the first `fit` that trains the weight);
 * `dispose()` frees them. A model disposes an optimizer it made from a
 * name; one you made stays yours.
 *
 * @example
 * ```ts
 * model.compile({ optimizer: new Adam({ learningRate: 0.01 }), loss: 'mse' });
 * ```
 */
export abstract class Optimizer {
  readonly learningRate: number;
  readonly lazy: boolean;
  #iterations = 0;
  #slots = new Map<Weight, Tensor<'float32'>[]>();
  /** Slot values from `setWeights` for weights not prepared yet, by name. */
  #pending = new Map<string, Tensor<'float32'>>();
  /** The device the slots live on. */
  #device: GPUDevice | null = null;
  #disposed = false;

  /** `name` is the subclass's `className`, for messages. */
  protected constructor(args: OptimizerArgs, defaultRate: number, name: string) {
    if (typeof args !== 'object' || args === null) throw new TypeError(`${name}: expected options such as { learningRate: ${defaultRate} }, received ${formatValue(args)}.`);
    this.learningRate = hyper(args.learningRate, defaultRate, 'learningRate', name, 0, Infinity, true);
    if (args.lazy !== undefined && typeof args.lazy !== 'boolean') throw new TypeError(`${name}: expected lazy to be a boolean, received ${formatValue(args.lazy)}.`);
    this.lazy = args.lazy ?? false;
  }

  /** The class name as TensorFlow.js serialises it, e.g. `Adam`. */
  abstract get className(): string;

  /** The hyperparameters, as TensorFlow.js's `getConfig()` names them. */
  abstract getConfig(): Record<string, number | boolean>;

  /** Steps applied so far. */
  get iterations(): number {
    return this.#iterations;
  }

  /** Suffixes of each weight's slots as TensorFlow.js names them, e.g. `['m', 'v']`. */
  protected abstract get slotNames(): readonly string[];

  /** The value a new slot starts at. */
  protected slotStart(_slot: number): number {
    return 0;
  }

  /**
   * @internal Whether an update of only a table's touched rows gives exactly
   * what the dense update would (the rule leaves a weight with a zero
   * gradient unchanged, slots included), or the optimizer is `lazy`.
   */
  get rowsUpdate(): boolean {
    return this.lazy;
  }

  /** The kernel of one step over a weight buffer, dense or rows. */
  protected abstract kernel(rows: boolean): Kernel;

  /** The bindings (before the uniform) and parameters of one dispatch. */
  protected abstract dispatchFor(buffers: StepBuffers, range: StepRange): { buffers: GPUBuffer[]; params: Uint32Array<ArrayBuffer> };

  /** Dispatches after every weight of a step (e.g. Adam's powers of beta). */
  protected afterStep(): (DispatchSpec & { kernel: Kernel })[] {
    return [];
  }

  /** The CPU twin of one step on one weight (host values, slots), with the step number t from 1. */
  protected abstract stepHost(weight: Float32Array, grad: ArrayLike<number>, slots: Float32Array[], t: number): void;

  /**
   * @internal Creates the slots of the weights that have none yet.
   *
   * @example
   * ```ts
   * optimizer.prepare(model.trainableWeights);
   * ```
   */
  prepare(weights: readonly Weight[]): void {
    this.#assertLive();
    if (this.#device && isLost(this.#device)) {
      // The state died with its device: start over on the new one, as a new optimizer would.
      this.#dropState();
      this.#iterations = 0;
    }
    this.#device = defaultDevice();
    this.prepareState();
    for (const weight of weights) {
      if (this.#slots.has(weight)) continue;
      const slots: Tensor<'float32'>[] = [];
      try {
        this.slotNames.forEach((suffix, s) => {
          const slot = fill(weight.shape, this.slotStart(s), 'float32', weight.value().shards.map((shard) => shard.byteLength));
          slots.push(slot);
          const name = `${weight.name}/${suffix}`;
          const saved = this.#pending.get(name);
          if (saved && saved.size === slot.size) {
            copyTensor(saved, slot, name);
            saved.dispose();
            this.#pending.delete(name);
          }
        });
      } catch (error) {
        for (const slot of slots) slot.dispose();
        throw error;
      }
      this.#slots.set(weight, slots);
    }
  }

  /** Creates the state shared by all weights (e.g. Adam's powers of beta) if there is none. */
  protected prepareState(): void {}

  /** Sets the shared state to what it is after `iterations` steps (`setWeights`). */
  protected resetState(_iterations: number): void {}

  /** Frees the state `prepareState` made. */
  protected disposeState(): void {}

  #dropState(): void {
    for (const slots of this.#slots.values()) for (const slot of slots) slot.dispose();
    this.#slots.clear();
    this.disposeState();
  }

  /**
   * @internal One step: updates every weight in place from its gradient (the
   * whole weight from a dense gradient, or only the listed rows), all in one
   * submission, so a step that fails before it is submitted leaves every
   * weight, slot and the step count as they were. Resolves with the error
   * the device raised, or null.
   *
   * @example
   * ```ts
   * await optimizer.applyGradients([{ weight, gradient }]);
   * ```
   */
  applyGradients(updates: readonly WeightUpdate<Tensor>[]): Promise<Error | null> {
    this.#assertLive();
    this.prepare(updates.map((u) => u.weight));
    const steps: (DispatchSpec & { kernel: Kernel })[] = [];
    for (const { weight, gradient } of updates) steps.push(...this.#weightSteps(weight, gradient));
    steps.push(...this.afterStep());
    const verdict = runInPlace(defaultDevice(), { op: `${this.className} step`, inputs: [] }, () => steps);
    this.#iterations++;
    return verdict;
  }

  #weightSteps(weight: Weight, gradient: Tensor | UniqueRows<Tensor>): (DispatchSpec & { kernel: Kernel })[] {
    const value = weight.value();
    const slots = this.#slots.get(weight)!;
    checkStepLayout(weight, slots, gradient, `${this.className} step of '${weight.name}'`);
    const rows = isRows(gradient);
    const dim = weight.shape[weight.shape.length - 1] ?? 1;
    const rowBytes = dim * 4;
    const kernel = this.kernel(rows);
    // The caller submits these steps before it returns: host copies of the values are stale from here.
    weight.changing();
    return value.shards.map((shard, s) => {
      const range: StepRange = rows
        ? { count: gradient.rows.size, dim, rowStart: shard.byteOffset / rowBytes, shardRows: shard.byteLength / rowBytes }
        : { count: shard.byteLength / 4, dim, rowStart: 0, shardRows: 0 };
      const grad = rows ? gradient.rows.buffer : gradient.shards[s].buffer;
      // Dense steps never read rowIds; the gradient (read-only) fills the binding.
      const rowIds = rows ? gradient.indices.buffer : grad;
      const spec = this.dispatchFor({ weight: shard.buffer, slots: slots.map((t) => t.shards[s].buffer), grad, rowIds }, range);
      return { kernel, ...spec, workgroups: Math.ceil(range.count / 256) };
    });
  }

  /**
   * @internal The CPU twin: the same rule on host copies, with its own slots
   * and step count, starting fresh.
   *
   * @example
   * ```ts
   * const host = optimizer.hostTwin();
   * host.apply([{ key: weight, weight: values, gradient, dim }]);
   * ```
   */
  hostTwin(): HostOptimizer {
    return hostTwin(this.slotNames.map((_, s) => this.slotStart(s)), (weight, grad, slots, t) => this.stepHost(weight, grad, slots, t));
  }

  /**
   * The optimizer's state as TensorFlow.js's `getWeights()` lists it:
   * `iter` (steps so far) first, then each slot kind for every weight
   * (e.g. all `.../m`, then all `.../v`), as new tensors the caller owns.
   *
   * @example
   * ```ts
   * const state = await optimizer.getWeights(); // [{ name: 'iter', tensor }, { name: 'dense/kernel/m', tensor }, ...]
   * ```
   */
  async getWeights(): Promise<NamedTensor[]> {
    this.#assertLive();
    const named: NamedTensor[] = [{ name: 'iter', tensor: tensor([this.#iterations], [], 'float32') }];
    this.slotNames.forEach((suffix, s) => {
      for (const [weight, slots] of this.#slots) named.push({ name: `${weight.name}/${suffix}`, tensor: cloneTensor(slots[s], `${weight.name}/${suffix}`) });
    });
    return named;
  }

  /** @internal The suffixes of each weight's slots, in order (TensorFlow.js's names, e.g. `['m', 'v']`). */
  get slotKinds(): readonly string[] {
    return this.slotNames;
  }

  /**
   * @internal The slots of `weight` (made if missing), each with the value
   * it starts at: the optimizer's own tensors, which saving reads and
   * loading writes.
   *
   * @example
   * ```ts
   * const [m, v] = adam.slotsOf(weight);
   * ```
   */
  slotsOf(weight: Weight): { tensor: Tensor<'float32'>; start: number }[] {
    this.prepare([weight]);
    return this.#slots.get(weight)!.map((tensor, s) => ({ tensor, start: this.slotStart(s) }));
  }

  /**
   * @internal Sets the step count, as `setWeights` does with `iter`.
   *
   * @example
   * ```ts
   * adam.setIterations(120);
   * ```
   */
  setIterations(iterations: number): void {
    this.#assertLive();
    this.#iterations = iterations;
    this.resetState(iterations);
  }

  /**
   * Restores state saved by `getWeights()`: `iter` sets the step count, and
   * each `<weight name>/<slot>` value goes into that weight's slot now, or
   * when the optimizer first meets a weight of that name. The caller keeps
   * its tensors.
   *
   * @example
   * ```ts
   * await optimizer.setWeights(await saved.getWeights());
   * ```
   */
  async setWeights(values: readonly NamedTensor[]): Promise<void> {
    this.#assertLive();
    for (const { name, tensor: value } of values) {
      if (name === 'iter') {
        const [iterations] = await value.data();
        if (!Number.isInteger(iterations) || iterations < 0) throw new RangeError(`${this.className}.setWeights: expected 'iter' to be a count of steps, received ${iterations}.`);
        this.setIterations(iterations);
        continue;
      }
      const target = [...this.#slots].find(([weight]) => this.slotNames.some((suffix) => `${weight.name}/${suffix}` === name));
      if (!target) {
        this.#pending.get(name)?.dispose();
        this.#pending.set(name, cloneTensor(value as Tensor<'float32'>, name));
        continue;
      }
      const [weight, slots] = target;
      const slot = slots[this.slotNames.findIndex((suffix) => `${weight.name}/${suffix}` === name)];
      if (value.size !== slot.size) throw new RangeError(`${this.className}.setWeights: '${name}' needs ${slot.size} values, received ${value.toString()}.`);
      copyTensor(value, slot, name);
    }
  }

  /** True once `dispose()` was called. */
  get isDisposed(): boolean {
    return this.#disposed;
  }

  /**
   * Frees the slots; safe to call twice.
   *
   * @example
   * ```ts
   * optimizer.dispose();
   * ```
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#dropState();
    for (const saved of this.#pending.values()) saved.dispose();
    this.#pending.clear();
  }

  #assertLive(): void {
    if (this.#disposed) throw new DisposedError(`${this.className} optimizer was used after dispose().`);
  }
}
