/**
 * Vulkan driver choice on Linux, made before Dawn starts. Dawn probes every
 * driver the Vulkan loader offers and prints a warning for each one it
 * rejects (Mesa's lavapipe 22.x: "Vulkan shaderUniform*ArrayDynamicIndexing
 * required"), and the loader prints errors when its drivers find no GPU.
 * Node cannot silence native stderr, so the library avoids the probes that
 * make noise: it offers Dawn only drivers likely to work, via
 * `VK_ICD_FILENAMES`, and keeps the loader's full search as a last resort.
 *
 * Node modules are imported through a variable so that a browser bundle
 * never tries to resolve them.
 */

/** One way to start Dawn: the driver manifests to offer it (none: the loader's own search). */
export interface DriverAttempt {
  /** Value for `VK_ICD_FILENAMES`; undefined leaves the loader's default search. */
  icdFiles?: string;
  /** True for SwiftShader, a software (CPU) Vulkan driver. */
  software: boolean;
}

const nodeImport = (name: string): Promise<any> => import(/* @vite-ignore */ name);

/** Software drivers by their library's file name: Mesa's lavapipe, SwiftShader. */
const SOFTWARE_DRIVER = /lvp|llvmpipe|swiftshader/i;

/** Where Chromium-family browsers keep SwiftShader's Vulkan ICD file. */
const SWIFTSHADER_ICDS = [
  '/usr/lib/chromium/vk_swiftshader_icd.json',
  '/usr/lib/chromium-browser/vk_swiftshader_icd.json',
  '/usr/lib64/chromium-browser/vk_swiftshader_icd.json',
  '/opt/google/chrome/vk_swiftshader_icd.json',
  '/opt/google/chrome-beta/vk_swiftshader_icd.json',
  '/snap/chromium/current/usr/lib/chromium-browser/vk_swiftshader_icd.json',
];

/** What the driver choice looks at on a Linux machine. */
export interface DriverFacts {
  /** The kernel exposes a GPU (a DRM render node, an NVIDIA device, WSL's GPU). */
  gpu: boolean;
  /** Manifests of hardware Vulkan drivers, where the loader looks for them. */
  hardwareManifests: string[];
  /** SwiftShader ICD files found. */
  swiftShaders: string[];
}

/**
 * The attempts to make, in order: with a GPU, its hardware drivers'
 * manifests (so Dawn never probes a software driver it would reject), or
 * the loader's own search if no manifest was found where the loader looks;
 * then each SwiftShader; then the loader's own search, if not tried yet.
 *
 * @example
 * ```ts
 * planDriverAttempts({ gpu: false, hardwareManifests: [], swiftShaders: [icd] }); // [SwiftShader, default search]
 * ```
 */
export function planDriverAttempts(facts: DriverFacts): DriverAttempt[] {
  const loaderSearch: DriverAttempt = { software: false };
  const attempts: DriverAttempt[] = [];
  // With a GPU, never try SwiftShader before the hardware.
  if (facts.gpu) attempts.push(facts.hardwareManifests.length ? { icdFiles: facts.hardwareManifests.join(':'), software: false } : loaderSearch);
  for (const icd of facts.swiftShaders) attempts.push({ icdFiles: icd, software: true });
  if (!attempts.includes(loaderSearch)) attempts.push(loaderSearch);
  return attempts;
}

/**
 * {@link planDriverAttempts} for this machine (Linux, the user having chosen no driver).
 *
 * @example
 * ```ts
 * for (const attempt of await linuxDriverAttempts()) { ... }
 * ```
 */
export async function linuxDriverAttempts(): Promise<DriverAttempt[]> {
  const fs = await nodeImport('node:fs');
  const path = await nodeImport('node:path');
  const os = await nodeImport('node:os');
  return planDriverAttempts({
    gpu: hasGpuDeviceNode(fs),
    hardwareManifests: icdManifests(fs, path, os).filter((file) => !SOFTWARE_DRIVER.test(libraryOf(fs, file))),
    swiftShaders: swiftShaderIcds(fs, path, os),
  });
}

