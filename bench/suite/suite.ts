/**
 * The suite: which cases run, on which shapes, and the loop that times
 * every implementation of each on one device. The same code runs in the
 * bench page (Chromium) and in Node on Dawn.
 */
import { adapterInfo, tensor } from '../../src/index.js';
import { seeded } from '../../test/support/random.js';
import { beyondEntries } from './beyond.js';
import { embeddingBackwardEntries } from './embedding-backward.js';
import { boundEntries } from './bounds.js';
import { cpuEntries } from './cpu.js';
import { ourEntries } from './ours.js';
import { ortEntries } from './ort.js';
import { predictEntries } from './predict.js';
import { caseResult, latencyBatches, type BenchResults, type CaseResult, type Shape } from './results.js';
import { tfjsEntries } from './tfjs.js';
import { trainingEntries, trainingShape } from './training.js';
import { GpuTimer, sampleInRounds, type Budget, type TimeBatch } from './timer.js';
import type { Entry, Group, Runner, Workload } from './runner.js';

/** The standard case of the issue: V = 10,000, D = 256, N = 4,096. */
export const standard: Shape = { V: 10_000, D: 256, N: 4_096 };

/** Every entry, in the order they are sampled: the bounds, ours, the peers, the CPU. */
export const entries: Entry[] = [...boundEntries, ...ourEntries, ...predictEntries, ...tfjsEntries, ...ortEntries, ...cpuEntries, ...beyondEntries, ...embeddingBackwardEntries, ...trainingEntries];

/** A shape and the group of entries it runs; `matmulOnly` plans carry the matmul-type ops alone. */
export interface Planned {
  shape: Shape;
  group: Group;
  matmulOnly?: boolean;
}

/**
 * N for the matmul-type ops (one-hot lookup, matmul) on a software adapter:
 * at N = 4,096 one call is 21 GFLOP, minutes on SwiftShader (~0.2 GFLOP/s),
 * so they run at N = 32 there (ratios compare implementations at the same
 * shape; the one-hot matrix is still [N, V]).
 */
export const softwareMatMulN = 32;

/**
 * The shapes of a run: the standard case and the predict latency sweep
 * (quick), or with the sweeps (one axis at a time around the standard
 * case), the gather vs one-hot crossover over V and the training epochs
 * (issue 11). On a software
 * adapter the matmul-type ops of the standard case and the crossover run at
 * N = {@link softwareMatMulN}.
 */
export function plan(quick: boolean, software: boolean, shape: Shape = standard): Planned[] {
  const matmulN = software ? Math.min(shape.N, softwareMatMulN) : shape.N;
  const planned: Planned[] = [{ shape, group: 'standard' }];
  if (matmulN !== shape.N) planned.push({ shape: { ...shape, N: matmulN }, group: 'standard', matmulOnly: true });
  planned.push(...latencyBatches.map((N): Planned => ({ shape: { ...shape, N }, group: 'latency' })));
  if (quick) return planned;
  const sweep = (axis: Partial<Shape>): Planned => ({ shape: { ...shape, ...axis }, group: 'sweep' });
  planned.push(...[16, 64, 1024].map((D) => sweep({ D })));
  planned.push(...[256, 65_536].map((N) => sweep({ N })));
  planned.push(...[100, 1_000_000].map((V) => sweep({ V })));
  planned.push(...[4, 16, 64, 256, 1024, 4096].map((V): Planned => ({ shape: { ...shape, V, N: matmulN }, group: 'crossover' })));
  planned.push({ shape: trainingShape, group: 'training' });
  return planned;
}

/** One-hot matrices above this many bytes are not built (V = 1,000,000 would need 16 GB). */
const maxOneHotBytes = 512 * 2 ** 20;

const isMatMulType = (entry: Entry) => entry.op === 'onehot-lookup' || entry.op === 'matmul';

function applies(entry: Entry, { shape, group, matmulOnly }: Planned, planned: Planned[]): boolean {
  if (!entry.groups.includes(group)) return false;
  if (matmulOnly && !isMatMulType(entry)) return false;
  // A matmul-type op runs on the group's matmul-only plan when it has one.
  if (!matmulOnly && isMatMulType(entry) && planned.some((p) => p.group === group && p.matmulOnly)) return false;
  if (isMatMulType(entry) && shape.N * shape.V * 4 > maxOneHotBytes) return false;
  // The vec4 kernels need whole vec4 rows.
  return !(entry.impl.startsWith('ours-') && entry.impl !== 'ours-scalar' && shape.D % 4 !== 0);
}

function makeWorkload(shape: Shape, seed: number): Workload {
  const rng = seeded(seed);
  const hostTable = new Float32Array(shape.V * shape.D);
  for (let i = 0; i < hostTable.length; i++) hostTable[i] = rng() * 2 - 1;
  const hostIndices = new Int32Array(shape.N);
  for (let i = 0; i < shape.N; i++) hostIndices[i] = Math.floor(rng() * shape.V);
  return {
    shape,
    hostTable,
    hostIndices,
    table: tensor(hostTable, [shape.V, shape.D]),
    indices: tensor(hostIndices, [shape.N]),
  };
}

