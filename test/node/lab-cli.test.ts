/**
 * `npm run lab`: the lab's Node entry, built like `npm run build` builds it
 * (into a scratch folder, so dist/ is left alone for the other tests) and
 * run as its own process, as `npm run lab -- <args>` runs it after building:
 * `--epochs 2 --json` on the synthetic set (its JSON against the untrained
 * figures the same run printed), `--data` on generated MovieLens files, and
 * bad input.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabReport } from '../../src/lab/lab.js';
import { syntheticMovieLens } from '../../src/lab/synthetic.js';
import { encodeLatin1, movieLensZip } from '../support/movielens-files.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
// Inside node_modules so that the bundle resolves its external `webgpu` import.
const outDir = `${root}node_modules/.cache/lab-run`;
const scratch = mkdtempSync(join(tmpdir(), 'lab-cli-'));

interface Run {
  stdout: string;
  stderr: string;
  code: number | null;
}

function lab(args: string[], timeout = 900_000): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [`${outDir}/lab-cli.js`, ...args], { cwd: root, timeout, maxBuffer: 16 << 20 }, (_error, stdout, stderr) =>
      resolve({ stdout, stderr, code: child.exitCode }),
    );
  });
}

/** The last line of stdout, parsed. */
function reportOf(run: Run): LabReport {
  expect(run.code, run.stderr).toBe(0);
  const last = run.stdout.trimEnd().split('\n').pop()!;
  return JSON.parse(last) as LabReport;
}

function expectShape(report: LabReport, items: string[], user: string): void {
  expect(Object.keys(report).sort()).toEqual(['data', 'models', 'recommendations', 'similar']);
  expect(Object.keys(report.models).sort()).toEqual(['deep', 'regression']);
  for (const figures of Object.values(report.models)) {
    expect(Object.keys(figures).sort()).toEqual(['secondsPerEpoch', 'testMAE', 'testMSE', 'trainMAE', 'trainMSE']);
    for (const key of ['testMAE', 'testMSE', 'trainMAE', 'trainMSE'] as const) expect(Number.isFinite(figures[key]), key).toBe(true);
  }
  expect(Object.keys(report.similar).sort()).toEqual([...items].sort());
  for (const list of Object.values(report.similar)) {
    expect(list).toHaveLength(10);
    for (const n of list) expect(Object.keys(n).sort()).toEqual(['item', 'score', 'title']);
  }
  expect(Object.keys(report.recommendations)).toEqual([user]);
  expect(report.recommendations[user]).toHaveLength(10);
}

/** The untrained figures the run printed before training each model: regression's, then deep's. */
function untrainedOf(run: Run): { testMAE: number; testMSE: number }[] {
  const lines = [...run.stdout.matchAll(/^Untrained \(random init\): train MSE ([\d.]+) MAE ([\d.]+), test MSE ([\d.]+) MAE ([\d.]+)$/gm)];
  expect(lines).toHaveLength(2);
  return lines.map((m) => ({ testMSE: Number(m[3]), testMAE: Number(m[4]) }));
}

