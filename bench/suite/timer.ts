/**
 * Timing on the GPU's timeline. With 'timestamp-query' a batch of work is
 * bracketed by two timestamps written from empty compute passes submitted
 * before and after it on the same queue, so every implementation (ours or a
 * peer's, whatever passes it encodes) is timed the same way. Without the
 * feature the bracket is the host clock around the batch and
 * `onSubmittedWorkDone`.
 */

/** How a run was timed; printed with the results. */
export type TimingMethod = 'timestamp-query' | 'queue-completion';

/** Times batches of GPU work on one device. */
export class GpuTimer {
  readonly method: TimingMethod;
  readonly #device: GPUDevice;
  readonly #querySet: GPUQuerySet | null = null;
  readonly #resolve: GPUBuffer | null = null;
  readonly #readback: GPUBuffer | null = null;

  constructor(device: GPUDevice) {
    this.#device = device;
    this.method = device.features.has('timestamp-query') ? 'timestamp-query' : 'queue-completion';
    if (this.method === 'timestamp-query') {
      this.#querySet = device.createQuerySet({ label: 'bench.timestamps', type: 'timestamp', count: 2 });
      this.#resolve = device.createBuffer({
        label: 'bench.timestamps.resolve',
        size: 16,
        usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
      });
      this.#readback = device.createBuffer({
        label: 'bench.timestamps.readback',
        size: 16,
        usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      });
    }
  }

  /**
   * Milliseconds the GPU spent from the start of `batch`'s work to its end.
   * `flush` submits whatever the batch left encoded but unsubmitted (tfjs
   * defers its submits).
   */
  async span(batch: () => void | Promise<void>, flush?: () => void): Promise<number> {
    const queue = this.#device.queue;
    await queue.onSubmittedWorkDone();
    if (this.method === 'queue-completion') {
      const start = performance.now();
      await batch();
      flush?.();
      await queue.onSubmittedWorkDone();
      return performance.now() - start;
    }
    this.#mark({ beginningOfPassWriteIndex: 0 });
    await batch();
    flush?.();
    this.#mark({ endOfPassWriteIndex: 1 });
    await this.#readback!.mapAsync(GPUMapMode.READ);
    const [start, end] = new BigInt64Array(this.#readback!.getMappedRange().slice(0));
    this.#readback!.unmap();
    return Number(end - start) / 1e6;
  }

  #mark(writes: { beginningOfPassWriteIndex?: number; endOfPassWriteIndex?: number }): void {
    const encoder = this.#device.createCommandEncoder({ label: 'bench.timestamp' });
    encoder.beginComputePass({ label: 'bench.timestamp', timestampWrites: { querySet: this.#querySet!, ...writes } }).end();
    if (writes.endOfPassWriteIndex !== undefined) {
      encoder.resolveQuerySet(this.#querySet!, 0, 2, this.#resolve!, 0);
      encoder.copyBufferToBuffer(this.#resolve!, 0, this.#readback!, 0, 16);
    }
    this.#device.queue.submit([encoder.finish()]);
  }

  /** Releases the query set and its buffers. */
  destroy(): void {
    this.#querySet?.destroy();
    this.#resolve?.destroy();
    this.#readback?.destroy();
  }
}

/** How long to measure one implementation of one case. */
export interface Budget {
  /** Host milliseconds to spend sampling, after the warm-up (default 1,500). */
  ms?: number;
  /** Fewest samples, however slow (default 3). */
  minSamples?: number;
  /** Most samples (default 15). */
  maxSamples?: number;
}

/** The median of `values` (which it sorts). */
export function median(values: number[]): number {
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

/** Something to sample: times a batch of `reps` calls, in milliseconds (a GPU span or the host clock). */
export type TimeBatch = (reps: number) => Promise<number>;

/**
 * Median milliseconds per call of each of `timers`. Each is warmed up by one
 * call; a call faster than 10 ms is timed again in a batch of ~10 ms, which
 * sizes its batches (~20 ms a sample). A batch of one call is mostly the
 * latency from the span's start to its first dispatch (~1 ms in a browser),
 * which would size fast calls' batches at random, and a batch of fewer calls
 * carries more of that fixed cost per call. Then samples are taken in
 * rounds, one of each timer per round, so that the load of this shared
 * machine changing over time affects every implementation alike, each round
 * starting one timer further on.
 * `onError` reports a timer that failed to run (its result is NaN).
 */
export async function sampleInRounds(timers: TimeBatch[], budget: Budget = {}, onError?: (index: number, error: Error) => void): Promise<number[]> {
  const { ms = 1500, minSamples = 3, maxSamples = 15 } = budget;
  const plans: { reps: number; count: number; perCall: number[] }[] = [];
  for (const [i, time] of timers.entries()) {
    try {
      let once = Math.max(await time(1), 1e-3);
      if (once < 10) {
        const calls = Math.ceil(10 / once);
        once = Math.max((await time(calls)) / calls, 1e-3);
      }
      const reps = Math.min(200, Math.max(1, Math.ceil(20 / once)));
      plans.push({ reps, count: Math.min(maxSamples, Math.max(minSamples, Math.floor(ms / (reps * once)))), perCall: [] });
    } catch (error) {
      onError?.(i, error as Error);
      plans.push({ reps: 0, count: 0, perCall: [] });
    }
  }
  const rounds = Math.max(0, ...plans.map((p) => p.count));
  for (let round = 0; round < rounds; round++) {
    // Each round starts one timer later: a batch's place in the round (after which other one, after how long
    // an idle queue) changes its time by several percent here, so no timer keeps the same place.
    for (let k = 0; k < plans.length; k++) {
      const i = (round + k) % plans.length;
      const p = plans[i];
      if (round >= p.count) continue;
      try {
        p.perCall.push((await timers[i](p.reps)) / p.reps);
      } catch (error) {
        onError?.(i, error as Error);
        p.count = 0;
        p.perCall = [];
      }
    }
  }
  return plans.map((p) => (p.perCall.length ? median(p.perCall) : NaN));
}
