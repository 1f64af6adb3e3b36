/**
 * The applications of the library (the notebook, the recommender lab) use
 * only its public API: every import of theirs is the barrel (`../index.js`),
 * a module of their own folder, or a package. Anything else they need is an
 * API gap to close in the library.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every module specifier a TypeScript file imports or re-exports (static and dynamic). */
function specifiers(source: string): string[] {
  const found = [...source.matchAll(/\b(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'/g), ...source.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)];
  return found.map((m) => m[1]);
}

describe('applications use only the public API', () => {
  for (const folder of ['src/lab', 'src/notebook']) {
    it(`${folder} imports the barrel, its own modules and packages only`, () => {
      const files = readdirSync(folder).filter((f) => f.endsWith('.ts'));
      expect(files.length).toBeGreaterThan(3);
      const outside = files.flatMap((file) =>
        specifiers(readFileSync(join(folder, file), 'utf8'))
          .filter((s) => s.startsWith('.') && s !== '../index.js' && !/^\.\/[\w-]+\.js$/.test(s))
          .map((s) => `${file}: ${s}`),
      );
      expect(outside).toEqual([]);
    });
  }

  it('the check sees internal imports', () => {
    expect(specifiers("import { uniformSource } from '../layers/random.js';\nimport type { Tensor } from '../index.js';")).toEqual(['../layers/random.js', '../index.js']);
  });
});
