/**
 * `file://` in Node.js: a model is a folder with `model.json` and its
 * weight files (`weights.bin`, or 4 MiB shards). Node modules are imported
 * through a variable so that browser bundles never try to resolve them.
 */
import { asBytes } from './bytes.js';
import { modelJsonOf, saveResult, type ModelFiles, type ModelToSave } from './artifacts.js';
import { parseModelJson } from './model-json.js';
import { expected } from './problems.js';
import { checkGroupBytes, shardNames, shards } from './weight-data.js';

const dynamicImport = (name: string): Promise<any> => import(/* @vite-ignore */ name);

async function node(url: string): Promise<{ fs: any; path: any }> {
  if (typeof process === 'undefined' || !process.versions?.node) {
    throw new TypeError(`${url}: file:// URLs need Node.js; in a browser use http(s)://, indexeddb:// or downloads://.`);
  }
  return { fs: await dynamicImport('node:fs/promises'), path: await dynamicImport('node:path') };
}

function pathOf(url: string): string {
  const path = url.slice('file://'.length);
  if (!path) throw new TypeError(`${url}: expected a path after file://, e.g. file://./my-model.`);
  return path;
}

/**
 * Reads a model saved as files: `url` names model.json or its folder. Weight
 * files must lie in model.json's folder or below it.
 *
 * @example
 * ```ts
 * const files = await readModelFiles('file://./my-model/model.json');
 * ```
 */
export async function readModelFiles(url: string): Promise<ModelFiles> {
  const { fs, path } = await node(url);
  let target = pathOf(url);
  const stat = await fs.stat(target).catch((error: Error) => {
    throw new Error(`${url}: cannot read ${target}: ${error.message}`, { cause: error });
  });
  if (stat.isDirectory()) target = path.join(target, 'model.json');
  const json = parseModelJson(asBytes(await fs.readFile(target), target), target);
  const folder = path.dirname(target);
  const pieces: Uint8Array[] = [];
  for (const [g, group] of json.weightsManifest.entries()) {
    // Every path is checked before any file is read.
    const names = group.paths.map((name, i) => {
      if (path.isAbsolute(name) || /^[a-z][a-z0-9+.-]*:/i.test(name) || name.split(/[\\/]/).includes('..')) {
        throw expected(target, `weightsManifest[${g}].paths[${i}]`, "a file in model.json's folder (no absolute path, no '..')", name);
      }
      return path.join(folder, name);
    });
    const files = await Promise.all(
      names.map(async (file: string, i) => {
        const bytes = await fs.readFile(file).catch((error: Error) => {
          throw new Error(`${target}: weightsManifest[${g}].paths[${i}]: cannot read the weight file ${file}: ${error.message}`, { cause: error });
        });
        return asBytes(bytes, file);
      }),
    );
    checkGroupBytes(group.weights, files, target, `weightsManifest[${g}]`);
    pieces.push(...files);
  }
  return { json, pieces, file: target };
}

/**
 * Writes a model as files: `url` names a folder (created if needed; it
 * gets `model.json`) or a `.json` file. Weights go to `weights.bin`, or to
 * shards of at most `shardBytes` (TF.js's converter's names); model.json is
 * written last.
 *
 * @example
 * ```ts
 * await writeModelFiles('file://./my-model', model, 4 * 1024 * 1024);
 * ```
 */
export async function writeModelFiles(url: string, model: ModelToSave, shardBytes: number) {
  const { fs, path } = await node(url);
  const target = pathOf(url);
  const jsonFile = target.endsWith('.json') ? target : path.join(target, 'model.json');
  const folder = path.dirname(jsonFile);
  await fs.mkdir(folder, { recursive: true });
  const parts = shards(model.weightData, shardBytes);
  const names = shardNames(parts.length, 'weights');
  for (const [i, part] of parts.entries()) await fs.writeFile(path.join(folder, names[i]), part);
  await fs.writeFile(jsonFile, JSON.stringify(modelJsonOf(model, names)));
  return saveResult(model);
}
