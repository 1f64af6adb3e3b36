/**
 * WebGPU for Node.js through Dawn (the `webgpu` package), with a fallback to
 * a software Vulkan driver (SwiftShader, shipped with Chromium/Chrome) on
 * machines whose Vulkan drivers Dawn cannot use or that have none.
 *
 * Node modules are imported through variables so that a browser bundle that
 * includes this library never tries to resolve them.
 */
import { GPUUnavailableError } from '../errors.js';

/** What the Node path found: the GPU entry point and, when it had to pick one, the software driver. */
export interface NodeGPU {
  gpu: GPU;
  adapter: GPUAdapter;
  /** The SwiftShader ICD file used, when the default Vulkan search found nothing usable. */
  softwareIcd?: string;
}

/**
 * Every Dawn instance created here. An instance that is garbage-collected
 * takes its adapters and devices down with it (pending promises never settle),
 * so they live as long as the process.
 */
const instances: GPU[] = [];

const dynamicImport = (name: string): Promise<any> => import(/* @vite-ignore */ name);

/** Where Chromium-family browsers keep SwiftShader's Vulkan ICD file. */
async function swiftShaderIcdCandidates(): Promise<string[]> {
  const fs = await dynamicImport('node:fs');
  const path = await dynamicImport('node:path');
  const os = await dynamicImport('node:os');
  const candidates = [
    '/usr/lib/chromium/vk_swiftshader_icd.json',
    '/usr/lib/chromium-browser/vk_swiftshader_icd.json',
    '/usr/lib64/chromium-browser/vk_swiftshader_icd.json',
    '/opt/google/chrome/vk_swiftshader_icd.json',
    '/opt/google/chrome-beta/vk_swiftshader_icd.json',
    '/snap/chromium/current/usr/lib/chromium-browser/vk_swiftshader_icd.json',
  ];
  // puppeteer's and Playwright's browser caches hold Chrome for Testing builds that ship SwiftShader too.
  const caches = [
    process.env.PUPPETEER_CACHE_DIR,
    path.join(os.homedir(), '.cache', 'puppeteer'),
    path.join(os.homedir(), '.cache', 'ms-playwright'),
  ].filter((dir): dir is string => !!dir);
  for (const cache of caches) {
    for (const file of findFiles(fs, path, cache, 'vk_swiftshader_icd.json', 4)) candidates.push(file);
  }
  return candidates.filter((file) => fs.existsSync(file));
}

function findFiles(fs: any, path: any, dir: string, name: string, depth: number): string[] {
  if (depth < 0 || !fs.existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findFiles(fs, path, full, name, depth - 1));
    else if (entry.name === name) found.push(full);
  }
  return found;
}

async function loadDawn(): Promise<{ create: (flags: string[]) => GPU }> {
  try {
    const dawn = await dynamicImport('webgpu');
    for (const [key, value] of Object.entries(dawn.globals as Record<string, unknown>)) {
      if (!(key in globalThis)) (globalThis as any)[key] = value;
    }
    return dawn;
  } catch (cause) {
    throw new GPUUnavailableError(
      'WebGPU in Node.js needs the `webgpu` package (Dawn): npm install webgpu. ' +
        `Loading it failed: ${(cause as Error).message}`,
    );
  }
}

/**
 * Finds a WebGPU adapter in Node.js. Tries Dawn's default driver search first;
 * on Linux, when that finds nothing usable and `VK_ICD_FILENAMES` is not set,
 * points the Vulkan loader at SwiftShader and tries again.
 *
 * @example
 * ```ts
 * const { adapter, softwareIcd } = await nodeGPU({ powerPreference: 'high-performance' });
 * ```
 */
export async function nodeGPU(options: GPURequestAdapterOptions): Promise<NodeGPU> {
  const dawn = await loadDawn();
  const create = (): GPU => {
    const gpu = dawn.create([]);
    instances.push(gpu);
    return gpu;
  };
  const gpu = create();
  const adapter = await gpu.requestAdapter(options);
  if (adapter) return { gpu, adapter };

  const tried: string[] = [];
  if (process.platform === 'linux' && !process.env.VK_ICD_FILENAMES) {
    for (const icd of await swiftShaderIcdCandidates()) {
      tried.push(icd);
      // The Vulkan loader reads this when an instance is created, so a new Dawn instance sees it.
      process.env.VK_ICD_FILENAMES = icd;
      const softwareGpu = create();
      const softwareAdapter = await softwareGpu.requestAdapter(options);
      if (softwareAdapter) return { gpu: softwareGpu, adapter: softwareAdapter, softwareIcd: icd };
    }
    delete process.env.VK_ICD_FILENAMES;
  }
  throw new GPUUnavailableError(noAdapterHelp(tried));
}

function noAdapterHelp(tried: string[]): string {
  const lines = ['No WebGPU adapter found in Node.js (Dawn).'];
  if (process.platform === 'linux') {
    lines.push(
      'On Linux Dawn needs the Vulkan loader (Debian/Ubuntu: apt-get install libvulkan1) and a Vulkan driver.',
      'Without a GPU, install Chromium (apt-get install chromium) or Chrome: its SwiftShader software driver is found automatically,',
      'or set VK_ICD_FILENAMES to a vk_swiftshader_icd.json yourself.',
    );
    lines.push(tried.length ? `SwiftShader ICD files tried: ${tried.join(', ')}.` : 'No SwiftShader ICD file was found.');
  } else {
    lines.push('Check that the GPU driver supports Vulkan (Linux), Metal (macOS) or D3D12 (Windows).');
  }
  return lines.join('\n');
}
