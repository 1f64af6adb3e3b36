/**
 * The bench page in headless Chromium: it draws a results file as charts
 * people can read - one bar chart per op at the standard case, line charts
 * for the sweeps, each with a legend; every implementation in one colour on
 * the whole page (ours always the same blue), bounds dashed; no empty boxes,
 * no errors, no failed requests (the favicon included). It times nothing:
 * the results come from a small committed file (test/fixtures/bench-results.json),
 * and then from the committed bench/results/*.json as the page shows by default.
 * Screenshots go to test/browser/screenshots/ (bench-fixture-*.png, bench-*.png).
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'puppeteer-core';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OURS } from '../../bench/chart-style.js';
import type { DrawnChart } from '../../bench/charts.js';
import type { BenchResults } from '../../bench/suite/results.js';
import { launchChromium } from '../support/chromium.js';
import { saveScreenshots, screenshotViewport } from '../support/screenshots.js';
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

interface Opened {
  page: Page;
  charts: DrawnChart[];
  problems: string[];
}

async function open(query: string, screenshots: string): Promise<Opened> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(String(error)));
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  page.on('response', (response) => response.status() >= 400 && problems.push(`${response.status()} ${response.url()}`));
  page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
  await page.setViewport(screenshotViewport);
  await page.goto(`${url}/bench/index.html${query}`);
  await page.waitForFunction(() => window.__benchDrawn !== undefined, { timeout: 60_000, polling: 100 });
  const drawn = await page.evaluate(() => window.__benchDrawn!);
  if ('error' in drawn) throw new Error(`the bench page failed: ${drawn.error}`);
  await saveScreenshots(page, screenshots);
  return { page, charts: drawn.charts, problems };
}

/** Checks what every drawing of the page must satisfy, whatever the results. */
async function expectReadable({ page, charts, problems }: Opened): Promise<void> {
  expect(problems).toEqual([]);
  const canvases = await page.evaluate(() =>
    Array.from(document.querySelectorAll('figure.chart'), (figure) => {
      const canvas = figure.querySelector('canvas')!;
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      return {
        painted: data.some((value: number, i: number) => i % 4 === 3 && value !== 0),
        title: figure.querySelector('h4')?.textContent ?? '',
        how: figure.querySelector('.how')?.textContent ?? '',
      };
    }),
  );
  expect(canvases.map((c) => c.title)).toEqual(charts.map((c) => c.title));
  for (const canvas of canvases) {
    expect(canvas.painted, canvas.title).toBe(true);
    expect(canvas.how.length, `${canvas.title}: a line saying how to read it`).toBeGreaterThan(20);
  }
  // No empty boxes: every grid holds charts, and the progress log is hidden while empty.
  expect(await page.$$eval('.charts', (grids) => grids.filter((g) => g.childElementCount === 0).length)).toBe(0);
  expect(await page.$eval('#log', (log) => (log.textContent ? 'shown' : getComputedStyle(log).display))).toBe('none');
  expect(await page.evaluate(() => document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.href ?? 'none')).toMatch(/^data:image\/svg\+xml,/);

  const colorOf = new Map<string, Set<string>>();
  for (const chart of charts) {
    expect(chart.series.length, `${chart.title}: a legend`).toBeGreaterThan(0);
    const implOfColor = new Map<string, string>();
    for (const series of chart.series) {
      colorOf.set(series.impl, new Set([...(colorOf.get(series.impl) ?? []), series.color]));
      expect(implOfColor.get(series.color) ?? series.impl, `${chart.title}: ${series.label} shares a colour with another implementation`).toBe(series.impl);
      implOfColor.set(series.color, series.impl);
      expect(series.dashed, `${chart.title}: ${series.label}: bounds and only bounds are dashed`).toBe(series.impl === 'bound');
    }
  }
  for (const [impl, colors] of colorOf) expect([...colors], `${impl} has one colour on the whole page`).toHaveLength(1);
  expect([...(colorOf.get('ours') ?? [])]).toEqual([OURS]);
  await page.close();
}

describe('the bench page', () => {
  it('draws a bar chart per op at the standard case and the sweeps, readable, from a results file', async () => {
    const opened = await open('?results=/test/fixtures/bench-results.json', 'bench-fixture');
    const fixture = JSON.parse(readFileSync(new URL('../fixtures/bench-results.json', import.meta.url), 'utf8')) as BenchResults;
    const measured = fixture.cases.filter((c) => c.impl !== 'bound');
    const standardOps = [...new Set(measured.filter((c) => c.V === 10_000 && c.D === 256).map((c) => c.op))];
    // Ops measured only at shapes of their own (the training epochs) get a bar chart each after the standard case.
    const otherOps = [...new Set(measured.map((c) => c.op))].filter((op) => !standardOps.includes(op));
    expect(otherOps).toEqual(['fit-regression', 'fit-deep']);
    expect(opened.charts.filter((c) => c.kind === 'bars').map((c) => c.ops[0])).toEqual([...standardOps, ...otherOps]);
    const titles = opened.charts.filter((c) => c.kind === 'lines').map((c) => c.title);
    expect(titles.some((t) => t.startsWith('Gather over D'))).toBe(true);
    expect(titles.some((t) => t.startsWith('gather vs one-hot lookup over V'))).toBe(true);
    const gather = opened.charts.find((c) => c.title.startsWith('gather: '))!;
    expect(gather.series.map((s) => s.impl)).toEqual(['ours', 'ours-vec4', 'ours-scalar', 'tfjs-webgpu', 'ort-webgpu', 'cpu-reference', 'js-rowcopy', 'bound', 'bound']);
    await expectReadable(opened);
  });

  it('draws the committed results (what npm run dev shows) just as readably', async () => {
    await expectReadable(await open('', 'bench'));
  });
});
