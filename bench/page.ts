/**
 * The bench page. `?run=quick|full` runs the suite here on the library's
 * device and publishes the results on `window.__bench` (the headless runner
 * reads them); `?run=round-trip` times the steps of a tiny predict
 * (round-trip.ts); otherwise it loads results files (`?results=URL`, default
 * the committed chromium and node results) and draws them.
 */
import { getDevice } from '../src/index.js';
import { drawResults, type DrawnChart } from './charts.js';
import type { StepTime } from './round-trip.js';
import type { BenchResults } from './suite/results.js';

declare global {
  interface Window {
    /** The finished run's results (`?run=round-trip`: the step times), or why it failed. */
    __bench?: BenchResults | { steps: StepTime[] } | { error: string };
    /** The charts drawn (title, legend entries and their colours), or why drawing failed. */
    __benchDrawn?: { charts: DrawnChart[] } | { error: string };
  }
}

const params = new URLSearchParams(location.search);
const log = document.getElementById('log')!;
const container = document.getElementById('results')!;

function progress(line: string): void {
  log.textContent += `${line}\n`;
  log.scrollTop = log.scrollHeight;
  // The headless runner forwards these to its terminal.
  console.log(`bench: ${line}`);
}

async function run(mode: string): Promise<BenchResults[]> {
  const { runSuite } = await import('./suite/suite.js');
  const shape = params.get('shape')?.split(',').map(Number);
  const results = await runSuite(await getDevice(), {
    quick: mode === 'quick',
    runtime: 'chromium',
    only: params.has('only') ? new RegExp(params.get('only')!) : undefined,
    budget: params.has('budget') ? { ms: Number(params.get('budget')) } : undefined,
    shape: shape ? { V: shape[0], D: shape[1], N: shape[2] } : undefined,
    progress,
  });
  window.__bench = results;
  return [results];
}

async function load(): Promise<BenchResults[]> {
  const urls = params.getAll('results');
  const files = urls.length ? urls : ['./results/chromium.json', './results/node.json'];
  const loaded: BenchResults[] = [];
  for (const url of files) {
    const response = await fetch(url);
    if (response.ok) loaded.push((await response.json()) as BenchResults);
    else log.textContent += `no results at ${url} (run npm run bench)\n`;
  }
  return loaded;
}

async function roundTrip(): Promise<void> {
  const { roundTripSteps, stepTable } = await import('./round-trip.js');
  const steps = await roundTripSteps(await getDevice());
  progress(stepTable(steps));
  window.__bench = { steps };
}

async function main(): Promise<void> {
  const mode = params.get('run');
  if (mode === 'round-trip') {
    await roundTrip();
    return;
  }
  const results = mode ? await run(mode) : await load();
  window.__benchDrawn = { charts: drawResults(container, results) };
}

main().catch((error: Error) => {
  const message = error.stack ?? String(error);
  log.textContent += `FAILED: ${message}\n`;
  if (params.has('run') && !window.__bench) window.__bench = { error: message };
  window.__benchDrawn = { error: message };
});
