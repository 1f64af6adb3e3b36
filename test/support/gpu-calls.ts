/**
 * Counts the WebGPU calls that start GPU work or allocate (buffer creation,
 * queue writes, submissions, buffer maps) while a function runs, by wrapping the
 * prototypes' methods. Works in Node (Dawn's classes) and in Chromium.
 */

export interface GpuCalls {
  createBuffer: number;
  writeBuffer: number;
  submit: number;
  /** Buffer maps: each is one GPU round trip (a read). */
  mapAsync: number;
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
  const calls: GpuCalls = { createBuffer: 0, writeBuffer: 0, submit: 0, mapAsync: 0 };
  const g = globalThis as unknown as Record<string, { prototype: Record<string, unknown> }>;
  const restore = [
    wrap(g.GPUDevice.prototype, 'createBuffer', () => calls.createBuffer++),
    wrap(g.GPUQueue.prototype, 'writeBuffer', () => calls.writeBuffer++),
    wrap(g.GPUQueue.prototype, 'submit', () => calls.submit++),
    wrap(g.GPUBuffer.prototype, 'mapAsync', () => calls.mapAsync++),
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

/** Thrown by the createBuffer that {@link failAllocation} makes fail. */
export class InjectedFailure extends RangeError {
  override name = 'InjectedFailure';
}

/**
 * Makes the `n`-th `createBuffer` call (1-based) from now on throw an
 * {@link InjectedFailure}, as a device that cannot back a buffer does, and
 * counts error scopes pushed and popped meanwhile. `calls()` says how many
 * buffers were asked for; `stop()` restores the originals.
 */
export function failAllocation(n: number): { calls: () => number; scopes: () => { pushed: number; popped: number }; stop: () => void } {
  const g = globalThis as unknown as Record<string, { prototype: Record<string, unknown> }>;
  let calls = 0;
  const scopes = { pushed: 0, popped: 0 };
  const proto = g.GPUDevice.prototype;
  const create = proto.createBuffer as Method;
  const push = proto.pushErrorScope as Method;
  const pop = proto.popErrorScope as Method;
  proto.createBuffer = function (this: unknown, ...args: unknown[]) {
    if (++calls === n) throw new InjectedFailure(`injected failure of allocation ${n} (${(args[0] as GPUBufferDescriptor).label})`);
    return create.apply(this, args);
  };
  proto.pushErrorScope = function (this: unknown, ...args: unknown[]) {
    scopes.pushed++;
    return push.apply(this, args);
  };
  proto.popErrorScope = function (this: unknown, ...args: unknown[]) {
    scopes.popped++;
    return pop.apply(this, args);
  };
  return {
    calls: () => calls,
    scopes: () => ({ ...scopes }),
    stop: () => {
      proto.createBuffer = create;
      proto.pushErrorScope = push;
      proto.popErrorScope = pop;
    },
  };
}

/** One `queue.writeBuffer` call: the host memory it read from. */
export interface WriteSource {
  data: ArrayBufferLike;
  byteOffset: number;
  byteLength: number;
}

/** Runs `fn` (synchronously) and returns the host memory each `queue.writeBuffer` call read from. */
export function recordWrites<T>(fn: () => T): { result: T; writes: WriteSource[] } {
  const writes: WriteSource[] = [];
  const proto = (globalThis as unknown as Record<string, { prototype: Record<string, unknown> }>).GPUQueue.prototype;
  const original = proto.writeBuffer as Method;
  proto.writeBuffer = function (this: unknown, ...args: unknown[]) {
    const data = args[2] as ArrayBufferLike | ArrayBufferView;
    const view = ArrayBuffer.isView(data) ? data : null;
    const base = view ? view.byteOffset : 0;
    const elementBytes = view && 'BYTES_PER_ELEMENT' in view ? (view as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT : 1;
    const total = view ? view.byteLength : (data as ArrayBufferLike).byteLength;
    const offset = ((args[3] as number | undefined) ?? 0) * elementBytes;
    const length = args[4] === undefined ? total - offset : (args[4] as number) * elementBytes;
    writes.push({ data: view ? view.buffer : (data as ArrayBufferLike), byteOffset: base + offset, byteLength: length });
    return original.apply(this, args);
  };
  try {
    return { result: fn(), writes };
  } finally {
    proto.writeBuffer = original;
  }
}
