/**
 * The published package as a user gets it: `npm pack` of the built repo,
 * installed into a temporary project outside the repo.
 *
 * The tarball is unpacked into the project's node_modules (what `npm install
 * ./webgpu-embeddings-x.tgz` does with it) rather than installed by npm,
 * because npm would also fetch the package's dependencies from the registry,
 * and tests must not need the network. Its dependencies and the dev tools a
 * user would install (compilers' type packages, Vite, Dawn) are linked from
 * this repo's node_modules, which `npm ci` filled. The project lives under
 * the system's temp folder, so nothing resolves through the repo's own
 * node_modules by accident: a package the project does not link is missing
 * there, as it would be for a user who did not install it.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const root = fileURLToPath(new URL('../../', import.meta.url));

/** What a command printed and how it ended. */
export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `file args` in `cwd` and resolves with its output whatever its exit code (rejects only when it cannot start). */
export function run(file: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number }): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, { cwd: options.cwd, env: options.env ?? process.env, timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      if (error && typeof (error as { code?: unknown }).code === 'string') reject(error);
      else resolve({ code: child.exitCode, stdout, stderr });
    });
    if (options.input !== undefined) child.stdin!.end(options.input);
  });
}

/**
 * The environment of a user's fresh shell: this process's, without what the
 * library or the test runner set in it (the Vulkan driver choice, the
 * private runtime folder), so that a child finds its own way as a user's
 * script would.
 */
export function userEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ['VK_ICD_FILENAMES', 'XDG_RUNTIME_DIR', 'VITEST', 'VITEST_POOL_ID', 'VITEST_WORKER_ID', 'NODE_OPTIONS', 'TEST']) delete env[key];
  return { ...env, FORCE_COLOR: '0', NO_COLOR: '1' };
}

/** The packed tarball and the files it holds. */
export interface Packed {
  tarball: string;
  /** Paths inside the package, e.g. `dist/index.js`. */
  files: string[];
}

/** `npm pack` of the repo (dist/ must be built: `npm test` builds it first) into `dir`. */
export async function pack(dir: string): Promise<Packed> {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const ran = await run(npm, ['pack', '--json', '--pack-destination', dir], { cwd: root, env: userEnv() });
  if (ran.code !== 0) throw new Error(`npm pack failed (${ran.code}): ${ran.stderr}`);
  const [info] = JSON.parse(ran.stdout) as { filename: string; files: { path: string }[] }[];
  return { tarball: join(dir, info.filename), files: info.files.map((f) => f.path) };
}

/** Links `name` from the repo's node_modules into `project`'s, as if the user had installed it. */
export function linkFromRepo(project: string, name: string): void {
  const target = join(project, 'node_modules', name);
  mkdirSync(dirname(target), { recursive: true });
  symlinkSync(join(root, 'node_modules', name), target, 'junction');
}

/**
 * A temporary project with the packed library installed and `links` (repo
 * packages) beside it. `remove()` deletes it.
 *
 * @example
 * ```ts
 * const project = await consumerProject('types', ['@webgpu/types', '@types/node']);
 * ```
 */
export async function consumerProject(name: string, links: readonly string[]): Promise<{ dir: string; packed: Packed; remove: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), `webgpu-embeddings-${name}-`));
  const packed = await pack(dir);
  const installed = join(dir, 'node_modules', 'webgpu-embeddings');
  mkdirSync(installed, { recursive: true });
  // npm tarballs hold the package under package/.
  const untar = await run('tar', ['-xzf', packed.tarball, '-C', installed, '--strip-components=1'], { cwd: dir });
  if (untar.code !== 0) throw new Error(`unpacking ${packed.tarball} failed: ${untar.stderr}`);
  for (const link of links) linkFromRepo(dir, link);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `consumer-${name}`, private: true, type: 'module' }, null, 2));
  return { dir, packed, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The compilers the published types are checked with: TypeScript 5.9 (`typescript`) and 7 (`typescript-7`, an npm alias). */
export const compilers = [
  { name: 'TypeScript 5.9', tsc: join(root, 'node_modules', 'typescript', 'bin', 'tsc') },
  { name: 'TypeScript 7', tsc: join(root, 'node_modules', 'typescript-7', 'bin', 'tsc') },
] as const;

/** Runs a compiler on `tsconfig` in `cwd`; resolves with its diagnostics (empty when it passed). */
export async function typecheck(tsc: string, cwd: string, tsconfig: string): Promise<{ code: number | null; output: string; version: string }> {
  const version = (await run(process.execPath, [tsc, '--version'], { cwd })).stdout.trim();
  const ran = await run(process.execPath, [tsc, '-p', tsconfig, '--pretty', 'false'], { cwd });
  return { code: ran.code, output: `${ran.stdout}${ran.stderr}`.trim(), version };
}
