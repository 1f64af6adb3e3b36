#!/usr/bin/env node
/**
 * What `npm start` and `npm test` need from the system, checked before they
 * run (`node .ci/system-packages.mjs start|test`). On Linux:
 * - the Vulkan loader (libvulkan1), which Dawn, WebGPU in Node.js, loads;
 * - without a GPU, SwiftShader, the software Vulkan driver, which ships
 *   with Chromium (`npm start`);
 * - a Chromium-family browser for the browser test tier (`npm test`).
 * Whatever is missing is installed when it can be (root, apt-get); else the
 * one command to run is printed and the script fails. Prints nothing when
 * nothing is missing. Plain Node, no dependencies: it may run before `npm ci`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const browsers = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome', '/snap/bin/chromium'];
const swiftShaderIcds = [
  '/usr/lib/chromium/vk_swiftshader_icd.json',
  '/usr/lib/chromium-browser/vk_swiftshader_icd.json',
  '/usr/lib64/chromium-browser/vk_swiftshader_icd.json',
  '/opt/google/chrome/vk_swiftshader_icd.json',
  '/snap/chromium/current/usr/lib/chromium-browser/vk_swiftshader_icd.json',
];

/** What this machine has. */
export function inspect() {
  const puppeteerChrome = join(process.env.PUPPETEER_CACHE_DIR ?? join(homedir(), '.cache', 'puppeteer'), 'chrome');
  const ldconfig = ['ldconfig', '/sbin/ldconfig', '/usr/sbin/ldconfig'].map((cmd) => spawnSync(cmd, ['-p'], { encoding: 'utf8' })).find((r) => r.status === 0);
  const osRelease = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '';
  return {
    linux: process.platform === 'linux',
    vulkanLoader: ldconfig ? ldconfig.stdout.includes('libvulkan.so.1') : ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib'].some((dir) => existsSync(join(dir, 'libvulkan.so.1'))),
    gpu: (existsSync('/dev/dri') && readdirSync('/dev/dri').some((name) => name.startsWith('renderD'))) || ['/dev/nvidiactl', '/dev/dxg'].some((p) => existsSync(p)),
    swiftShader: swiftShaderIcds.some((p) => existsSync(p)),
    browser: [process.env.CHROME_PATH, process.env.PUPPETEER_EXECUTABLE_PATH, ...browsers].some((p) => p && existsSync(p)) || (existsSync(puppeteerChrome) && readdirSync(puppeteerChrome).length > 0),
    apt: existsSync('/usr/bin/apt-get'),
    // Debian's chromium is a .deb with SwiftShader inside; Ubuntu's is a snap, which apt-get cannot install in a container.
    distro: /^ID=ubuntu/m.test(osRelease) ? 'ubuntu' : /^ID(_LIKE)?="?[\w ]*\bdebian\b/m.test(osRelease) ? 'debian' : 'other',
    root: process.getuid?.() === 0,
  };
}

/**
 * The Debian packages `purpose` ('start' or 'test') still needs on a machine
 * described by `system` (from `inspect()`).
 *
 * @example
 * missingPackages('test', inspect()); // e.g. ['libvulkan1', 'chromium']
 */
export function missingPackages(purpose, system) {
  if (!system.linux) return [];
  const needed = [];
  if (!system.vulkanLoader) needed.push('libvulkan1');
  const needsBrowser = purpose === 'test' ? !system.browser || (!system.gpu && !system.swiftShader) : !system.gpu && !system.swiftShader;
  if (needsBrowser) needed.push('chromium');
  return needed;
}

/**
 * What to do about `missing` packages: `{ run }` commands to install them
 * (Debian, as root), `{ tell }` the one line to show otherwise, or null.
 *
 * @example
 * plan(['chromium'], { apt: true, distro: 'debian', root: false }); // { tell: 'Run: sudo sh -c "apt-get update && apt-get install -y chromium"' }
 */
export function plan(missing, system) {
  if (missing.length === 0) return null;
  const list = missing.join(' ');
  if (system.apt && system.distro === 'debian') {
    if (system.root) return { run: ['apt-get update -qq', `DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${list}`] };
    return { tell: `Run: sudo sh -c "apt-get update && apt-get install -y ${list}"` };
  }
  if (system.apt && system.distro === 'ubuntu') {
    const apt = missing.filter((name) => name !== 'chromium');
    const steps = [...(apt.length ? [`sudo apt-get install -y ${apt.join(' ')}`] : []), ...(missing.includes('chromium') ? ['sudo snap install chromium'] : [])];
    return { tell: `Run: ${steps.join(' && ')}` };
  }
  const what = missing.map((name) => (name === 'chromium' ? 'Chromium or Chrome (its SwiftShader is the software GPU driver)' : 'the Vulkan loader (libvulkan.so.1)'));
  return { tell: `Install ${what.join(' and ')} with your system's package manager, or set CHROME_PATH to a Chromium-family browser.` };
}

function main(purpose) {
  if (purpose !== 'start' && purpose !== 'test') throw new Error('usage: node .ci/system-packages.mjs start|test');
  const system = inspect();
  const todo = plan(missingPackages(purpose, system), system);
  if (!todo) return 0;
  const missing = missingPackages(purpose, system).join(' ');
  if (todo.tell) {
    console.error(`webgpu-embeddings: npm ${purpose} needs system packages that are missing (${missing}).\n${todo.tell}`);
    return 1;
  }
  console.log(`webgpu-embeddings: installing the system packages npm ${purpose} needs: ${missing}`);
  for (const command of todo.run) {
    const result = spawnSync('sh', ['-c', command], { stdio: 'inherit' });
    if (result.status !== 0) {
      console.error(`webgpu-embeddings: "${command}" failed (exit ${result.status}).`);
      return 1;
    }
  }
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main(process.argv[2]);
