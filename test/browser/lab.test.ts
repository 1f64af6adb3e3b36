/**
 * lab.html in headless Chromium: trains both models on the synthetic set
 * (one epoch each), then shows live loss curves, the test figures, a
 * movie's neighbours, the 2-D map and a user's recommendations, with no
 * page error, and stays responsive while training. The screenshot lands in
 * test/browser/screenshots/ (git-ignored) for a person to look at.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabPageReport } from '../../src/lab/page.js';
import { syntheticMovieLens } from '../../src/lab/synthetic.js';
import { launchChromium } from '../support/chromium.js';
import { movieLensFiles, movieLensZip } from '../support/movielens-files.js';
import { startViteServer } from '../support/vite-server.js';

const shots = fileURLToPath(new URL('./screenshots/', import.meta.url));
let server: ViteDevServer | undefined;
let browser: Browser | undefined;
let page: Page;
let report: LabPageReport;
const pageErrors: string[] = [];
const data = syntheticMovieLens();

beforeAll(async () => {
  const vite = await startViteServer();
  server = vite.server;
  browser = await launchChromium();
  page = await browser.newPage();
  await page.setViewport({ width: 1100, height: 2400 });
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  await page.goto(`${vite.url}/lab.html?auto&epochs=1`);
  await page.waitForFunction(() => window.__lab !== undefined, { timeout: 900_000, polling: 500 });
  report = (await page.evaluate(() => window.__lab)) as LabPageReport;
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: `${shots}lab.png`, fullPage: true });
}, 960_000);

const scratch = mkdtempSync(join(tmpdir(), 'lab-page-'));

afterAll(async () => {
  rmSync(scratch, { recursive: true, force: true });
  await browser?.close();
  await server?.close();
});

/** Non-background pixels of the canvas inside `selector` (a chart that drew something has many). */
function inkIn(selector: string): Promise<number> {
  return page.$eval(selector, (canvas) => {
    const c = canvas as HTMLCanvasElement;
    const pixels = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i + 3] > 0 && (pixels[i] < 200 || pixels[i + 1] < 200 || pixels[i + 2] < 200)) ink++;
    return ink;
  });
}

