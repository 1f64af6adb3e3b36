/**
 * WebGPU for Node.js through Dawn (the `webgpu` package, an optional peer
 * dependency loaded only here), with a fallback to a software Vulkan driver
 * (SwiftShader, shipped with Chromium/Chrome) on machines whose Vulkan
 * drivers Dawn cannot use or that have none. Drivers are chosen before Dawn
 * probes them, so that its warnings about drivers it rejects stay out of the
 * user's terminal (see vulkan-drivers.ts).
 *
 * Node modules are imported through a variable so that a browser bundle that
 * includes this library never tries to resolve them.
 */
import { GPUUnavailableError } from '../errors.js';
import { ensureRuntimeDir, linuxDriverAttempts, userChoseDrivers, type DriverAttempt } from './vulkan-drivers.js';

/** What the Node path found: the GPU entry point and, when it had to pick one, the software driver. */
export interface NodeGPU {
  gpu: GPU;
  adapter: GPUAdapter;
  /** The SwiftShader ICD file used, when no hardware driver was usable. */
  softwareIcd?: string;
}

/**
 * Every Dawn instance created here. An instance that is garbage-collected
 * takes its adapters and devices down with it (pending promises never settle),
 * so they live as long as the process.
 */
const instances: GPU[] = [];

const dynamicImport = (name: string): Promise<any> => import(/* @vite-ignore */ name);

/** The line a Node user without Dawn sees. */
export const MISSING_DAWN =
  'webgpu-embeddings needs the `webgpu` package (Dawn) for WebGPU in Node.js; install it with: npm install webgpu';

async function loadDawn(): Promise<{ create: (flags: string[]) => GPU }> {
  let dawn: { create: (flags: string[]) => GPU; globals: Record<string, unknown> };
  try {
    dawn = await dynamicImport('webgpu');
  } catch (cause) {
    const notInstalled = (cause as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && /'webgpu'/.test((cause as Error).message);
    throw new GPUUnavailableError(notInstalled ? MISSING_DAWN : `${MISSING_DAWN} (loading it failed: ${(cause as Error).message})`);
  }
  for (const [key, value] of Object.entries(dawn.globals)) {
    if (!(key in globalThis)) (globalThis as any)[key] = value;
  }
  return dawn;
}

/**
 * Finds a WebGPU adapter in Node.js. On Linux, unless `VK_ICD_FILENAMES` or
 * `VK_DRIVER_FILES` is set, offers Dawn the hardware drivers (when there is
 * a GPU), then SwiftShader, then the Vulkan loader's full search; elsewhere
 * Dawn's own search.
 *
 * @example
 * ```ts
 * const { adapter, softwareIcd } = await nodeGPU({ powerPreference: 'high-performance' });
 * ```
 */
export async function nodeGPU(options: GPURequestAdapterOptions): Promise<NodeGPU> {
  const dawn = await loadDawn();
  await ensureRuntimeDir();
  const linux = process.platform === 'linux' && !userChoseDrivers();
  const attempts: DriverAttempt[] = linux ? await linuxDriverAttempts() : [{ software: false }];
  const tried: string[] = [];
  for (const attempt of attempts) {
    // The Vulkan loader reads this when an instance is created, so each attempt needs a new Dawn instance.
    // It stays set after a success: later instances in this process (and its children) get the same driver.
    if (linux) {
      if (attempt.icdFiles) process.env.VK_ICD_FILENAMES = attempt.icdFiles;
      else delete process.env.VK_ICD_FILENAMES;
    }
    tried.push(attempt.icdFiles ?? 'the default driver search');
    const gpu = dawn.create([]);
    instances.push(gpu);
    const adapter = await gpu.requestAdapter(options);
    if (adapter) return { gpu, adapter, softwareIcd: attempt.software ? attempt.icdFiles : undefined };
  }
  throw new GPUUnavailableError(noAdapterHelp(linux ? tried : []));
}

function noAdapterHelp(tried: string[]): string {
  const lines = ['No WebGPU adapter found in Node.js (Dawn).'];
  if (process.platform === 'linux') {
    lines.push(
      'On Linux Dawn needs the Vulkan loader (Debian/Ubuntu: apt-get install libvulkan1) and a Vulkan driver.',
      'Without a GPU, install Chromium (apt-get install chromium) or Chrome: its SwiftShader software driver is found automatically,',
      'or set VK_ICD_FILENAMES to a vk_swiftshader_icd.json yourself.',
    );
    if (tried.length) lines.push(`Vulkan drivers tried: ${tried.join('; ')}.`);
    else lines.push(`VK_ICD_FILENAMES / VK_DRIVER_FILES is set (${process.env.VK_ICD_FILENAMES || process.env.VK_DRIVER_FILES}); only those drivers were tried.`);
  } else {
    lines.push('Check that the GPU driver supports Vulkan (Linux), Metal (macOS) or D3D12 (Windows).');
  }
  return lines.join('\n');
}
