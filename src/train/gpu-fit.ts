/**
 * `fit` and `evaluate` on the GPU. The training data is uploaded once; each
 * batch is gathered on the GPU from the epoch's sample order (the batch's
 * ids are the only per-batch write), runs forward and backward, and the
 * optimizer updates the weights in place. Losses and metrics add up on the
 * GPU and are read once per epoch, together with a host checkpoint of the
 * trained weights (what a device loss restores), unless a callback asks for
 * each batch's values.
 */
import { DeviceLostError } from '../errors.js';
import { readRanges, type ReadRange } from '../gpu/buffers.js';
import { defaultDevice, isLost, whenLost } from '../gpu/device.js';
import { sliceRows } from '../tensor/copy.js';
import type { Weight } from '../layers/weight.js';
import { lossRows } from '../ops/loss-rows.js';
import { sumRows } from '../ops/sum-rows.js';
import { takeRows } from '../ops/take-rows.js';
import { tensor } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { gpuBackend } from './backends.js';
import { batchRanges } from './batches.js';
import type { Compiled } from './compile.js';
import { checkData, checkResident, release, splitData, upload, type Checked, type DataModel, type Resident } from './data.js';
import { infer, record, type Graph } from './engine.js';
import { checkFitArgs, evaluateBatchSize, type EvaluateArgs, type FitArgs } from './fit-args.js';
import { fitLoop, type Runner } from './fit-loop.js';
import type { History, Logs } from './history.js';

/** @internal What `fit` and `evaluate` need of a compiled model. */
export interface Setup {
  owner: string;
  graph: Graph;
  data: DataModel;
  /** The weights `fit` updates (those of trainable layers). */
  trained: readonly Weight[];
  compiled: Compiled;
}

/** Batches between waits for the GPU: enough to keep it busy, few enough that the queue stays short. */
const WINDOW = 4;

/** Output rows per sample: a loss is the mean over rows along the output's last axis. */
function rowsPerSample(setup: Setup): number {
  return setup.data.output.slice(1, -1).reduce<number>((a, b) => a * (b ?? 1), 1);
}

function firstError(verdicts: readonly Promise<Error | null>[]): Promise<Error | null> {
  return Promise.all(verdicts).then((errors) => errors.find((e) => e !== null) ?? null);
}

/** Adds the loss and metric sums of `data`'s samples, in batches, to `totals[0..K)` (forward only). */
function evaluateInto(setup: Setup, data: Resident, batchSize: number, totals: Tensor<'float32'>, verdicts: Promise<Error | null>[]): void {
  const K = setup.compiled.kinds.length;
  for (const [start, end] of batchRanges(data.samples, batchSize)) {
    const made: Tensor[] = [];
    try {
      const slice = (t: Tensor) => {
        const part = start === 0 && end === data.samples ? t.reshape(t.shape) : sliceRows(t, start, end - start, 'evaluate batch');
        made.push(part);
        return part;
      };
      const inputs = data.inputs.map(slice);
      const target = slice(data.target) as Tensor<'float32'>;
      const output = infer(gpuBackend, setup.graph, inputs) as Tensor<'float32'>;
      made.push(output);
      const { values } = lossRows(output, target, setup.compiled.kinds, false);
      made.push(values);
      verdicts.push(sumRows(values, totals, 0, K), values.failure());
    } finally {
      for (const t of made) t.dispose();
    }
  }
}

/** One training run's GPU state and steps. */
class GpuRunner implements Runner {
  readonly #setup: Setup;
  readonly #train: Resident;
  readonly #validation: Resident | null;
  readonly #batchSize: number;
  readonly #seed: number;
  readonly #trained: Set<Weight>;
  readonly #device: GPUDevice;
  readonly #made: Tensor[] = [];
  /** `[2K]`: the epoch's sums, then the last batch's. */
  readonly #totals: Tensor<'float32'>;
  readonly #validationTotals: Tensor<'float32'>;
  readonly #ids: Tensor<'int32'>;
  #verdicts: Promise<Error | null>[] = [];
  #inFlight: Promise<unknown> | null = null;
  #lastCount = 0;
  /** Epochs whose weights the host checkpoint holds. */
  completed = 0;

  constructor(setup: Setup, train: Resident, validation: Resident | null, batchSize: number, seed: number) {
    this.#setup = setup;
    this.#train = train;
    this.#validation = validation;
    this.#batchSize = batchSize;
    this.#seed = seed;
    this.#trained = new Set(setup.trained);
    this.#device = train.target.device;
    const K = setup.compiled.kinds.length;
    const make = <T extends Tensor>(t: () => T): T => {
      try {
        const made = t();
        this.#made.push(made);
        return made;
      } catch (error) {
        this.dispose();
        throw error;
      }
    };
    this.#totals = make(() => tensor(new Float32Array(2 * K), [2 * K], 'float32'));
    this.#validationTotals = make(() => tensor(new Float32Array(2 * K), [2 * K], 'float32'));
    this.#ids = make(() => tensor(new Int32Array(batchSize), [batchSize], 'int32'));
  }

