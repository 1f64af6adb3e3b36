/**
 * The CPU reference fit: the same engine, batching, sample order and loop as
 * the GPU `fit`, over the layers' `traceCpu`, the CPU losses and the
 * optimizer's CPU twin, on host copies of the weights. Tests compare the two;
 * the model itself is left untouched.
 */
import * as cpu from '../cpu/index.js';
import type { AnyHostTensor, HostTensor } from '../cpu/host-tensor.js';
import type { Weight } from '../layers/weight.js';
import { cpuBackend } from './backends.js';
import { batchRanges } from './batches.js';
import { checkData, release, splitData, type Checked } from './data.js';
import { infer, record } from './engine.js';
import { checkFitArgs, type FitArgs } from './fit-args.js';
import { fitLoop, type Runner } from './fit-loop.js';
import type { History } from './history.js';
import type { Feed } from './feed.js';
import type { TargetFeed } from './targets.js';
import type { Setup } from './gpu-fit.js';
import type { Trainer } from './trainer.js';

/** What the CPU reference fit returns: its history and the final weights, in `model.weights` order. */
export interface CpuFit {
  history: History;
  weights: Float32Array[];
}

/** Host data of one split: one array per input and the targets. */
interface HostData {
  inputs: AnyHostTensor[];
  target: HostTensor;
  samples: number;
}

async function hostOf(feed: Feed | TargetFeed): Promise<AnyHostTensor> {
  if (feed.kind === 'host') return { data: feed.data, shape: feed.shape };
  return { data: await feed.tensor.data(), shape: [...feed.tensor.shape] };
}

async function hostData(data: Checked): Promise<HostData> {
  return { inputs: await Promise.all(data.inputs.map(hostOf)), target: (await hostOf(data.target)) as HostTensor, samples: data.samples };
}

/** Rows `ids` of `data` as a new host array. */
function rowsOf(data: AnyHostTensor, ids: ArrayLike<number>): AnyHostTensor {
  const size = data.shape.slice(1).reduce((a, b) => a * b, 1);
  const out = data.data instanceof Int32Array ? new Int32Array(ids.length * size) : new Float32Array(ids.length * size);
  for (let i = 0; i < ids.length; i++) out.set(data.data.subarray(ids[i] * size, (ids[i] + 1) * size), i * size);
  return { data: out, shape: [ids.length, ...data.shape.slice(1)] };
}

/** Sums of each kind's row values over `data`, forward only, in batches. */
function evaluateSums(setup: Setup, backend: ReturnType<typeof cpuBackend>, data: HostData, batchSize: number): number[] {
  const sums = setup.compiled.kinds.map(() => 0);
  for (const [start, end] of batchRanges(data.samples, batchSize)) {
    const ids = Array.from({ length: end - start }, (_, i) => start + i);
    const output = infer(backend, setup.graph, data.inputs.map((t) => rowsOf(t, ids))) as HostTensor;
    const target = rowsOf(data.target, ids) as HostTensor;
    setup.compiled.kinds.forEach((kind, k) => {
      for (const v of cpu.rowValues(kind, output, target)) sums[k] += v;
    });
  }
  return sums;
}

/**
 * @internal Fits a copy of `model`'s weights on the CPU with the model's
 * compiled loss, metrics and optimizer rule (a fresh optimizer state), the
 * same options as `fit`, and returns the history and the final weights.
 *
 * @example
 * ```ts
 * const reference = await fitCpu(model, x, y, { epochs: 3, batchSize: 4, shuffle: false, verbose: 0 });
 * ```
 */
export async function fitCpu(model: Trainer & { weights: readonly Weight[] }, x: unknown, y: unknown, options: FitArgs): Promise<CpuFit> {
  const setup = model.trainingSetup('fit');
  const owner = `${setup.owner} (CPU reference)`;
  const args = checkFitArgs(options, owner);
  const checked = checkData(setup.data, x, y, owner);
  const parts: Checked[] = [checked];
  try {
    let train = checked;
    let validation: Checked | null = null;
    if (args.validationData) parts.push((validation = checkData(setup.data, args.validationData[0], args.validationData[1], owner)));
    else if (args.validationSplit > 0) {
      ({ train, validation } = splitData(checked, args.validationSplit));
      parts.push(train, validation);
    }
    const trainHost = await hostData(train);
    const validationHost = validation && validation.samples > 0 ? await hostData(validation) : null;
    const weights = new Map<Weight, HostTensor>();
    for (const weight of model.weights) {
      const copy = weight.read();
      weights.set(weight, { data: await copy.data(), shape: [...weight.shape] });
      copy.dispose();
    }
    const backend = cpuBackend(weights);
    const twin = setup.compiled.optimizer.hostTwin();
    const trained = new Set(setup.trained);
    const { kinds, loss, optimizer } = setup.compiled;
    const rowsPerSample = setup.data.output.slice(1, -1).reduce<number>((a, b) => a * (b ?? 1), 1);
    let sums = kinds.map(() => 0);
    let last: number[] = [];
    const runner: Runner = {
      step(order, start, end, step) {
        const ids = order.subarray(start, end);
        const tape = record(backend, setup.graph, trainHost.inputs.map((t) => rowsOf(t, ids)), trained, { training: true, seed: args.seed, step });
        const output = tape.output as HostTensor;
        const target = rowsOf(trainHost.target, ids) as HostTensor;
        last = kinds.map((kind) => cpu.rowValues(kind, output, target).reduce((a, b) => a + b, 0));
        sums = sums.map((s, k) => s + last[k]);
        last = last.map((s) => s / ((end - start) * rowsPerSample));
        const grads = tape.backward(cpu.lossGradient(loss, output, target), optimizer.rowsUpdate);
        twin.apply(
          [...grads].map(([weight, g]) => ({
            key: weight,
            weight: weights.get(weight)!.data,
            gradient: 'indices' in g ? { indices: g.indices.data, rows: g.rows.data as Float32Array } : (g.data as Float32Array),
            dim: weight.shape[weight.shape.length - 1] ?? 1,
          })),
        );
      },
      batchValues: async () => last,
      async endEpoch() {
        const train = sums.map((s) => s / (trainHost.samples * rowsPerSample));
        sums = kinds.map(() => 0);
        const validation = validationHost ? evaluateSums(setup, backend, validationHost, args.batchSize).map((s) => s / (validationHost.samples * rowsPerSample)) : null;
        return { train, validation };
      },
      pace: async () => undefined,
    };
    const history = await fitLoop(runner, { ...args, samples: trainHost.samples, names: setup.compiled.names, validation: validationHost !== null, stopped: () => false });
    return { history, weights: model.weights.map((w) => weights.get(w)!.data) };
  } finally {
    for (const part of parts) release(part);
  }
}
