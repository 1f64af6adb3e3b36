/**
 * Counts the WebGPU calls that start GPU work or allocate (buffer creation,
 * queue writes and submissions) while a function runs, by wrapping the
 * prototypes' methods. Works in Node (Dawn's classes) and in Chromium.
 */

export interface GpuCalls {
  createBuffer: number;
  writeBuffer: number;
  submit: number;
}

type Method = (...args: unknown[]) => unknown;

function wrap(proto: Record<string, unknown>, name: string, onCall: () => void): () => void {
  const original = proto[name] as Method;
  proto[name] = function (this: unknown, ...args: unknown[]) {
    onCall();
    return original.apply(this, args);
  };
  return () => {
    proto[name] = original;
  };
}

/**
 * Counts the GPU calls made from now until `stop()`, e.g. across the
 * batches of a running `fit` (start and stop from its callbacks).
 */
export function startCountingGpuCalls(): { calls: GpuCalls; stop: () => void } {
  const calls: GpuCalls = { createBuffer: 0, writeBuffer: 0, submit: 0 };
  const g = globalThis as unknown as Record<string, { prototype: Record<string, unknown> }>;
  const restore = [
    wrap(g.GPUDevice.prototype, 'createBuffer', () => calls.createBuffer++),
    wrap(g.GPUQueue.prototype, 'writeBuffer', () => calls.writeBuffer++),
    wrap(g.GPUQueue.prototype, 'submit', () => calls.submit++),
  ];
  let stopped = false;
  return {
    calls,
    stop: () => {
      if (stopped) return;
      stopped = true;
      for (const undo of restore.reverse()) undo();
    },
  };
}

/** Runs `fn` (synchronously) and returns what it threw and the GPU calls it made. */
export function countGpuCalls(fn: () => unknown): { calls: GpuCalls; error: unknown } {
  const counting = startCountingGpuCalls();
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  } finally {
    counting.stop();
  }
  return { calls: counting.calls, error };
}

/**
 * Tracks live GPU buffers (created minus destroyed) while active, to show
 * that uniforms, status and staging buffers are not leaked.
 */
export function trackLiveBuffers(): { live: () => number; stop: () => void } {
  const g = globalThis as unknown as Record<string, { prototype: Record<string, unknown> }>;
  const alive = new Set<unknown>();
  const deviceProto = g.GPUDevice.prototype;
  const bufferProto = g.GPUBuffer.prototype;
  const create = deviceProto.createBuffer as Method;
  const destroy = bufferProto.destroy as Method;
  deviceProto.createBuffer = function (this: unknown, ...args: unknown[]) {
    const buffer = create.apply(this, args);
    alive.add(buffer);
    return buffer;
  };
  bufferProto.destroy = function (this: unknown, ...args: unknown[]) {
    alive.delete(this);
    return destroy.apply(this, args);
  };
  return {
    live: () => alive.size,
    stop: () => {
      deviceProto.createBuffer = create;
      bufferProto.destroy = destroy;
    },
  };
}
