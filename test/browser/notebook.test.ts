/**
 * index.html, the notebook as a page, in headless Chromium: every cell is
 * rendered with its code and live GPU output, and the page reports no error
 * and requests nothing that fails (its favicon included). Screenshots go to
 * test/browser/screenshots/notebook-*.png.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
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
let page: Page;
const pageErrors: string[] = [];
const failedRequests: string[] = [];
let favicon = '';

beforeAll(async () => {
  const vite = await startViteServer();
  server = vite.server;
  url = vite.url;
  browser = await launchChromium();
  page = await browser.newPage();
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

/** The word-vector section as shown, once its answers are for the current inputs. */
async function wordVectors(): Promise<{ status: string; neighbours: string[]; analogy: string[]; checks: string[]; error: string }> {
  await page.waitForFunction(() => document.getElementById('word-vectors')?.dataset.state === 'ready', { timeout: 120_000, polling: 100 });
  return page.$eval('#word-vectors', (section) => ({
    status: section.querySelector('.status')?.textContent ?? '',
    neighbours: Array.from(section.querySelectorAll('ol.neighbours li'), (li) => li.textContent ?? ''),
    analogy: Array.from(section.querySelectorAll('ol.analogy li'), (li) => li.textContent ?? ''),
    checks: Array.from(section.querySelectorAll('.check'), (p) => p.textContent ?? ''),
    error: section.querySelector('.error')?.textContent ?? '',
  }));
}

/** Sets the analogy's three words (a - b + c) as a reader would. */
async function ask(a: string, b: string, c: string): Promise<void> {
  await page.$$eval(
    '#word-vectors input:not([type=file])',
    (inputs, words) => {
      (inputs as HTMLInputElement[]).forEach((input, i) => (input.value = words[i]));
      document.getElementById('word-vectors')!.dataset.state = 'busy';
      inputs[2].dispatchEvent(new Event('change'));
    },
    [a, b, c],
  );
}

/** A vector file written by the test: each word the sum of its traits' random directions, plus noise. */
function testVectors(traits: Record<string, string[]>, dim: number, seed: number): string {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  const directions = new Map<string, number[]>();
  const of = (t: string) => directions.get(t) ?? directions.set(t, Array.from({ length: dim }, random)).get(t)!;
  return Object.entries(traits)
    .map(([word, list]) => `${word} ${Array.from({ length: dim }, (_, i) => list.reduce((sum, t) => sum + of(t)[i], 0.02 * random()).toFixed(6)).join(' ')}`)
    .join('\n');
}

describe('index.html: the word-vector section', () => {
  it('parses the generated file and shows the neighbours of paris and king - man + woman = queen, as the CPU reference finds', async () => {
    const shown = await wordVectors();
    expect(shown.status).toMatch(/^Loaded 24 words of 32 dimensions from the generated demo file\.$/);
    expect(shown.neighbours).toHaveLength(5);
    expect(shown.neighbours.slice(0, 4).every((item) => /^(rome|tokyo|madrid|france): score /.test(item))).toBe(true);
    expect(shown.analogy[0]).toMatch(/^queen: score 0\.\d{4}$/);
    expect(shown.checks).toEqual(['The CPU reference finds the same words.', 'The CPU reference finds the same words.']);
    expect(shown.error).toBe('');
  });

  it('loads a vector file the test writes (king - man + woman = queen, uncle - man + woman = aunt); a bad file is reported and the vectors stay', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'word-vectors-'));
    try {
      const traits: Record<string, string[]> = {
        king: ['royal', 'male'], queen: ['royal', 'female'], man: ['male'], woman: ['female'],
        uncle: ['kin', 'male'], aunt: ['kin', 'female'], tree: ['plant'], river: ['water'], stone: ['rock'],
      };
      const file = join(dir, 'test-vectors.txt');
      await writeFile(file, `9 20\n${testVectors(traits, 20, 12345)}\n`);
      const input = (await page.$('#word-vectors input[type=file]'))!;
      await page.$eval('#word-vectors', (s) => ((s as HTMLElement).dataset.state = 'busy'));
      await input.uploadFile(file);
      let shown = await wordVectors();
      expect(shown.status).toBe('Loaded 9 words of 20 dimensions from test-vectors.txt.');
      expect(shown.error).toBe('');
      expect(shown.analogy[0]).toMatch(/^queen: /);
      await ask('uncle', 'man', 'woman');
      shown = await wordVectors();
      expect(shown.analogy[0]).toMatch(/^aunt: /);
      expect(shown.checks[1]).toBe('The CPU reference finds the same words.');
      const broken = join(dir, 'broken.txt');
      await writeFile(broken, 'a 1 2\nb 3\n');
      await page.$eval('#word-vectors', (s) => ((s as HTMLElement).dataset.state = 'busy'));
      await input.uploadFile(broken);
      shown = await wordVectors();
      expect(shown.error).toMatch(/^FormatError: broken\.txt: line 2: expected a word and 2 numbers, received 1 value/);
      expect(shown.status).toBe('Loaded 9 words of 20 dimensions from test-vectors.txt.');
      await ask('nobody', 'man', 'woman');
      shown = await wordVectors();
      expect(shown.error).toMatch(/"nobody" is not in the vocabulary/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
