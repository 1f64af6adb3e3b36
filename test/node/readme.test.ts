/**
 * The README as a newcomer reads it, checked against the published package
 * (`npm pack`, installed into a temporary project with Dawn beside it; see
 * test/support/consumer.ts):
 * - every ```ts block runs in Node as written, with nothing on stderr and no
 *   driver noise, and type-checks under `--strict` with TypeScript 5.9 and 7.
 *   Blocks are found by themselves, so new sections are covered too; a block
 *   that cannot run as written must start with `// not runnable: <why>`;
 * - its links lead to files the package ships (they work in the tarball and
 *   wherever the repository is browsed);
 * - its list of the package's contents matches `npm pack`;
 * - the LICENSE it names is there.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilers, consumerProject, root, run, typecheck, userEnv } from '../support/consumer.js';
import { driverNoise } from '../support/noise.js';

const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The marker a ```ts block starts with when it deliberately cannot run as written. */
const NOT_RUNNABLE = /^\/\/ not runnable: (.+)$/i;

interface Block {
  /** 1-based line of the opening fence. */
  line: number;
  code: string;
}

/** Fenced blocks of `markdown` whose info string starts with one of `languages`. */
function fencedBlocks(markdown: string, languages: readonly string[]): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})\s*(\S*)/.exec(lines[i]);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && l.startsWith(open[1]) && l.trim() === open[1]);
    if (end < 0) throw new Error(`README.md:${i + 1}: a code fence is never closed`);
    if (languages.includes(open[2].toLowerCase())) blocks.push({ line: i + 1, code: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return blocks;
}

const tsBlocks = fencedBlocks(readme, ['ts', 'typescript']);
const runnable = tsBlocks.filter((b) => !NOT_RUNNABLE.test(b.code.split('\n')[0]));

let project: Awaited<ReturnType<typeof consumerProject>>;
beforeAll(async () => {
  // A Node user's project: the package, its @webgpu/types, Dawn (the optional peer) and Node's types.
  project = await consumerProject('readme', ['@webgpu/types', '@types/node', 'webgpu']);
  for (const block of runnable) {
    writeFileSync(join(project.dir, `readme-${block.line}.ts`), block.code);
    const js = ts.transpileModule(block.code, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } });
    writeFileSync(join(project.dir, `readme-${block.line}.mjs`), js.outputText);
  }
});
afterAll(() => project?.remove());

describe('README code blocks', () => {
  it('has TypeScript blocks, each runnable or marked with why not', () => {
    expect(runnable.length).toBeGreaterThanOrEqual(5);
    for (const block of tsBlocks) {
      const marker = NOT_RUNNABLE.exec(block.code.split('\n')[0]);
      if (marker) expect(marker[1].trim().length, `README.md:${block.line}: say why the block cannot run`).toBeGreaterThan(10);
    }
  });

  for (const block of runnable) {
    it(`the block at README.md:${block.line} runs in Node, quietly`, async () => {
      const ran = await run(process.execPath, [`readme-${block.line}.mjs`], { cwd: project.dir, env: userEnv(), timeoutMs: 90_000 });
      expect(ran.stderr, `README.md:${block.line} wrote to stderr`).toBe('');
      expect(ran.code, `README.md:${block.line} failed:\n${ran.stdout}`).toBe(0);
      expect(driverNoise(ran.stdout)).toEqual([]);
    });
  }

  for (const compiler of compilers) {
    it(`every runnable block type-checks under --strict with ${compiler.name}`, async () => {
      const options = { module: 'nodenext', target: 'es2022', strict: true, types: ['node'], noEmit: true, moduleDetection: 'force', skipLibCheck: false };
      const files = runnable.map((b) => `readme-${b.line}.ts`);
      writeFileSync(join(project.dir, 'tsconfig.readme.json'), JSON.stringify({ compilerOptions: options, files }, null, 2));
      const result = await typecheck(compiler.tsc, project.dir, 'tsconfig.readme.json');
      // Diagnostics name the file, readme-<line>.ts: the README line of the block's opening fence.
      expect(result.output).toBe('');
    });
  }
});

describe('README links and package contents', () => {
  it('every relative link names a file the package ships', () => {
    const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((href) => !/^(https?:|mailto:|#)/.test(href));
    expect(links.length).toBeGreaterThan(0);
    const shipped = new Set(project.packed.files);
    expect(links.map((href) => href.replace(/#.*$/, '').replace(/^\.\//, '')).filter((path) => !shipped.has(path))).toEqual([]);
  });

  it('lists what npm pack puts in the package', () => {
    const marker = readme.indexOf('<!-- package-contents -->');
    expect(marker, 'README.md needs the <!-- package-contents --> block').toBeGreaterThan(0);
    const [block] = fencedBlocks(readme.slice(marker), ['text']);
    const globs = block.code.split('\n').map((l) => l.trim().split(/\s+/)[0]).filter(Boolean);
    const pattern = (glob: string) => new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*\//g, '(.*/)?').replace(/\*/g, '[^/]*')}$`);
    const unlisted = project.packed.files.filter((file) => !globs.some((g) => pattern(g).test(file)));
    const unmatched = globs.filter((g) => !project.packed.files.some((file) => pattern(g).test(file)));
    expect({ unlisted, unmatched }).toEqual({ unlisted: [], unmatched: [] });
  });

  it('has the MIT LICENSE package.json names, and the package ships it', () => {
    const license = readFileSync(join(root, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^MIT License/);
    expect(license).toContain('webgpu-embeddings contributors');
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).license).toBe('MIT');
    expect(project.packed.files).toContain('LICENSE');
  });
});
