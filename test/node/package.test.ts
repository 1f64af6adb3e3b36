/**
 * The published package in a user's project: `npm pack`, installed into a
 * temporary project (see test/support/consumer.ts), then
 * - its declarations compile under `--strict` with TypeScript 5.9 and 7, in
 *   a Node project (as `tsc --init` writes it) and a Vite (DOM) project,
 *   with and without the user installing `@webgpu/types`, and keep the
 *   library's internals out of sight;
 * - a Node script without Dawn (`webgpu`, an optional peer) gets one line
 *   saying what to install;
 * - a Vite browser bundle of it never loads Dawn or Node modules.
 */
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MISSING_DAWN } from '../../src/gpu/node-gpu.js';
import { compilers, consumerProject, run, typecheck, userEnv } from '../support/consumer.js';

/** A user's code: every public name it uses must type-check; every internal one must not exist. */
const app = `
import { getDevice, tensor, gather, oneHot, matMul, embeddingBag, nearestNeighbors, memory, tidy, cpu, debug,
  Input, Embedding, Flatten, Model, Sequential, Tensor, GPUUnavailableError } from 'webgpu-embeddings';
import type { NestedArray, Shape } from 'webgpu-embeddings';

const device: GPUDevice = await getDevice();
const table = tensor([[0, 1], [2, 3], [4, 5]]);
const rows: number[][][] = await gather(table, [[2], [0]]).array();
const hot: number[][] = await oneHot([2, 0], 3).array();
const product: number[][] = await matMul(oneHot([2, 0], 3), table).array();
const flat: number[] = await tensor(new Float32Array(4), [4]).array();
const someShape: number[] = [2, 2];
const unknownRank: NestedArray = await tensor(new Float32Array(4), someShape).array();
const bags: number[][] = await embeddingBag(table, [[0, 1]], { mode: 'sum' }).array();
const near: number[][] = await nearestNeighbors(table, [[1, 0]], 2).indices.array();
const kept = tidy(() => gather(table, [1]));
const readonlyIds: readonly number[] = [2, 0];
const readonlyRows: readonly (readonly number[])[] = [[2], [0]];
const constRows = [[1, 0], [0, 1]] as const;
const pickedRows: number[][][] = await gather(table, readonlyRows).array();
const hotRows: number[][] = await oneHot(readonlyIds, 3).array();
const readonlyBags: number[][] = await embeddingBag(table, readonlyIds, { offsets: [0] as const, perSampleWeights: readonlyIds, mode: 'sum' }).array();
const constNear: number[][] = await nearestNeighbors(table, constRows, 1).indices.array();
const constTable: number[][] = await tensor(constRows).array();

const x = Input({ shape: [1], name: 'input' });
const layer = new Embedding({ inputDim: 10, outputDim: 4, inputLength: 1 });
const model = new Model({ inputs: x, outputs: layer.apply(x) });
const predicted: Tensor = model.predict([[0], [3]]);
const values: NestedArray = await model.predict([[0], [3]]).array();
const shape: Shape = model.outputShape;
const twoOutputs = new Model({ inputs: x, outputs: [layer.apply(x), new Flatten().apply(layer.apply(x))] });
const both: Tensor[] = twoOutputs.predict([[1]]);
const stacked: Tensor = new Sequential([layer, new Flatten()]).predict([3]);
const fromReadonly: Tensor = model.predict(readonlyRows);
const reference = cpu.gather({ data: new Float32Array([0, 1, 2, 3]), shape: [2, 2] }, [1]);
const bytes: number = memory().numBytes;
debug.poisonOutputs = true;
const weight = layer.weights[0]!;

// @ts-expect-error a rank-2 tensor reads as number[][]
const wrongRank: number[] = await table.array();
// @ts-expect-error tensors come from tensor() and ops: the constructor is private
new Tensor();
// @ts-expect-error internal: not in the published types
Tensor.fromShards;
// @ts-expect-error internal
predicted.watch;
// @ts-expect-error internal
predicted.shards;
// @ts-expect-error internal
layer.retain();
// @ts-expect-error internal
layer.release();
// @ts-expect-error internal
weight.swap;
// @ts-expect-error internal
debug.maxBufferBytes = 1;

export const used = [device, rows, hot, product, flat, unknownRank, bags, near, kept, values, shape, both, stacked,
  reference, bytes, wrongRank, GPUUnavailableError, pickedRows, hotRows, readonlyBags, constNear, constTable, fromReadonly];
`;

/** A Node project as TypeScript's own \`tsc --init\` writes it (libraries' types checked too: no skipLibCheck). */
const nodeProject = {
  module: 'nodenext',
  target: 'esnext',
  types: ['node'],
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  moduleDetection: 'force',
  noEmit: true,
  skipLibCheck: false,
};

/** A Vite app as create-vite's vanilla-ts template writes it (again without skipLibCheck). */
const viteProject = {
  target: 'ES2022',
  useDefineForClassFields: true,
  module: 'ESNext',
  lib: ['ES2022', 'DOM', 'DOM.Iterable'],
  types: ['vite/client'],
  moduleResolution: 'bundler',
  verbatimModuleSyntax: true,
  moduleDetection: 'force',
  noEmit: true,
  strict: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  noFallthroughCasesInSwitch: true,
  skipLibCheck: false,
};

let project: Awaited<ReturnType<typeof consumerProject>>;
beforeAll(async () => {
  // @webgpu/types is the package's own dependency (npm installs it with the package); Dawn is not linked.
  project = await consumerProject('types', ['@webgpu/types', '@types/node', 'vite']);
  writeFileSync(join(project.dir, 'app.ts'), app);
});
afterAll(() => project?.remove());

