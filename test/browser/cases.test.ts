/**
 * The browser tier: every suite of shared cases in test/cases/ runs in
 * headless Chromium on a Vite-served page, and each case becomes a test here.
 */
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../cases/case.js';
import { freshSeed } from '../support/random.js';
import { startBrowserHarness, type BrowserHarness } from './run-suite.js';
import type { SuiteReport } from './page.js';

const seed = freshSeed(process.env.TEST_SEED);
const suites = readdirSync(new URL('../cases/', import.meta.url))
  .filter((file) => file.endsWith('.ts') && file !== 'case.ts')
  .map((file) => file.replace(/\.ts$/, ''));

let harness: BrowserHarness;
beforeAll(async () => {
  harness = await startBrowserHarness();
});
afterAll(() => harness?.close());

for (const suite of suites) {
  describe(`browser tier (headless Chromium): ${suite}, seed ${seed}`, async () => {
    // Case names come from the same module the page runs, so a case missing from the report fails.
    const { cases } = (await import(`../cases/${suite}.ts`)) as { cases: Case[] };
    let report: SuiteReport;
    beforeAll(async () => {
      report = await harness.runSuite(suite, seed);
      if (report.fatal) {
        throw new Error(
          `browser suite ${suite} could not run: ${report.fatal}\n` +
            'WebGPU in headless Chromium needs a Chromium with --enable-unsafe-webgpu (see README, Requirements).',
        );
      }
      const a = report.adapter!;
      console.log(`browser tier ${suite}: WebGPU adapter ${a.vendor}/${a.architecture}${a.description ? ` "${a.description}"` : ''}${a.software ? ' (software)' : ''}`);
    });
    for (const c of cases) {
      it(c.name, () => {
        const result = report.results.find((r) => r.name === c.name);
        expect(result, `case "${c.name}" did not run in the browser`).toBeDefined();
        if (!result!.ok) throw new Error(`in Chromium: ${result!.error}`);
      });
    }
  });
}