  step(order: Int32Array, start: number, end: number, step: number): void {
    const { graph, compiled } = this.#setup;
    const count = end - start;
    this.#lastCount = count;
    this.#device.queue.writeBuffer(this.#ids.buffer, 0, order.buffer as ArrayBuffer, order.byteOffset + start * 4, count * 4);
    const made: Tensor[] = [];
    const keep = <T extends Tensor>(t: T): T => {
      made.push(t);
      return t;
    };
    try {
      const batch = this.#train.inputs.map((t) => keep(takeRows(t, this.#ids, count)));
      const target = keep(takeRows(this.#train.target, this.#ids, count));
      const tape = record(gpuBackend, graph, batch, this.#trained, { training: true, seed: this.#seed, step });
      try {
        const { values, gradient } = lossRows(tape.output as Tensor<'float32'>, target, compiled.kinds, true);
        keep(values);
        keep(gradient!);
        const verdicts = [sumRows(values, this.#totals, 0, compiled.kinds.length), values.failure(), gradient!.failure()];
        const grads = tape.backward(gradient!, compiled.optimizer.rowsUpdate);
        const updates = [...grads].map(([weight, g]) => {
          for (const t of 'indices' in g ? [g.indices, g.rows] : [g]) verdicts.push(keep(t).failure());
          return { weight, gradient: g };
        });
        verdicts.push(compiled.optimizer.applyGradients(updates));
        this.#verdicts.push(firstError(verdicts));
      } finally {
        tape.dispose();
      }
    } finally {
      for (const t of made) t.dispose();
    }
  }

  async batchValues(): Promise<number[]> {
    const K = this.#setup.compiled.kinds.length;
    const [bytes] = await readRanges(this.#device, [{ buffer: this.#totals.buffer, offset: K * 4, byteLength: K * 4 }]);
    const rows = this.#lastCount * rowsPerSample(this.#setup);
    return [...new Float32Array(bytes)].map((sum) => sum / rows);
  }

  async pace(batch: number): Promise<void> {
    if ((batch + 1) % WINDOW !== 0) return;
    const previous = this.#inFlight;
    this.#inFlight = this.#device.queue.onSubmittedWorkDone();
    if (previous) await Promise.race([previous, whenLost(this.#device)]);
  }

  /** The trained weights' buffers, to read with the epoch's sums. */
  #weightRanges(): ReadRange[] {
    return this.#setup.trained.flatMap((w) => w.value().shards.map((s) => ({ buffer: s.buffer, offset: 0, byteLength: s.byteLength })));
  }

  /** Hands the weights read back (in `#weightRanges` order) to their storages as the checkpoint a device loss restores. */
  #checkpoint(parts: readonly ArrayBuffer[]): void {
    let next = 0;
    for (const weight of this.#setup.trained) {
      const values = new Float32Array(weight.size);
      let offset = 0;
      for (const _ of weight.value().shards) {
        const part = new Float32Array(parts[next++]);
        values.set(part, offset);
        offset += part.length;
      }
      weight.checkpoint(values);
    }
  }

  /** Checkpoints the weights before the first step. */
  async start(): Promise<void> {
    this.#checkpoint(await readRanges(this.#device, this.#weightRanges()));
  }

  async endEpoch(): Promise<{ train: number[]; validation: number[] | null }> {
    const K = this.#setup.compiled.kinds.length;
    const sums = (t: Tensor) => ({ buffer: t.buffer, offset: 0, byteLength: K * 4 });
    if (this.#validation) {
      this.#device.queue.writeBuffer(this.#validationTotals.buffer, 0, new Float32Array(K));
      evaluateInto(this.#setup, this.#validation, this.#batchSize, this.#validationTotals, this.#verdicts);
    }
    const ranges = [sums(this.#totals), ...(this.#validation ? [sums(this.#validationTotals)] : []), ...this.#weightRanges()];
    const parts = await readRanges(this.#device, ranges);
    const error = await firstError(this.#verdicts);
    this.#verdicts = [];
    if (error) throw error;
    this.#device.queue.writeBuffer(this.#totals.buffer, 0, new Float32Array(K));
    const means = (bytes: ArrayBuffer, samples: number) => [...new Float32Array(bytes)].map((sum) => sum / (samples * rowsPerSample(this.#setup)));
    const train = means(parts[0], this.#train.samples);
    const validation = this.#validation ? means(parts[1], this.#validation.samples) : null;
    this.#checkpoint(parts.slice(this.#validation ? 2 : 1));
    this.completed++;
    return { train, validation };
  }

  dispose(): void {
    for (const t of this.#made) t.dispose();
  }
}

/** The DeviceLostError `fit` rejects with, saying which weights come back. */
function lostDuringFit(owner: string, completed: number, epochs: number): DeviceLostError {
  const restored = completed === 0 ? 'their values before fit' : `their values after epoch ${completed}`;
  return new DeviceLostError(
    `${owner}: the GPU device was lost during epoch ${completed + 1} of ${epochs}. After await getDevice(), the trained weights ` +
      `come back with ${restored} (fit keeps a host checkpoint at each epoch end); the optimizer starts afresh.`,
  );
}

/**
 * @internal `model.fit` on the GPU: checks everything before any GPU work,
 * uploads the data once, then runs the loop.
 *
 * @example
 * ```ts
 * const history = await fitOnGpu(setup, [users, items], ratings, { epochs: 10 }, () => model.stopTraining, (h) => (model.history = h));
 * ```
 */
export async function fitOnGpu(setup: Setup, x: unknown, y: unknown, options: FitArgs, stopped: () => boolean, started?: (history: History) => void): Promise<History> {
  const { owner, compiled } = setup;
  const args = checkFitArgs(options, owner);
  const device = defaultDevice();
  const checked: Checked[] = [checkData(setup.data, x, y, owner)];
  const made: Tensor[] = [];
  let runner: GpuRunner | null = null;
  try {
    let train = checked[0];
    let validation: Checked | null = null;
    if (args.validationData) {
      validation = checkData(setup.data, args.validationData[0], args.validationData[1], `${owner} (validationData)`);
      checked.push(validation);
    } else if (args.validationSplit > 0) {
      ({ train, validation } = splitData(train, args.validationSplit));
      checked.push(train, validation);
    }
    if (train.samples === 0) throw new RangeError(`${owner}: expected at least one training sample, received none${args.validationSplit ? ` after validationSplit ${args.validationSplit}` : ''}.`);
    const residentTrain = upload(train, made);
    const residentValidation = validation && validation.samples > 0 ? upload(validation, made) : null;
    await checkResident(setup.data, train, residentTrain, owner);
    if (validation && residentValidation) await checkResident(setup.data, validation, residentValidation, `${owner} (validation)`);
    compiled.optimizer.prepare(setup.trained);
    runner = new GpuRunner(setup, residentTrain, residentValidation, args.batchSize, args.seed);
    await runner.start();
    const history = await fitLoop(runner, { ...args, samples: train.samples, names: compiled.names, validation: residentValidation !== null, stopped, started });
    for (const weight of setup.trained) weight.checkpoint(null);
    return history;
  } catch (error) {
    if (runner && isLost(device)) throw lostDuringFit(owner, args.initialEpoch + runner.completed, args.epochs);
    throw error;
  } finally {
    runner?.dispose();
    for (const t of made) if (!t.isDisposed) t.dispose();
    for (const data of checked) release(data);
  }
}

/**
 * @internal `model.evaluate` on the GPU: the mean loss and metrics over all
 * samples, read back once.
 *
 * @example
 * ```ts
 * await evaluateOnGpu(setup, [users, items], ratings, {}); // { loss: 0.74, mse: 0.91 }
 * ```
 */
export async function evaluateOnGpu(setup: Setup, x: unknown, y: unknown, options: EvaluateArgs): Promise<Logs> {
  const { owner, compiled } = setup;
  const batchSize = evaluateBatchSize(options, owner);
  const data = checkData(setup.data, x, y, owner);
  const made: Tensor[] = [];
  try {
    if (data.samples === 0) throw new RangeError(`${owner}: expected at least one sample, received none.`);
    const resident = upload(data, made);
    await checkResident(setup.data, data, resident, owner);
    const K = compiled.kinds.length;
    const totals = tensor(new Float32Array(2 * K), [2 * K], 'float32');
    made.push(totals);
    const verdicts: Promise<Error | null>[] = [];
    evaluateInto(setup, resident, batchSize, totals, verdicts);
    const [bytes] = await readRanges(totals.device, [{ buffer: totals.buffer, offset: 0, byteLength: K * 4 }]);
    const error = await firstError(verdicts);
    if (error) throw error;
    const sums = new Float32Array(bytes);
    return Object.fromEntries(compiled.names.map((name, i) => [name, sums[i] / (data.samples * rowsPerSample(setup))]));
  } finally {
    for (const t of made) t.dispose();
    release(data);
  }
}