/** Options of a run. */
export interface SuiteOptions {
  quick: boolean;
  runtime: BenchResults['runtime'];
  /** Time per implementation per case (see {@link Budget}). */
  budget?: Budget;
  /** Another shape for the standard group (for development; the results' standard case is {@link standard}). */
  shape?: Shape;
  /** Only entries whose `impl` or `op` matches (for development). */
  only?: RegExp;
  /** Called with a line of progress after each measurement or skip. */
  progress?: (line: string) => void;
  /**
   * Awaited after a shape's entries are set up, before sampling; resolves
   * with the milliseconds it waited (Node: until background work a setup
   * started, such as V8 compiling a peer's wasm, has finished).
   */
  settle?: () => Promise<number>;
}

function batchTimer(device: GPUDevice, timer: GpuTimer, runner: Runner): TimeBatch {
  return async (reps) => {
    if (runner.clock === 'gpu') {
      return timer.span(async () => {
        for (let i = 0; i < reps; i++) await runner.run();
      }, runner.flush);
    }
    // From an idle queue, as a GPU span starts: work another entry left queued is not charged to this one.
    await device.queue.onSubmittedWorkDone();
    const start = performance.now();
    for (let i = 0; i < reps; i++) await runner.run();
    return performance.now() - start;
  };
}

/**
 * Runs the suite on `device` (the library's default device, which the peers
 * share) and returns the results. A case that fails to set up or run is
 * reported through `progress` and left out; the rest still run.
 *
 * @example
 * ```ts
 * const results = await runSuite(await getDevice(), { quick: true, runtime: 'node', progress: console.log });
 * ```
 */
export async function runSuite(device: GPUDevice, options: SuiteOptions): Promise<BenchResults> {
  const progress = options.progress ?? (() => undefined);
  const timer = new GpuTimer(device);
  const { vendor, architecture, device: name, description } = adapterInfo(device);
  progress(`adapter: ${description || `${vendor} ${architecture}`}; timing: ${timer.method}`);
  const cases: CaseResult[] = [];
  const planned = plan(options.quick, adapterInfo(device).software, options.shape);
  const total = planned.reduce((n, p) => n + entries.filter((e) => applies(e, p, planned) && matches(e, options.only)).length, 0);
  let done = 0;
  for (const [i, p] of planned.entries()) {
    if (!entries.some((e) => applies(e, p, planned) && matches(e, options.only))) continue;
    const workload = makeWorkload(p.shape, 1234 + i);
    const shape = `V=${p.shape.V} D=${p.shape.D} N=${p.shape.N}`;
    const set: { entry: Entry; runner: Runner }[] = [];
    try {
      for (const entry of entries.filter((e) => applies(e, p, planned) && matches(e, options.only))) {
        try {
          set.push({ entry, runner: await entry.setup(workload, device) });
        } catch (error) {
          progress(`[${++done}/${total}] ${entry.op} ${entry.impl} ${shape}: skipped (${(error as Error).message})`);
        }
      }
      const waited = (await options.settle?.()) ?? 0;
      if (waited > 1000) progress(`${shape}: waited ${(waited / 1000).toFixed(0)} s for the setups' background work to finish`);
      progress(`${shape}: sampling ${set.map((s) => `${s.entry.op} ${s.entry.impl}`).join(', ')} in rounds`);
      const medians = await sampleInRounds(
        set.map((s) => batchTimer(device, timer, s.runner)),
        options.budget,
        (k, error) => progress(`${set[k].entry.op} ${set[k].entry.impl} ${shape}: failed (${error.message})`),
      );
      for (const [k, { entry }] of set.entries()) {
        const label = `[${++done}/${total}] ${entry.op} ${entry.impl} ${shape}`;
        if (Number.isNaN(medians[k])) continue;
        const result = caseResult(entry.op, entry.impl, p.shape, medians[k]);
        cases.push(result);
        progress(`${label}: ${medians[k].toPrecision(3)} ms${result.gbps === null ? '' : `, ${result.gbps} GB/s`}${result.gflops === null ? '' : `, ${result.gflops} GFLOP/s`}`);
      }
    } finally {
      for (const { runner } of set) await runner.dispose();
      await device.queue.onSubmittedWorkDone();
      workload.table.dispose();
      workload.indices.dispose();
    }
  }
  timer.destroy();
  return { adapter: { vendor, architecture, device: name, description }, runtime: options.runtime, date: new Date().toISOString(), cases };
}

function matches(entry: Entry, only: RegExp | undefined): boolean {
  return !only || only.test(`${entry.op} ${entry.impl}`);
}
