/**
 * The browser tier's page: runs one suite of shared cases (test/cases/<suite>.ts)
 * on the library served by Vite and publishes a report on window.__report
 * for the Node-side runner.
 */
import { adapterInfo, debug, getDevice, type AdapterDescription } from '../../src/index.js';
import { runCase, type Case } from '../cases/case.js';
import { freshSeed } from '../support/random.js';

export interface CaseResult {
  name: string;
  ok: boolean;
  error?: string;
  ms: number;
}

export interface SuiteReport {
  suite: string;
  seed: number;
  adapter: AdapterDescription | null;
  results: CaseResult[];
  /** Set when the suite could not run at all (no WebGPU, import failure). */
  fatal?: string;
}

declare global {
  interface Window {
    __report?: SuiteReport;
  }
}

const suites = import.meta.glob<{ cases: Case[] }>('../cases/*.ts');
const log = document.getElementById('log')!;
const params = new URLSearchParams(location.search);
const suite = params.get('suite') ?? 'kernels';
const seed = freshSeed(params.get('seed'));
const report: SuiteReport = { suite, seed, adapter: null, results: [] };

async function main(): Promise<void> {
  const load = suites[`../cases/${suite}.ts`];
  if (!load) throw new Error(`No suite "${suite}" in test/cases/.`);
  const { cases } = await load();
  await getDevice();
  debug.poisonOutputs = true;
  report.adapter = adapterInfo();
  log.textContent += `adapter: ${report.adapter.description}\n`;
  for (const c of cases) {
    const start = performance.now();
    try {
      await runCase(c, seed);
      report.results.push({ name: c.name, ok: true, ms: performance.now() - start });
      log.textContent += `ok   ${c.name}\n`;
    } catch (error) {
      report.results.push({ name: c.name, ok: false, error: (error as Error).stack ?? String(error), ms: performance.now() - start });
      log.textContent += `FAIL ${c.name}: ${(error as Error).message}\n`;
    }
  }
}

main()
  .catch((error: Error) => {
    report.fatal = error.stack ?? String(error);
    log.textContent += `FATAL ${report.fatal}\n`;
  })
  .finally(() => {
    window.__report = report;
  });
