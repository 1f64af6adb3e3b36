/**
 * The README's Training example, taken from README.md as written and run
 * against the built package (dist/) from a plain Node script: it must train,
 * print Keras-style progress lines and exit by itself.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

function trainingSnippet(): string {
  const readme = readFileSync(`${root}README.md`, 'utf8');
  const section = readme.slice(readme.indexOf('## Training'));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error('README.md has no ```ts block under "## Training"');
  return match[1];
}

describe("README's Training example against dist/", () => {
  it('trains with progress lines and per-epoch logs, evaluates, and exits by itself', async () => {
    const script = `${trainingSnippet()}\nconsole.log('evaluate', JSON.stringify(await model.evaluate([users, items], ratings)));\n`;
    const { stdout } = await new Promise<{ stdout: string }>((resolve, reject) => {
      const child = execFile(process.execPath, ['--input-type=module', '-e', script], { cwd: root, timeout: 240_000 }, (error, stdout, stderr) =>
        error ? reject(new Error(`exit ${child.exitCode}, signal ${error.signal ?? 'none'}: ${stderr}\n${stdout}`)) : resolve({ stdout }),
      );
    });
    const lines = stdout.split('\n');
    expect(lines.filter((l) => /^Epoch \d\/5$/.test(l))).toHaveLength(5);
    const progress = lines.filter((l) => /^15\/15 \[=+\] - \d+m?s \d+m?s\/step - loss: \d+\.\d{4} - mse: \d+\.\d{4} - val_loss: \d+\.\d{4} - val_mse: \d+\.\d{4}$/.test(l));
    expect(progress, stdout).toHaveLength(5);
    const evaluated = JSON.parse(lines.find((l) => l.startsWith('evaluate '))!.slice('evaluate '.length));
    expect(Object.keys(evaluated)).toEqual(['loss', 'mse']);
    expect(Number.isFinite(evaluated.loss)).toBe(true);
  });
});