/**
 * The tsconfig for one combination. "With @webgpu/types" is what its README
 * tells users: list it in `types` - but only before TypeScript 7, whose DOM
 * library declares WebGPU itself, so that listing it there fails with
 * "Duplicate identifier" whether or not this library is used.
 */
function tsconfig(kind: 'node' | 'vite', compiler: (typeof compilers)[number], withTypes: boolean): string {
  const options = kind === 'node' ? nodeProject : viteProject;
  const listTypes = withTypes && compiler.name !== 'TypeScript 7';
  const file = `tsconfig.${kind}.${compiler.name.replace(/\W+/g, '')}.${withTypes ? 'with' : 'without'}.json`;
  const types = listTypes ? [...options.types, '@webgpu/types'] : options.types;
  writeFileSync(join(project.dir, file), JSON.stringify({ compilerOptions: { ...options, types }, files: ['app.ts'] }, null, 2));
  return file;
}

describe('the published declarations compile in users projects', () => {
  for (const compiler of compilers) {
    for (const kind of ['node', 'vite'] as const) {
      for (const withTypes of [false, true]) {
        it(`${compiler.name}, ${kind === 'node' ? 'Node' : 'Vite (DOM)'} project, ${withTypes ? 'with' : 'without'} @webgpu/types of its own`, async () => {
          const result = await typecheck(compiler.tsc, project.dir, tsconfig(kind, compiler, withTypes));
          expect(result.version).toMatch(compiler.name === 'TypeScript 7' ? /^Version 7\./ : /^Version 5\.9\./);
          expect(result.output).toBe('');
          expect(result.code).toBe(0);
        });
      }
    }
  }

  it('TypeScript 7 gets declarations that need no @webgpu/types; before 7 they bring it (the types@<7 entry)', async () => {
    const [ts5, ts7] = compilers;
    const types = join(project.dir, 'node_modules', '@webgpu', 'types');
    const aside = `${types}.aside`;
    renameSync(types, aside);
    try {
      const seven = await typecheck(ts7.tsc, project.dir, tsconfig('vite', ts7, false));
      expect(seven.output).toBe('');
      const five = await typecheck(ts5.tsc, project.dir, tsconfig('vite', ts5, false));
      expect(five.output).toContain("Cannot find type definition file for '@webgpu/types'");
    } finally {
      renameSync(aside, types);
    }
  });

  it('the package exports one entry (deep imports of internal modules fail) and ships no TypeScript sources', () => {
    const pkg = JSON.parse(readFileSync(join(project.dir, 'node_modules', 'webgpu-embeddings', 'package.json'), 'utf8'));
    expect(Object.keys(pkg.exports)).toEqual(['.']);
    expect(project.packed.files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  });
});

describe('Dawn is optional', () => {
  it('package.json names webgpu as an optional peer, not a dependency', () => {
    const pkg = JSON.parse(readFileSync(join(project.dir, 'node_modules', 'webgpu-embeddings', 'package.json'), 'utf8'));
    expect(pkg.dependencies?.webgpu).toBeUndefined();
    expect(pkg.peerDependencies?.webgpu).toBeTruthy();
    expect(pkg.peerDependenciesMeta?.webgpu?.optional).toBe(true);
  });

  it('a Node script without the webgpu package gets one line saying what to install', async () => {
    const script = `
import { getDevice, GPUUnavailableError } from 'webgpu-embeddings';
try {
  await getDevice();
  console.log('got a device without Dawn?');
} catch (error) {
  console.log(JSON.stringify({ unavailable: error instanceof GPUUnavailableError, message: error.message }));
}`;
    writeFileSync(join(project.dir, 'no-dawn.mjs'), script);
    const ran = await run(process.execPath, ['no-dawn.mjs'], { cwd: project.dir, env: userEnv() });
    expect(ran.stderr).toBe('');
    expect(JSON.parse(ran.stdout)).toEqual({ unavailable: true, message: MISSING_DAWN });
    expect(MISSING_DAWN).not.toContain('\n');
    expect(MISSING_DAWN).toContain('npm install webgpu');
  });

  it('a Vite browser bundle has no import of Dawn or of Node modules', async () => {
    writeFileSync(join(project.dir, 'index.html'), '<!doctype html><html><body><script type="module" src="/main.ts"></script></body></html>');
    writeFileSync(
      join(project.dir, 'main.ts'),
      "import { getDevice, gather, tensor } from 'webgpu-embeddings';\n" +
        'getDevice().then(async () => { document.body.textContent = JSON.stringify(await gather(tensor([[1, 2]]), [0]).array()); });\n',
    );
    const { build } = await import('vite');
    const outDir = join(project.dir, 'bundle');
    await build({ root: project.dir, configFile: false, logLevel: 'silent', build: { outDir, emptyOutDir: true, minify: false } });
    const chunks = readdirSync(join(outDir, 'assets')).filter((f) => f.endsWith('.js'));
    expect(chunks.length).toBeGreaterThan(0);
    const code = chunks.map((f) => readFileSync(join(outDir, 'assets', f), 'utf8')).join('\n');
    expect(code).toContain('navigator');
    // A module specifier in an import statement, import() or require() of Dawn or a Node built-in.
    const loads = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)["'](webgpu|node:[\w/]+)["']/g;
    expect([...code.matchAll(loads)].map((m) => m[1])).toEqual([]);
  });
});
