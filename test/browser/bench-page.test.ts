/**
 * The bench page loads a results file and draws its charts in headless
 * Chromium without error. It times nothing: the results come from a small
 * committed file (test/fixtures/bench-results.json).
 */
import type { Browser } from 'puppeteer-core';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { startViteServer } from '../support/vite-server.js';

let server: ViteDevServer;
let url: string;
let browser: Browser;
beforeAll(async () => {
  ({ server, url } = await startViteServer());
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it('the bench page draws the standard-case bars, the sweeps, the crossover and the training epochs from a results file', async () => {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(`${url}/bench/index.html?results=/test/fixtures/bench-results.json`);
  await page.waitForFunction(() => window.__benchDrawn !== undefined, { timeout: 60_000, polling: 100 });
  const drawn = await page.evaluate(() => window.__benchDrawn);
  expect(drawn).toEqual({ charts: 6 });
  // Every canvas has been painted: some pixel is not transparent.
  const painted = await page.evaluate(() =>
    Array.from(document.querySelectorAll('canvas'), (canvas) => {
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      return data.some((value: number, i: number) => i % 4 === 3 && value !== 0);
    }),
  );
  expect(painted).toEqual([true, true, true, true, true, true]);
  expect(errors).toEqual([]);
  await page.close();
});
