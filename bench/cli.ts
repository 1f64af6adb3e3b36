/**
 * The bench runner (`npm run bench [-- --node] [-- --quick]`): runs the suite
 * in headless Chromium on the bench page (default) or in Node on Dawn
 * (`--node`), prints progress and the ratio table, and writes
 * bench/results/<runtime>.json. `--round-trip` times the steps of a tiny
 * predict instead (round-trip.ts) and writes nothing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StepTime } from './round-trip.js';
import { smallBatch, type BenchResults, type Shape } from './suite/results.js';
import { ratioTable } from './suite/results.js';
import { plan, standard } from './suite/suite.js';

interface Args {
  node: boolean;
  quick: boolean;
  print: boolean;
  roundTrip: boolean;
  only?: string;
  budgetMs?: number;
  shape?: Shape;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { node: false, quick: false, print: false, roundTrip: false };
  for (const arg of argv) {
    if (arg === '--node') args.node = true;
    else if (arg === '--quick') args.quick = true;
    else if (arg === '--print') args.print = true;
    else if (arg === '--round-trip') args.roundTrip = true;
    else if (arg.startsWith('--only=')) args.only = arg.slice('--only='.length);
    else if (arg.startsWith('--budget=')) args.budgetMs = Number(arg.slice('--budget='.length));
    else if (arg.startsWith('--shape=')) {
      const [V, D, N] = arg.slice('--shape='.length).split(',').map(Number);
      args.shape = { V, D, N };
    } else throw new Error(`bench: unknown option ${arg} (options: --node, --quick, --print, --round-trip, --only=REGEX, --budget=MS, --shape=V,D,N)`);
  }
  return args;
}

async function inNode(args: Args): Promise<BenchResults> {
  const { getDevice } = await import('../src/index.js');
  const { runSuite } = await import('./suite/suite.js');
  const { preparePeersForNode, waitForIdle } = await import('./node-peers.js');
  const device = await getDevice();
  preparePeersForNode(device);
  return runSuite(device, {
    quick: args.quick,
    runtime: 'node',
    only: args.only ? new RegExp(args.only) : undefined,
    budget: args.budgetMs ? { ms: args.budgetMs } : undefined,
    shape: args.shape,
    progress: (line) => console.log(line),
    settle: () => waitForIdle(),
  });
}

/** Opens the bench page with `query` in headless Chromium, forwards its progress lines, and returns what it publishes. */
async function inChromium(query: URLSearchParams): Promise<NonNullable<Window['__bench']>> {
  const { launchChromium } = await import('../test/support/chromium.js');
  const { startViteServer } = await import('../test/support/vite-server.js');
  const { server, url } = await startViteServer();
  // A full run takes several minutes on a 2-core machine, and waiting for its results is one DevTools call.
  const browser = await launchChromium(60 * 60_000);
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('console', (message) => {
      if (message.text().startsWith('bench: ')) console.log(message.text().slice('bench: '.length));
    });
    await page.goto(`${url}/bench/index.html?${query}`);
    await page.waitForFunction(() => window.__bench !== undefined, { timeout: 0, polling: 500 });
    const outcome = await page.evaluate(() => window.__bench!);
    if ('error' in outcome) throw new Error(`the bench page failed: ${outcome.error}`);
    if (errors.length) throw new Error(`the bench page raised: ${errors.join('; ')}`);
    return outcome;
  } finally {
    await browser.close();
    await server.close();
  }
}

function suiteInChromium(args: Args): Promise<BenchResults> {
  const query = new URLSearchParams({ run: args.quick ? 'quick' : 'full' });
  if (args.only) query.set('only', args.only);
  if (args.budgetMs) query.set('budget', String(args.budgetMs));
  if (args.shape) query.set('shape', `${args.shape.V},${args.shape.D},${args.shape.N}`);
  return inChromium(query) as Promise<BenchResults>;
}

async function roundTrip(args: Args): Promise<StepTime[]> {
  if (!args.node) return ((await inChromium(new URLSearchParams({ run: 'round-trip' }))) as { steps: StepTime[] }).steps;
  const { getDevice } = await import('../src/index.js');
  const { roundTripSteps } = await import('./round-trip.js');
  const { preparePeersForNode } = await import('./node-peers.js');
  const device = await getDevice();
  preparePeersForNode(device);
  return roundTripSteps(device, args.budgetMs);
}

const resultsDir = join(dirname(fileURLToPath(import.meta.url)), 'results');

/** The standard-case table of `results` (with the reduced-N matmul-type rows and the tiny predict), then the latency sweep's. */
function standardTable(results: BenchResults, shape: Shape): string {
  const software = results.adapter.architecture === 'swiftshader';
  const planned = plan(true, software, shape);
  const standardShapes = [...planned.filter((p) => p.group === 'standard').map((p) => p.shape), { ...shape, N: smallBatch }];
  const matmul = planned.find((p) => p.matmulOnly);
  const matmulN = matmul ? `; matmul-type ops at N=${matmul.shape.N}` : '';
  const title = `${results.runtime}, ${results.adapter.description || results.adapter.architecture}, ${results.date}`;
  const latency = { ...results, cases: results.cases.filter((c) => c.op === 'predict-latency') };
  const latencyShapes = planned.filter((p) => p.group === 'latency').map((p) => p.shape);
  return (
    `${title}. Standard case (V=${shape.V}, D=${shape.D}, N=${shape.N}${matmulN}):\n\n${ratioTable({ ...results, cases: results.cases.filter((c) => c.op !== 'predict-latency') }, standardShapes)}` +
    `\n\nLatency sweep (predict + data(), N indices):\n\n${ratioTable(latency, latencyShapes)}`
  );
}

/** Runs the bench (or prints the committed results with --print); returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const shape = args.shape ?? standard;
  if (args.print) {
    for (const runtime of ['chromium', 'node']) {
      const file = join(resultsDir, `${runtime}.json`);
      if (existsSync(file)) console.log(`${standardTable(JSON.parse(readFileSync(file, 'utf8')) as BenchResults, shape)}\n`);
    }
    return 0;
  }
  if (args.roundTrip) {
    const { stepTable } = await import('./round-trip.js');
    console.log(`${args.node ? 'node' : 'chromium'}: a 2-index predict round trip, step by step\n\n${stepTable(await roundTrip(args))}`);
    return 0;
  }
  const results = args.node ? await inNode(args) : await suiteInChromium(args);
  const file = join(resultsDir, `${results.runtime}.json`);
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\n${standardTable(results, shape)}`);
  if (!args.quick) console.log(`\nAll cases:\n\n${ratioTable(results)}`);
  console.log(`\nwrote ${file}`);
  return 0;
}
