/**
 * The built package (dist/, written by `npm run build`, which `npm test` runs
 * first) works from a plain Node script and the script exits by itself.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

const script = `
import { getDevice, tensor, gather, oneHot, matMul, adapterInfo } from 'webgpu-embeddings';
await getDevice({ log: false });
const table = tensor([[0, 1], [2, 3], [4, 5]]);
const rows = gather(table, [[2], [0]]);
const same = matMul(oneHot([2, 0], 3), table);
console.log(JSON.stringify({ adapter: adapterInfo().architecture, rows: await rows.array(), shape: rows.shape, same: await same.array() }));
`;

describe('dist/ from a plain Node script', () => {
  it('has the ESM entry and its type declarations', () => {
    for (const file of ['dist/index.js', 'dist/index.d.ts']) {
      expect(existsSync(root + file), `${file} is missing: run npm run build`).toBe(true);
    }
  });

  it('imports the package by name, runs the ops, reads results and exits by itself', async () => {
    const { stdout } = await new Promise<{ stdout: string }>((resolve, reject) => {
      const child = execFile(process.execPath, ['--input-type=module', '-e', script], { cwd: root, timeout: 60_000 }, (error, stdout, stderr) =>
        error ? reject(new Error(`exit ${child.exitCode}, signal ${error.signal ?? 'none'}: ${stderr}`)) : resolve({ stdout }),
      );
    });
    const result = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(result.rows).toEqual([[[4, 5]], [[0, 1]]]);
    expect(result.shape).toEqual([2, 1, 2]);
    expect(result.same).toEqual([[4, 5], [0, 1]]);
    expect(typeof result.adapter).toBe('string');
  });
});