let trained: Run;
beforeAll(async () => {
  await build({ configFile: `${root}vite.config.ts`, root, logLevel: 'error', build: { outDir, emptyOutDir: true } });
  trained = await lab(['--epochs', '2', '--json']);
}, 1_000_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('npm run lab (synthetic data)', () => {
  it('prints the JSON report last, with the shape the issue fixes', () => {
    const report = reportOf(trained);
    expect(report.data).toBe('synthetic');
    expectShape(report, ['50', '181'], '5');
    for (const figures of Object.values(report.models)) expect(figures.secondsPerEpoch).toBeGreaterThan(0);
  });

  it("trains: each model's test MAE after 2 epochs is far below the untrained model's", () => {
    const [regression, deep] = untrainedOf(trained);
    const before = { regression, deep };
    const after = reportOf(trained).models;
    for (const name of ['regression', 'deep'] as const) {
      // Untrained, the predictions are near 0, so the MAE is near the mean rating, 3.53.
      expect(before[name].testMAE, name).toBeGreaterThan(3);
      expect(after[name].testMAE, name).toBeLessThan(before[name].testMAE / 2);
      expect(after[name].testMSE, name).toBeLessThan(before[name].testMSE / 4);
    }
  });

  it("prints the notebook's figures, progress, similar items with titles and recommendations", () => {
    const out = trained.stdout;
    expect(out.split('\n')[0]).toMatch(/^WebGPU adapter: \S/);
    expect(out).toContain('Data: synthetic: 100,000 ratings of');
    expect(out.match(/^Trained: train MSE [\d.]+ MAE [\d.]+, test MSE [\d.]+ MAE [\d.]+$/gm)).toHaveLength(2);
    // fit's own progress (verbose 1): written once per epoch when the output is not a terminal.
    expect(out.match(/^Epoch 2\/2\n\d+\/\d+ \[=+\] - \S+ \S+\/step - loss: [\d.]+ - mse: [\d.]+ - val_loss: [\d.]+ - val_mse: [\d.]+$/gm)).toHaveLength(2);
    const report = reportOf(trained);
    const data = syntheticMovieLens();
    expect(out).toContain(`50. ${data.titles[50]}:`);
    for (const n of [...report.similar['50'], ...report.recommendations['5']]) {
      expect(n.title).toBe(data.titles[n.item]);
      expect(out).toContain(n.title);
    }
    expect(out).toMatch(/cosine\(50, 181\) = -?[\d.]+/);
    expect(out).toMatch(/2-D map: PCA of the item embeddings explains [\d.]+% \+ [\d.]+%/);
  });

  it('recommends only items user 5 has not rated, best first', () => {
    const data = syntheticMovieLens();
    const seen = new Set(Array.from(data.ratings.items).filter((_, k) => data.ratings.users[k] === 5));
    const list = reportOf(trained).recommendations['5'];
    expect(list.some((n) => seen.has(n.item))).toBe(false);
    list.forEach((n, r) => r > 0 && expect(n.score).toBeLessThanOrEqual(list[r - 1].score));
    const similar = reportOf(trained).similar['50'];
    expect(similar.some((n) => n.item === 50)).toBe(false);
    similar.forEach((n, r) => r > 0 && expect(n.score).toBeLessThanOrEqual(similar[r - 1].score));
  });
});

describe('npm run lab -- --data', () => {
  it('runs on MovieLens files (a generated ml-100k.zip in the real format) with --item and --user', async () => {
    const zip = join(scratch, 'ml-100k.zip');
    writeFileSync(zip, movieLensZip(syntheticMovieLens({ users: 120, items: 400, ratings: 6000, seed: 4 })));
    const report = reportOf(await lab(['--data', zip, '--epochs', '1', '--item', '7', '--item', '12', '--user', '3', '--json']));
    expect(report.data).toBe('MovieLens 100k');
    expectShape(report, ['7', '12'], '3');
  }, 600_000);

  it('names the file, line and field of a broken file, and exits with status 1', async () => {
    const zip = join(scratch, 'broken.zip');
    const data = syntheticMovieLens({ users: 30, items: 200, ratings: 600, seed: 4 });
    data.ratings.ratings[41] = 9;
    writeFileSync(zip, movieLensZip(data));
    const run = await lab(['--data', zip]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Could not read MovieLens: ${zip}:ml-100k/u.data, line 42, field 3 (rating): expected an integer from 1 to 5, received "9".`);
  });

  it('says what a bad argument should be, with the usage, and exits with status 2', async () => {
    const run = await lab(['--epochs', 'two']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--epochs: expected an integer >= 0, received "two".');
    expect(run.stderr).toContain('Usage: npm run lab --');
    writeFileSync(join(scratch, 'u.data'), encodeLatin1('1\t1\t5\t0\n'));
    const missing = await lab(['--data', scratch]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/found no u\.item/);
  });
});
