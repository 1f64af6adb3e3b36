/**
 * Failure injection shared by the failure-path cases (test/cases/op-failures.ts,
 * test/cases/fit-failures.ts): an attempt (an op run and read back, a fit) is
 * run with its 1st, 2nd, ... allocation failing (the n-th createBuffer throws)
 * until one run meets no failure, and after each failure every GPU buffer the
 * library created - uploads, outputs, scratch, status, uniforms, staging -
 * must be destroyed or back in the reuse pool, `memory()` must be as before,
 * and the error scopes the library pushed must all be popped.
 *
 * Reaches below the public API for one thing: emptying the reuse pool
 * (`drainPool`) and the cache of parameter buffers (`drainUniforms`), so
 * that pooled and cached buffers can be told from leaked ones.
 */
import { getDevice, memory, type Tensor } from '../../src/index.js';
import { drainPool } from '../../src/gpu/buffer-pool.js';
import { drainUniforms } from '../../src/gpu/uniforms.js';
import type { Case } from '../cases/case.js';
import { assert } from './close.js';
import { failAllocation, InjectedFailure, trackLiveBuffers } from './gpu-calls.js';
import type { Random } from './random.js';

/** One run read back: throws on a failure, checks the values against the CPU reference otherwise, and disposes what it made either way. */
export type Attempt = () => Promise<void>;

/** What a failure case runs. */
export interface FailureSetup {
  attempt: Attempt;
  /** What the case made for the attempts, freed at the end. */
  inputs: { dispose(): void }[];
  /** Fewest allocations the full run must make (so that the case cannot pass by allocating nothing). */
  least: number;
  /** Runs before each attempt, outside the injected failures (e.g. puts trained weights back). */
  reset?: () => Promise<void> | void;
  /** Checks what a failed attempt left (e.g. weights), after the failure and before the leak checks. */
  afterFailure?: (error: Error) => Promise<void>;
}

/**
 * Reads every tensor, disposing all of them whatever happens.
 *
 * @example
 * ```ts
 * const [rows] = await readAll([gather(table, ids)]);
 * ```
 */
export async function readAll(tensors: readonly Tensor[]): Promise<(Float32Array | Int32Array)[]> {
  try {
    const out: (Float32Array | Int32Array)[] = [];
    for (const t of tensors) out.push((await t.data()) as Float32Array | Int32Array);
    return out;
  } finally {
    for (const t of tensors) t.dispose();
  }
}

/** Empties the reuse pool and the parameter cache once the queue is idle, so that what is left alive was leaked. */
async function settle(device: GPUDevice): Promise<void> {
  await device.queue.onSubmittedWorkDone();
  drainPool(device);
  drainUniforms(device);
}

/**
 * Runs `setup.attempt` with the 1st, 2nd, ... allocation failing until one
 * run meets no failure; after each, nothing may be left behind. Returns how
 * many allocations the full run made.
 */
async function failEachAllocation(label: string, setup: FailureSetup): Promise<number> {
  const device = await getDevice();
  // A first run without failures creates the per-device buffers kept for good (the spare binding), and must be right.
  await setup.reset?.();
  await setup.attempt();
  const tracker = trackLiveBuffers();
  try {
    for (let n = 1; ; n++) {
      await setup.reset?.();
      await settle(device);
      const liveBefore = tracker.live();
      const memoryBefore = memory();
      const injected = failAllocation(n);
      let error: unknown = null;
      try {
        await setup.attempt();
      } catch (e) {
        error = e;
      } finally {
        injected.stop();
      }
      const reached = injected.calls() >= n;
      if (!reached) {
        assert(error === null, `${label}: the run without a failure threw ${String(error)}`);
        return n - 1;
      }
      assert(error !== null, `${label}: allocation ${n} failed, yet the run succeeded`);
      const failure = error as Error;
      assert(failure instanceof InjectedFailure || failure.cause instanceof InjectedFailure || /injected failure/.test(failure.message),
        `${label}: allocation ${n} failed, but the error is another one: ${failure.stack ?? failure}`);
      const { pushed, popped } = injected.scopes();
      assert(pushed === popped, `${label}, allocation ${n} failing: ${pushed} error scopes pushed, ${popped} popped`);
      await setup.afterFailure?.(failure);
      await settle(device);
      const now = memory();
      assert(now.numTensors === memoryBefore.numTensors && now.numBytes === memoryBefore.numBytes,
        `${label}, allocation ${n} failing: memory() went from ${JSON.stringify(memoryBefore)} to ${JSON.stringify(now)}`);
      assert(tracker.live() === liveBefore, `${label}, allocation ${n} failing: ${tracker.live() - liveBefore} GPU buffer(s) left alive`);
    }
  } finally {
    tracker.stop();
  }
}

/**
 * A case that builds its inputs, fails each allocation of its attempt in turn, then frees the inputs.
 *
 * @example
 * ```ts
 * failureCase('add', (rng) => ({ inputs: [a], least: 3, attempt: async () => { ... } }));
 * ```
 */
export function failureCase(name: string, setup: (rng: Random) => FailureSetup | Promise<FailureSetup>): Case {
  return {
    name: `${name}: each allocation failing in turn leaves no GPU buffer, tensor or error scope behind`,
    run: async (rng) => {
      const made = await setup(rng);
      try {
        const allocations = await failEachAllocation(name, made);
        assert(allocations >= made.least, `${name}: the run made only ${allocations} allocations, expected at least ${made.least}`);
        console.log(`${name}: failed each of ${allocations} allocations in turn, nothing left behind`);
      } finally {
        for (const t of made.inputs) t.dispose();
      }
    },
  };
}
