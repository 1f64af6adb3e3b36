/**
 * The library's default `GPUDevice`: acquired once, shared by every op, and
 * replaced after a loss. A device handed in by the caller is borrowed: never
 * destroyed and never modified here; the library only listens to its `lost`
 * promise (and opens error scopes around its own work).
 */
import { DeviceLostError, GPUUnavailableError } from '../errors.js';
import { debug } from './debug.js';
import { compileKernels } from './pipelines.js';

/** Options for {@link getDevice}. */
export interface DeviceOptions {
  /** Use this device instead of acquiring one; it stays the caller's (never destroyed by the library). */
  device?: GPUDevice;
  /** Passed to `requestAdapter`. */
  powerPreference?: GPUPowerPreference;
  /** Print one line naming the adapter when a software fallback was chosen (default true). */
  log?: boolean;
}

/** The adapter behind a device, as the adapter reports itself. */
export interface AdapterDescription {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** True when Node fell back to SwiftShader, a software (CPU) Vulkan driver. */
  software: boolean;
}

interface DeviceState {
  adapter: AdapterDescription;
  /**
   * Set when the `device.lost` promise settles: after `destroy()`, a microtask
   * later in Dawn, some milliseconds later in Chromium. The library's own
   * device also sets it inside `destroy()`, so ops right after it throw.
   */
  lost: LossInfo | null;
  /** Settles (never resolves with a value worth using) when the device is lost; reads race against it. */
  lostPromise: Promise<never>;
}

interface LossInfo {
  reason: GPUDeviceLostReason;
  message: string;
}

const states = new WeakMap<GPUDevice, DeviceState>();
let current: GPUDevice | null = null;
let acquiring: Promise<GPUDevice> | null = null;

/**
 * Returns the library's default `GPUDevice`, acquiring it on the first call
 * (browser: `navigator.gpu`; Node.js: Dawn, with SwiftShader as a fallback on
 * GPU-less Linux). Later calls return the same device until it is lost.
 *
 * @example
 * ```ts
 * const device = await getDevice();
 * await getDevice({ device: myDevice }); // borrow a device of your own
 * ```
 */
export async function getDevice(options: DeviceOptions = {}): Promise<GPUDevice> {
  if (options.device) {
    await adopt(options.device, describe(options.device, null, false), 'borrowed');
    return options.device;
  }
  if (current && !states.get(current)?.lost) {
    await compileKernels(current);
    return current;
  }
  acquiring ??= acquire(options).finally(() => (acquiring = null));
  return acquiring;
}

async function acquire(options: DeviceOptions): Promise<GPUDevice> {
  const adapterOptions: GPURequestAdapterOptions = options.powerPreference
    ? { powerPreference: options.powerPreference }
    : {};
  let adapter: GPUAdapter | null;
  let softwareIcd: string | undefined;
  const browserGpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (browserGpu) {
    adapter = await browserGpu.requestAdapter(adapterOptions);
    if (!adapter) {
      throw new GPUUnavailableError(
        'navigator.gpu returned no adapter. Use a browser with WebGPU enabled (Chrome/Edge 113+, ' +
          'or Chromium with --enable-unsafe-webgpu) on a page served over https or localhost.',
      );
    }
  } else if (typeof process !== 'undefined' && process.versions?.node) {
    const { nodeGPU } = await import('./node-gpu.js');
    ({ adapter, softwareIcd } = await nodeGPU(adapterOptions));
  } else {
    throw new GPUUnavailableError(
      'This environment has no WebGPU (navigator.gpu is missing). In a browser, serve the page over https ' +
        'or localhost from a WebGPU-capable browser; in Node.js, install the `webgpu` package.',
    );
  }
  const device = await adapter.requestDevice({
    label: 'webgpu-embeddings',
    // The spec's default limits (128 MiB per binding) are far below what adapters offer; tables need the real ones.
    requiredLimits: {
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxBufferSize: adapter.limits.maxBufferSize,
    },
    requiredFeatures: (['timestamp-query', 'shader-f16'] as GPUFeatureName[]).filter((f) => adapter!.features.has(f)),
  });
  const description = describe(device, adapter, !!softwareIcd);
  if (softwareIcd && options.log !== false) {
    console.info(
      `webgpu-embeddings: no hardware GPU adapter; using ${description.description || 'SwiftShader'} ` +
        `(software Vulkan, ${softwareIcd})`,
    );
  }
  await adopt(device, description, 'owned');
  return device;
}