describe('lab.html in headless Chromium (synthetic set, 1 epoch)', () => {
  it('trains both models on a WebGPU adapter with no error in the page', () => {
    expect(report.errors, report.errors.join('\n')).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(report.adapter).not.toBe('');
    expect(report.report?.data).toBe('synthetic');
  });

  it("draws each model's loss curves: running batch losses, the epoch's loss and val_loss", async () => {
    for (const name of ['regression', 'deep']) {
      const [running, epochs, validation] = report.curves[name];
      expect(running, name).toBeGreaterThan(10);
      expect([epochs, validation], name).toEqual([1, 1]);
    }
    expect(await inkIn('#curves .chart:nth-child(1) canvas')).toBeGreaterThan(500);
  });

  it('shows the test figures, and training made them far better than the untrained ones', async () => {
    const rows = await page.$$eval('#figures tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
    expect(rows.filter((r) => r.includes('untrained'))).toHaveLength(2);
    expect(rows.filter((r) => r.includes('trained') && !r.includes('untrained'))).toHaveLength(2);
    for (const figures of Object.values(report.report!.models)) expect(figures.testMAE).toBeLessThan(1.5);
  });

  it("lists the searched movie's neighbours with titles, and the map of every rated item", async () => {
    expect(report.neighbours).toHaveLength(10);
    const titles = new Set(data.titles);
    for (const line of report.neighbours) expect(titles.has(line.replace(/ \(cosine -?[\d.]+\)$/, '')), line).toBe(true);
    expect(await page.$eval('#neighbours-of', (p) => p.textContent)).toBe(`Most similar to ${data.titles[50]}:`);
    expect(report.mapItems).toBe(new Set(data.ratings.items).size);
    expect(await inkIn('#map-chart canvas')).toBeGreaterThan(2000);
  });

  it("lists user 5's recommendations: ten unseen movies", () => {
    expect(report.recommendations).toHaveLength(10);
    const seen = new Set(Array.from(data.ratings.items).filter((_, k) => data.ratings.users[k] === 5).map((id) => data.titles[id]));
    for (const line of report.recommendations) expect(seen.has(line.replace(/ \(predicted rating -?[\d.]+\)$/, '')), line).toBe(false);
  });

  it('searching another movie shows its neighbours', async () => {
    await page.$eval('#search', (input) => {
      (input as HTMLInputElement).value = 'III: The Last Stand';
      input.dispatchEvent(new Event('change'));
    });
    await page.waitForFunction((title) => document.querySelector('#neighbours-of')?.textContent === `Most similar to ${title}:`, { timeout: 60_000 }, data.titles[181]);
    expect(await page.$$eval('#neighbours li', (lis) => lis.length)).toBe(10);
  });

  it('stays responsive while training (a 50 ms timer never waited a second)', () => {
    console.log(`lab.html: longest timer pause ${report.longestPause.toFixed(0)} ms; seconds per epoch: ${JSON.stringify(Object.fromEntries(Object.entries(report.report!.models).map(([k, v]) => [k, v.secondsPerEpoch])))}`);
    expect(report.longestPause).toBeGreaterThan(0);
    expect(report.longestPause).toBeLessThan(1000);
  });
});

describe("lab.html: MovieLens from the reader's own files", () => {
  const small = syntheticMovieLens({ users: 40, items: 200, ratings: 1500, seed: 8 });
  const status = () => page.$eval('#data-status', (p) => p.textContent ?? '');

  it('reads ml-100k.zip from the file picker (unzipped and decoded in the page)', async () => {
    const zip = join(scratch, 'ml-100k.zip');
    writeFileSync(zip, movieLensZip(small));
    const input = await page.$('#files');
    await (input as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(zip);
    await page.waitForFunction(() => document.querySelector('#data-status')?.textContent?.startsWith('Using MovieLens'), { timeout: 30_000 });
    const mean = (small.ratings.ratings.reduce((a, b) => a + b, 0) / 1500).toFixed(2);
    expect(await status()).toBe(`Using MovieLens 100k: 1,500 ratings of ${new Set(small.ratings.items).size} items by 40 users, mean rating ${mean} (ids up to 40 and 200).`);
    expect(await page.$$eval('#titles option', (options) => options.length)).toBe(200);
  });

  it('reads u.data and u.item dropped on the page, and names the line of a broken file', async () => {
    const drop = async (files: Record<string, number[]>) => {
      await page.$eval(
        '#drop',
        (zone, contents) => {
          const transfer = new DataTransfer();
          for (const [name, bytes] of Object.entries(contents as Record<string, number[]>)) transfer.items.add(new File([new Uint8Array(bytes)], name));
          zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
        },
        files,
      );
    };
    const files = movieLensFiles(small);
    await drop({ 'u.data': Array.from(files['u.data']), 'u.item': Array.from(files['u.item']) });
    await page.waitForFunction(() => document.querySelector('#data-status')?.textContent?.startsWith('Using MovieLens'), { timeout: 30_000 });
    const broken = Array.from(files['u.data']);
    broken.splice(broken.indexOf(10), 0, 0x09, 0x39);
    await drop({ 'u.data': broken, 'u.item': Array.from(files['u.item']) });
    await page.waitForFunction(() => document.querySelector('#data-status')?.textContent?.startsWith('Could not read'), { timeout: 30_000 });
    expect(await status()).toBe(
      'Could not read the dropped files: u.data, line 1: expected 4 tab-separated fields (user, item, rating, timestamp), received 5: ' +
        JSON.stringify(new TextDecoder().decode(new Uint8Array(broken.slice(0, broken.indexOf(10))))) + '.',
    );
    expect(pageErrors).toEqual([]);
  });
});
