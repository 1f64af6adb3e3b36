/**
 * `http(s)://`: model.json fetched, then its weight files fetched relative
 * to it (same origin only), as TF.js's `http` handler does; saving POSTs
 * `model.json` and `model.weights.bin` as multipart form data, as TF.js does.
 */
import { asBytes } from './bytes.js';
import { artifactsOf, modelJsonOf, saveResult, type ModelFiles, type ModelToSave } from './artifacts.js';
import { parseModelJson } from './model-json.js';
import { expected } from './problems.js';
import { checkGroupBytes } from './weight-data.js';

/** A `fetch`-like function (the global one by default). */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

function fetchOf(given: FetchLike | undefined, url: string): FetchLike {
  const f = given ?? (globalThis.fetch as FetchLike | undefined);
  if (!f) throw new TypeError(`${url}: there is no fetch() here; pass one as options.fetch.`);
  return f;
}

async function get(fetch: FetchLike, url: string, what: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`${what}: fetching ${url} failed: ${(error as Error).message}`, { cause: error });
  }
  if (!response.ok) throw new Error(`${what}: fetching ${url} failed: HTTP ${response.status} ${response.statusText}`.trim());
  return asBytes(await response.arrayBuffer(), url);
}

/**
 * Fetches a model: model.json at `url`, each weight file at its path relative to it.
 *
 * @example
 * ```ts
 * const files = await readModelHttp('https://example.com/my-model/model.json');
 * ```
 */
export async function readModelHttp(url: string, fetch?: FetchLike): Promise<ModelFiles> {
  const f = fetchOf(fetch, url);
  // A path without a scheme (in a page) is relative to the page.
  const base = new URL(url, (globalThis as { location?: { href: string } }).location?.href);
  const json = parseModelJson(await get(f, base.href, 'model.json'), url);
  const pieces: Uint8Array[] = [];
  for (const [g, group] of json.weightsManifest.entries()) {
    // Every path is checked before any is fetched.
    const urls = group.paths.map((path, i) => {
      const resolved = new URL(path, base);
      if (resolved.origin !== base.origin) throw expected(url, `weightsManifest[${g}].paths[${i}]`, "a path on model.json's server", path);
      return resolved.href;
    });
    const files = await Promise.all(urls.map((href, i) => get(f, href, `${url}: weightsManifest[${g}].paths[${i}]`)));
    checkGroupBytes(group.weights, files, url, `weightsManifest[${g}]`);
    pieces.push(...files);
  }
  return { json, pieces, file: url };
}

/**
 * POSTs a model to `url` as TF.js's http handler does: multipart form data
 * with `model.json` and `model.weights.bin`.
 *
 * @example
 * ```ts
 * await writeModelHttp('https://example.com/upload', model);
 * ```
 */
export async function writeModelHttp(url: string, model: ModelToSave, fetch?: FetchLike) {
  const f = fetchOf(fetch, url);
  const body = new FormData();
  const json = modelJsonOf(model, ['./model.weights.bin']);
  body.append('model.json', new Blob([JSON.stringify(json)], { type: 'application/json' }), 'model.json');
  body.append('model.weights.bin', new Blob([artifactsOf(model).weightData as ArrayBuffer], { type: 'application/octet-stream' }), 'model.weights.bin');
  const response = await f(url, { method: 'POST', body });
  if (!response.ok) throw new Error(`saving to ${url} failed: HTTP ${response.status} ${response.statusText}`.trim());
  return saveResult(model);
}