function describe(device: GPUDevice, adapter: GPUAdapter | null, software: boolean): AdapterDescription {
  const info: Partial<GPUAdapterInfo> = adapter?.info ?? (device as { adapterInfo?: GPUAdapterInfo }).adapterInfo ?? {};
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
    software: software || info.architecture === 'swiftshader',
  };
}

async function adopt(device: GPUDevice, adapter: AdapterDescription, owner: 'owned' | 'borrowed'): Promise<void> {
  if (!states.has(device)) {
    const state: DeviceState = {
      adapter,
      lost: null,
      lostPromise: device.lost.then((info) => {
        state.lost = info;
        throw lostError(info);
      }),
    };
    // Reads race against this promise; an unobserved rejection must not crash the process.
    state.lostPromise.catch(() => undefined);
    if (owner === 'owned') {
      // The library created this device, so it may wrap it: `device.lost` settles only after destroy() returns
      // (milliseconds later in Chromium), and ops or getDevice() calls in between must already see the loss.
      const destroy = device.destroy.bind(device);
      device.destroy = () => {
        state.lost ??= { reason: 'destroyed', message: '' };
        destroy();
      };
    }
    states.set(device, state);
  }
  await compileKernels(device);
  current = device;
}

function lostError(info: LossInfo): DeviceLostError {
  const why = info.reason === 'destroyed' ? 'it was destroyed' : `of ${info.message || 'an unknown reason'}`;
  return new DeviceLostError(`The GPU device was lost because ${why}; call await getDevice() to acquire a new one.`);
}

function stateOf(device: GPUDevice): DeviceState {
  const state = states.get(device);
  if (!state) throw new Error('This GPUDevice was not set up by getDevice().');
  return state;
}

/**
 * The default device, synchronously, for ops. Throws when none was acquired
 * or it was lost.
 *
 * @example
 * ```ts
 * await getDevice();
 * const device = defaultDevice();
 * ```
 */
export function defaultDevice(): GPUDevice {
  if (!current) throw new GPUUnavailableError('No GPU device yet: call `await getDevice()` before running ops.');
  assertUsable(current);
  return current;
}

/** The default device if one was acquired, else null; never throws. */
export function currentDevice(): GPUDevice | null {
  return current;
}

/**
 * Throws a `DeviceLostError` if `device` was lost.
 *
 * @example
 * ```ts
 * assertUsable(tensor.device);
 * ```
 */
export function assertUsable(device: GPUDevice): void {
  const lost = lossOf(device);
  if (lost) throw lost;
}

/** Settles with a `DeviceLostError` when `device` is lost; race pending reads against it. */
export function whenLost(device: GPUDevice): Promise<never> {
  return stateOf(device).lostPromise;
}

/** Whether `device` was lost or destroyed (never throws). */
export function isLost(device: GPUDevice): boolean {
  return !!states.get(device)?.lost;
}

/** The `DeviceLostError` for `device` if it was lost, else null. */
export function lossOf(device: GPUDevice): DeviceLostError | null {
  const lost = stateOf(device).lost;
  return lost ? lostError(lost) : null;
}

/**
 * Bytes below the device's per-buffer limit that the library's buffers keep
 * free. Implementations may pad an allocation: Dawn on SwiftShader reports
 * `maxBufferSize` 1 GiB yet cannot allocate a buffer of exactly 1 GiB
 * (measured: 1 GiB - 16 bytes works), which a table split at the limit needs.
 */
const LIMIT_HEADROOM = 4096;

/**
 * The most bytes one buffer the library binds may hold on `device`: the
 * smaller of `maxBufferSize` and `maxStorageBufferBindingSize` less 4 KiB
 * of headroom, or `debug.maxBufferBytes` when a test lowers it. Tables
 * larger than this are split by rows across several buffers.
 *
 * @example
 * ```ts
 * const rowsPerShard = Math.floor(bufferLimit(device) / (dim * 4));
 * ```
 */
export function bufferLimit(device: GPUDevice): number {
  const limit = Math.min(device.limits.maxBufferSize, device.limits.maxStorageBufferBindingSize) - LIMIT_HEADROOM;
  return debug.maxBufferBytes ? Math.min(limit, debug.maxBufferBytes) : limit;
}

/**
 * Describes the default device's adapter (vendor, architecture, device,
 * description, and whether it is a software driver).
 *
 * @example
 * ```ts
 * await getDevice();
 * console.log(adapterInfo().description); // e.g. "SwiftShader driver 5.0.0"
 * ```
 */
export function adapterInfo(device: GPUDevice = defaultDevice()): AdapterDescription {
  return { ...stateOf(device).adapter };
}
