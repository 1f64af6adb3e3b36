/**
 * The pages work under a strict Content-Security-Policy (`script-src
 * 'self'`): no eval, no `new Function`, no inline script. Vite's dev server
 * is not what users deploy, so the pages are built with `vite build` and
 * served with the policy as a response header by a small static server;
 * headless Chromium then runs them and reports every violation. A control
 * (an inline script injected after load) shows the policy is enforced.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'puppeteer-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import type { SuiteReport } from './page.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const POLICY = "script-src 'self'";
const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

let out: string;
let server: Server;
let base: string;
let browser: Browser;

/** Serves `dir` with the policy header on every response. */
function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url!, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(dir, path);
    if (!file.startsWith(dir) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream', 'Content-Security-Policy': POLICY });
    response.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://localhost:${(server.address() as { port: number }).port}` })));
}

/** Opens `path`, waits for `done` to hold in the page, and returns its value and the CSP violations seen (the control's included). */
async function visit<T>(path: string, done: string): Promise<{ value: T; violations: string[]; pageErrors: string[] }> {
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  await page.evaluateOnNewDocument(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'}`));
  });
  try {
    await page.goto(`${base}${path}`);
    await page.waitForFunction(done, { timeout: 300_000, polling: 200 });
    const value = (await page.evaluate(done)) as T;
    // The control: an inline script must be refused, or the policy is not in force.
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true;';
      document.body.append(script);
    });
    await new Promise((r) => setTimeout(r, 200));
    const violations = (await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)) as string[];
    const inlineRan = await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan === true);
    expect(inlineRan, 'the control inline script ran: the policy is not enforced').toBe(false);
    return { value, violations, pageErrors };
  } finally {
    await page.close();
  }
}

const pages = ['test/browser/page.html', 'index.html', 'lab.html'];

describe(`pages under Content-Security-Policy: ${POLICY} (vite build, headless Chromium)`, () => {
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'csp-'));
    await build({
      configFile: false,
      root,
      logLevel: 'error',
      build: { outDir: out, emptyOutDir: true, target: 'es2022', rolldownOptions: { input: Object.fromEntries(pages.map((p) => [p, join(root, p)])) } },
    });
    ({ server, url: base } = await serve(out));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('the built test page runs the kernel cases with no violation (the library needs no eval and no inline script)', async () => {
    const { value: report, violations, pageErrors } = await visit<SuiteReport>('/test/browser/page.html?suite=kernels&seed=7', 'window.__report');
    expect(report.fatal, report.fatal).toBeUndefined();
    expect(report.results.length).toBeGreaterThan(10);
    expect(report.results.filter((r) => !r.ok).map((r) => r.error)).toEqual([]);
    expect(violations).toEqual(['script-src-elem blocked inline']);
    expect(pageErrors).toEqual([]);
  });

  it('the demo page (index.html) runs every notebook cell with no violation', async () => {
    const { value: report, violations } = await visit<{ cells: number; errors: string[] }>('/index.html', 'window.__notebook');
    expect(report.errors).toEqual([]);
    expect(report.cells).toBeGreaterThan(0);
    expect(violations).toEqual(['script-src-elem blocked inline']);
  });

  it('the recommender lab (lab.html) loads its code (chart.js and fflate included) and starts WebGPU with no violation', async () => {
    const { value: report, violations, pageErrors } = await visit<{ adapter: string; errors: string[] }>('/lab.html', 'window.__lab');
    expect(report.errors).toEqual([]);
    expect(report.adapter).not.toBe('');
    expect(violations).toEqual(['script-src-elem blocked inline']);
    expect(pageErrors).toEqual([]);
  });
});
