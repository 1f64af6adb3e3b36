/**
 * `npm start`: the notebook replay, built like `npm run build` builds it
 * (into a scratch folder, so dist/ is left alone for the other tests) and
 * run as its own Node process. Checks every value the notebook fixes.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
// Inside node_modules so that the bundle resolves its external `webgpu` import.
const outDir = `${root}node_modules/.cache/notebook-replay`;

let stdout = '';
let exitCode: number | null = null;
let seconds = 0;

/** The numbers in a cell's output, in order (the dtype's name left out). */
function numbersOf(n: number): number[] {
  return (outputOf(n).replace(/dtype=\w+/g, '').match(/-?\d+(\.\d*)?(e[-+]\d+)?/g) ?? []).map(Number);
}

/**
 * Equal up to NumPy's 8 printed decimals: a value printed with 8 decimals is
 * within half a unit of the 8th decimal (5e-9) of its shortest form, which
 * scientific notation prints in full, so two prints of one value can be 5e-9
 * apart exactly; 1e-12 more covers the doubles they are read back as.
 */
function expectPrintedEqual(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => expect(Math.abs(v - expected[i]), `value ${i}: ${v} vs ${expected[i]}`).toBeLessThanOrEqual(5e-9 + 1e-12));
}

/** The text after `Out[n]:`, up to the next cell. */
function outputOf(n: number): string {
  const start = stdout.indexOf(`\nOut[${n}]:\n`);
  expect(start, `no Out[${n}] in the replay:\n${stdout}`).toBeGreaterThan(-1);
  const rest = stdout.slice(start + `\nOut[${n}]:\n`.length);
  const end = rest.search(/\n## |\n\d+ of \d+ cells/);
  return (end === -1 ? rest : rest.slice(0, end)).trim();
}

const arange = (n: number) => Array.from({ length: n }, (_, i) => i);
const row = (i: number) => [4 * i, 4 * i + 1, 4 * i + 2, 4 * i + 3];

beforeAll(async () => {
  await build({ configFile: `${root}vite.config.ts`, root, logLevel: 'error', build: { outDir, emptyOutDir: true } });
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const child = execFile(process.execPath, [`${outDir}/notebook-cli.js`], { cwd: root, timeout: 120_000 }, (_error, out, err) => {
      stdout = out;
      exitCode = child.exitCode;
      if (exitCode !== 0) console.error(err);
      resolve();
    });
  });
  seconds = (performance.now() - started) / 1000;
});

describe('npm start: the notebook replayed on the GPU', () => {
  it('names the adapter first, runs every cell and exits by itself with status 0, in seconds', () => {
    expect(stdout.trimStart().split('\n')[0]).toMatch(/^WebGPU adapter: \S/);
    expect(stdout).toMatch(/\n(\d+) of \1 cells ran on the GPU/);
    expect(stdout).not.toContain('Error in cell');
    expect(exitCode).toBe(0);
    expect(seconds).toBeLessThan(60);
  });

  it('prints the arange matrix, the one-hot vector and row 3 both ways, exactly', () => {
    expect(outputOf(1).split('\n')).toHaveLength(10);
    expect(outputOf(1).split('\n')[3]).toBe(' [12. 13. 14. 15.]');
    expect(numbersOf(1)).toEqual(arange(40));
    expect(numbersOf(2)).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    expect(outputOf(3)).toBe('[12. 13. 14. 15.]');
    expect(outputOf(4)).toBe('[12. 13. 14. 15.]');
    expect(outputOf(5)).toContain(`all 10 rows equal: true`);
  });

  it("shows the layer's shapes (None, 1, 4) and (None, 4), random weights within ±0.05, and predict picking their rows", () => {
    expect(outputOf(7)).toBe('(None, 1, 4)');
    expect(outputOf(10)).toBe('(None, 4)');
    const weights = numbersOf(8).slice(0, 40);
    expect(numbersOf(8)).toHaveLength(40);
    expect(weights.every((v) => Math.abs(v) <= 0.05) && weights.some((v) => v !== 0)).toBe(true);
    const rows0and3 = [...weights.slice(0, 4), ...weights.slice(12, 16)];
    // Like NumPy, an array holding a value below 1e-4 prints in scientific notation with more digits than the
    // fixed notation's 8 decimals, so the same weight can print as 0.0330858 in one cell and 3.3085804e-02 in another.
    expectPrintedEqual(numbersOf(9), rows0and3);
    expectPrintedEqual(numbersOf(11), rows0and3);
  });

  it('counts 40 parameters and predicts the fixed matrix rows for [[3]], [[3], [3], [0], [9]] and [3]', () => {
    for (const cell of [12, 16]) expect(outputOf(cell)).toMatch(/Total params: 40\n/);
    expect(outputOf(12)).toMatch(/my_embedding \(Embedding\)\s+\(None, 1, 4\)\s+40/);
    expect(numbersOf(13)).toEqual([...row(3)]);
    expect(numbersOf(14)).toEqual([...row(3), ...row(3), ...row(0), ...row(9)]);
    expect(numbersOf(15)).toEqual([...row(3)]);
    expect(outputOf(15)).toContain('array([[12., 13., 14., 15.]], dtype=float32)');
  });

  it("proves the models share one weight matrix (ones set through model2 appear in model and model3, the matrix set through model3 in model); lookup: 'onehot' gives the same rows", () => {
    expect(numbersOf(17)).toEqual(new Array(16).fill(1));
    expect(numbersOf(18)).toEqual([...new Array(8).fill(1), ...row(0), ...row(3)]);
    expect(numbersOf(19)).toEqual([...row(3), ...row(3), ...row(0), ...row(9)]);
    expect(outputOf(20)).toBe('{ numTensors: 0, numBytes: 0 }');
  });
});
