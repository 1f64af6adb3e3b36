/**
 * No code is compiled from strings: no `eval`, `new Function` or string
 * timers in the library's source or its built bundle, so it runs under a
 * Content-Security-Policy without 'unsafe-eval' (test/browser/csp.test.ts
 * checks the pages themselves).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const forbidden = [/\beval\s*\(/, /\bnew\s+Function\s*\(/, /\bFunction\s*\(\s*['"`]/, /\bset(Timeout|Interval)\s*\(\s*['"`]/];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

function offenders(paths: string[]): string[] {
  return paths.flatMap((path) =>
    readFileSync(path, 'utf8')
      .split('\n')
      .flatMap((line, i) => (forbidden.some((re) => re.test(line)) ? [`${path}:${i + 1}: ${line.trim()}`] : [])),
  );
}

describe('no code from strings (CSP without unsafe-eval)', () => {
  it('src/ has no eval, new Function or string timers', () => {
    const sources = files(join(root, 'src')).filter((f) => f.endsWith('.ts'));
    expect(sources.length).toBeGreaterThan(10);
    expect(offenders(sources)).toEqual([]);
  });

  it('the built bundle dist/ has none either (dependencies included)', () => {
    expect(existsSync(join(root, 'dist/index.js')), 'dist/index.js is missing: run npm run build').toBe(true);
    expect(offenders(files(join(root, 'dist')).filter((f) => f.endsWith('.js')))).toEqual([]);
  });
});
