/**
 * Headless Chromium for the browser tier and the bench runner: find a
 * browser (never download one) and launch it with WebGPU on.
 */
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';

/** Flags that let headless Chromium run WebGPU (SwiftShader when there is no GPU) on a closed network. */
export const chromiumFlags = [
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function chromeForTestingBuilds(): string[] {
  const cache = process.env.PUPPETEER_CACHE_DIR ?? join(homedir(), '.cache', 'puppeteer');
  const dir = join(cache, 'chrome');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .reverse()
    .flatMap((build) => [join(dir, build, 'chrome-linux64', 'chrome'), join(dir, build, 'chrome-mac-x64', 'Google Chrome for Testing.app', 'Contents', 'MacOS', 'Google Chrome for Testing')]);
}

/** The first Chromium-family browser found: $CHROME_PATH, system packages, then puppeteer's cache. */
export function findChromium(): string {
  const candidates = [
    process.env.CHROME_PATH,
    process.env.PUPPETEER_EXECUTABLE_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/google-chrome',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    ...chromeForTestingBuilds(),
  ].filter((path): path is string => !!path);
  const found = candidates.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      `No Chromium or Chrome found (looked at ${candidates.join(', ')}). ` +
        'Install one (Debian/Ubuntu: apt-get install chromium) or set CHROME_PATH to its executable.',
    );
  }
  return found;
}

/**
 * Launches headless Chromium with WebGPU enabled. `protocolTimeout` bounds
 * each DevTools call, waits on the page included (puppeteer's default: 3
 * minutes); a caller whose page works longer than that before it answers
 * (a full bench run) passes more.
 */
export function launchChromium(protocolTimeout?: number): Promise<Browser> {
  return puppeteer.launch({ executablePath: findChromium(), headless: true, args: chromiumFlags, protocolTimeout });
}