/**
 * Whether the user chose Vulkan drivers themselves (then the library leaves the loader alone).
 *
 * @example
 * ```ts
 * const attempts = userChoseDrivers() ? [{ software: false }] : await linuxDriverAttempts();
 * ```
 */
export function userChoseDrivers(): boolean {
  return !!(process.env.VK_ICD_FILENAMES || process.env.VK_DRIVER_FILES);
}

/**
 * Gives Vulkan drivers a private `XDG_RUNTIME_DIR` when none is set: Mesa's
 * window-system code prints "error: XDG_RUNTIME_DIR is invalid or not set"
 * on every probe otherwise. The folder is the user's own (mode 0700), as
 * the XDG spec asks.
 *
 * @example
 * ```ts
 * await ensureRuntimeDir(); // before the first Dawn instance
 * ```
 */
export async function ensureRuntimeDir(): Promise<void> {
  if (process.env.XDG_RUNTIME_DIR?.startsWith('/') || process.platform !== 'linux') return;
  const fs = await nodeImport('node:fs');
  const path = await nodeImport('node:path');
  const os = await nodeImport('node:os');
  const dir = path.join(os.tmpdir(), `webgpu-embeddings-runtime-${process.getuid?.() ?? 'user'}`);
  try {
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as { code?: string }).code !== 'EEXIST') throw error;
  }
  const stat = fs.lstatSync(dir);
  const own = stat.isDirectory() && stat.uid === process.getuid?.() && (stat.mode & 0o077) === 0;
  process.env.XDG_RUNTIME_DIR = own ? dir : fs.mkdtempSync(path.join(os.tmpdir(), 'webgpu-embeddings-runtime-'));
}

/** The Vulkan loader's driver manifest folders (system and user), as it searches them. */
function icdManifests(fs: any, path: any, os: any): string[] {
  const dataDirs = (process.env.XDG_DATA_DIRS || '/usr/local/share:/usr/share').split(':');
  const configDirs = (process.env.XDG_CONFIG_DIRS || '/etc/xdg').split(':');
  const home = process.env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share');
  const dirs = [...configDirs, '/usr/local/etc', '/etc', home, ...dataDirs].filter(Boolean).map((dir: string) => path.join(dir, 'vulkan', 'icd.d'));
  const files = new Set<string>();
  for (const dir of dirs) {
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir).sort()) if (name.endsWith('.json')) files.add(path.join(dir, name));
  }
  return [...files];
}

/** The driver library a manifest names (its file name is what tells software drivers apart). */
function libraryOf(fs: any, manifest: string): string {
  try {
    return String(JSON.parse(fs.readFileSync(manifest, 'utf8'))?.ICD?.library_path ?? manifest);
  } catch {
    return manifest;
  }
}

/** Whether the kernel exposes a GPU: a DRM render node, an NVIDIA device or driver, or WSL's GPU. */
function hasGpuDeviceNode(fs: any): boolean {
  const renderNodes = fs.existsSync('/dev/dri') && fs.readdirSync('/dev/dri').some((name: string) => name.startsWith('renderD'));
  return renderNodes || ['/dev/nvidiactl', '/dev/nvidia0', '/proc/driver/nvidia/gpus', '/dev/dxg'].some((p) => fs.existsSync(p));
}

/** SwiftShader ICD files on this machine: system browsers first, then puppeteer's and Playwright's caches. */
function swiftShaderIcds(fs: any, path: any, os: any): string[] {
  const found = SWIFTSHADER_ICDS.filter((file) => fs.existsSync(file));
  const caches = [
    process.env.PUPPETEER_CACHE_DIR,
    path.join(os.homedir(), '.cache', 'puppeteer'),
    path.join(os.homedir(), '.cache', 'ms-playwright'),
  ].filter((dir): dir is string => !!dir);
  for (const cache of caches) found.push(...findFiles(fs, path, cache, 'vk_swiftshader_icd.json', 4));
  return found;
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
