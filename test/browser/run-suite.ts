/** Node side of the browser tier: one Vite server and one headless Chromium for all suites. */
import type { Browser } from 'puppeteer-core';
import type { ViteDevServer } from 'vite';
import { launchChromium } from '../support/chromium.js';
import { startViteServer } from '../support/vite-server.js';
import type { SuiteReport } from './page.js';

export interface BrowserHarness {
  runSuite(suite: string, seed: number): Promise<SuiteReport>;
  close(): Promise<void>;
}

/** Starts Vite and Chromium; `runSuite` opens the tier's page for one suite and returns its report. */
export async function startBrowserHarness(): Promise<BrowserHarness> {
  let server: ViteDevServer | undefined;
  let browser: Browser | undefined;
  try {
    const vite = await startViteServer();
    server = vite.server;
    browser = await launchChromium();
    const chromium = browser;
    return {
      async runSuite(suite, seed) {
        const page = await chromium.newPage();
        const consoleErrors: string[] = [];
        page.on('pageerror', (error) => consoleErrors.push(String(error)));
        try {
          await page.goto(`${vite.url}/test/browser/page.html?suite=${suite}&seed=${seed}`);
          await page.waitForFunction(() => window.__report !== undefined, { timeout: 600_000, polling: 200 });
          const report = (await page.evaluate(() => window.__report)) as SuiteReport;
          if (consoleErrors.length && !report.fatal) report.fatal = `page errors: ${consoleErrors.join('; ')}`;
          return report;
        } finally {
          await page.close();
        }
      },
      async close() {
        await browser?.close();
        await server?.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await server?.close();
    throw error;
  }
}
