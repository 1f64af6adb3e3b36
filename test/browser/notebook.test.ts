/**
 * index.html, the notebook as a page, in headless Chromium: every cell is
 * rendered with its code and live GPU output, and the page reports no error
 * and requests nothing that fails (its favicon included). Screenshots go to
 * test/browser/screenshots/notebook-*.png.
 */
import type { Browser } from 'puppeteer-core';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cells } from '../../src/notebook/cells.js';
import type { NotebookReport } from '../../src/notebook/page.js';
import { launchChromium } from '../support/chromium.js';
import { saveScreenshots, screenshotViewport } from '../support/screenshots.js';
import { startViteServer } from '../support/vite-server.js';

let server: ViteDevServer | undefined;
let url = '';
let browser: Browser | undefined;
let report: NotebookReport;
let rendered: { cell: string; code: string; output: string | null; error: string | null }[];
let neighbours: { items: string[]; check: string };
const pageErrors: string[] = [];
const failedRequests: string[] = [];
let favicon = '';

beforeAll(async () => {
  const vite = await startViteServer();
  server = vite.server;
  url = vite.url;
  browser = await launchChromium();
  const page = await browser.newPage();
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  page.on('response', (response) => response.status() >= 400 && failedRequests.push(`${response.status()} ${response.url()}`));
  page.on('requestfailed', (request) => failedRequests.push(`failed: ${request.url()}`));
  await page.setViewport(screenshotViewport);
  await page.goto(`${vite.url}/index.html`);
  await page.waitForFunction(() => window.__notebook !== undefined, { timeout: 300_000, polling: 200 });
  report = (await page.evaluate(() => window.__notebook)) as NotebookReport;
  rendered = await page.$$eval('section.cell', (sections) =>
    sections.map((s) => ({
      cell: (s as HTMLElement).dataset.cell ?? '',
      code: s.querySelector('.code')?.textContent ?? '',
      output: s.querySelector('.output')?.textContent ?? null,
      error: s.querySelector('.error')?.textContent ?? null,
    })),
  );
  favicon = await page.evaluate(() => document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.href ?? 'none');
  await saveScreenshots(page, 'notebook');
  neighbours = await page.$eval('#neighbours', (section) => ({
    items: Array.from(section.querySelectorAll('li'), (li) => li.textContent ?? ''),
    check: section.querySelector('.check')?.textContent ?? '',
  }));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('index.html: the notebook page in headless Chromium', () => {
  it('runs on a WebGPU adapter and reports no error, in the page or the console', () => {
    expect(report.errors, report.errors.join('\n')).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(failedRequests).toEqual([]);
    expect(favicon).toMatch(/^data:image\/svg\+xml,/);
    expect(report.adapter).not.toBe('');
    expect(report.cells).toBe(cells.length);
  });

  it("renders every cell with its code, and every output the cell produces", () => {
    expect(rendered.map((r) => r.cell)).toEqual(cells.map((_, i) => String(i + 1)));
    rendered.forEach((r, i) => {
      expect(r.code).toBe(cells[i].code);
      expect(r.error).toBeNull();
    });
    // Only the cell that just makes the layer prints nothing.
    expect(rendered.filter((r) => r.output === null).length).toBe(1);
  });

  it("shows the notebook's fixed values: row 3 both ways, the agreement with the CPU reference, the shapes and the shared weights", () => {
    const out = (n: number) => rendered[n - 1].output ?? '';
    expect(out(3)).toBe('[12. 13. 14. 15.]');
    expect(out(4)).toBe('[12. 13. 14. 15.]');
    expect(out(5)).toContain('all 10 rows equal: true');
    expect(out(7)).toBe('(None, 1, 4)');
    expect(out(10)).toBe('(None, 4)');
    expect(out(12)).toContain('Total params: 40');
    expect(out(19)).toContain('array([[[12., 13., 14., 15.]],');
    expect(out(20)).toBe('{ numTensors: 0, numBytes: 0 }');
  });

  it('shows an error in the page itself when there is no WebGPU', async () => {
    const page = await browser!.newPage();
    try {
      await page.evaluateOnNewDocument(() => Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined }));
      await page.goto(`${url}/index.html`);
      await page.waitForFunction(() => window.__notebook !== undefined, { timeout: 120_000, polling: 200 });
      const failed = (await page.evaluate(() => window.__notebook)) as NotebookReport;
      expect(failed.errors.join('\n')).toMatch(/could not run: .*WebGPU/);
      expect(await page.$eval('pre.error', (e) => e.textContent)).toMatch(/GPUUnavailableError|WebGPU/);
      expect(await page.$eval('#status', (e) => e.textContent)).toContain('could not run');
    } finally {
      await page.close();
    }
  });

  it('shows the nearest-neighbours section: the picked item first, neighbours from both of its groups, as the CPU reference finds', () => {
    expect(neighbours.items).toHaveLength(6);
    expect(neighbours.items[0]).toMatch(/^orange \(fruit \+ colour\): score 1\.0000/);
    expect(neighbours.items.some((item) => item.includes('(fruit)'))).toBe(true);
    expect(neighbours.items.some((item) => item.includes('(colour)'))).toBe(true);
    expect(neighbours.check).toBe('The CPU reference finds the same neighbours.');
  });
});
