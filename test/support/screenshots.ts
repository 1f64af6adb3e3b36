/**
 * Screenshots of the pages the browser tests open, for people to look at:
 * saved as PNGs under test/browser/screenshots/ (ignored by git).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'puppeteer-core';

/** Where the screenshots go. */
export const screenshotDir = fileURLToPath(new URL('../browser/screenshots/', import.meta.url));

/** The viewport the pages are opened with before screenshots (set it before navigating, so that the layout is final). */
export const screenshotViewport = { width: 1200, height: 900 };

/**
 * Saves the whole page as `<name>-1.png`, `<name>-2.png`, ... in slices of
 * one screen each (readable at full size, unlike one very tall image);
 * returns the files written.
 *
 * @example
 * ```ts
 * await page.setViewport(screenshotViewport);
 * await page.goto(url);
 * await saveScreenshots(page, 'bench'); // test/browser/screenshots/bench-1.png ...
 * ```
 */
export async function saveScreenshots(page: Page, name: string): Promise<string[]> {
  mkdirSync(screenshotDir, { recursive: true });
  const slice = page.viewport() ?? screenshotViewport;
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const files: string[] = [];
  for (let y = 0; y < height; y += slice.height) {
    const path = join(screenshotDir, `${name}-${files.length + 1}.png`);
    await page.screenshot({ path, clip: { x: 0, y, width: slice.width, height: Math.min(slice.height, height - y) }, captureBeyondViewport: true });
    files.push(path);
  }
  return files;
}
