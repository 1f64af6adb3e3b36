/**
 * Browser storage: `indexeddb://name` in the database TF.js uses
 * (`tensorflowjs`, stores `models_store` and `model_info_store`), so that a
 * model saved here loads with `tf.loadLayersModel('indexeddb://name')` and
 * the other way round; and `downloads://name`, which downloads `name.json`
 * and `name.weights.bin` as TF.js's `browserDownloads` does.
 */
import { artifactsOf, filesOfArtifacts, modelJsonOf, saveResult, type ModelFiles, type ModelToSave } from './artifacts.js';

const DATABASE = 'tensorflowjs';
const MODELS = 'models_store';
const INFO = 'model_info_store';

function openDatabase(url: string): Promise<IDBDatabase> {
  const idb = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!idb) throw new TypeError(`${url}: indexeddb:// needs a browser with IndexedDB.`);
  return new Promise((resolve, reject) => {
    const request = idb.open(DATABASE, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore(MODELS, { keyPath: 'modelPath' });
      request.result.createObjectStore(INFO, { keyPath: 'modelPath' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(new Error(`${url}: cannot open IndexedDB: ${request.error?.message}`));
  });
}

function nameOf(url: string, scheme: string): string {
  const name = url.slice(scheme.length);
  if (!name) throw new TypeError(`${url}: expected a model name after ${scheme}, e.g. ${scheme}my-model.`);
  return name;
}

/**
 * Saves a model in IndexedDB under `indexeddb://name`.
 *
 * @example
 * ```ts
 * await writeModelIndexedDB('indexeddb://my-model', model);
 * ```
 */
export async function writeModelIndexedDB(url: string, model: ModelToSave) {
  const modelPath = nameOf(url, 'indexeddb://');
  const db = await openDatabase(url);
  const result = saveResult(model);
  try {
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction([INFO, MODELS], 'readwrite');
      tx.objectStore(INFO).put({ modelPath, modelArtifactsInfo: result.modelArtifactsInfo });
      tx.objectStore(MODELS).put({ modelPath, modelArtifacts: artifactsOf(model) });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(new Error(`${url}: saving to IndexedDB failed: ${tx.error?.message}`));
      tx.onabort = () => reject(new Error(`${url}: saving to IndexedDB failed: ${tx.error?.message ?? 'aborted'}`));
    });
  } finally {
    db.close();
  }
  return result;
}

/**
 * Reads a model saved in IndexedDB (here or by TF.js).
 *
 * @example
 * ```ts
 * const files = await readModelIndexedDB('indexeddb://my-model');
 * ```
 */
export async function readModelIndexedDB(url: string): Promise<ModelFiles> {
  const modelPath = nameOf(url, 'indexeddb://');
  const db = await openDatabase(url);
  try {
    const record = await new Promise<unknown>((resolve, reject) => {
      const request = db.transaction(MODELS, 'readonly').objectStore(MODELS).get(modelPath);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(new Error(`${url}: reading IndexedDB failed: ${request.error?.message}`));
    });
    if (!record) throw new Error(`${url}: no model is saved in IndexedDB under the name '${modelPath}'.`);
    return filesOfArtifacts((record as { modelArtifacts?: unknown }).modelArtifacts, url);
  } finally {
    db.close();
  }
}

/**
 * Downloads `name.json` and `name.weights.bin` (the browser asks where, or saves to its downloads folder).
 *
 * @example
 * ```ts
 * await writeModelDownloads('downloads://my-model', model);
 * ```
 */
export async function writeModelDownloads(url: string, model: ModelToSave) {
  const name = nameOf(url, 'downloads://');
  const doc = (globalThis as { document?: Document }).document;
  if (!doc) throw new TypeError(`${url}: downloads:// needs a browser page (document); in Node.js use file://.`);
  const weights = `${name}.weights.bin`;
  const json = new Blob([JSON.stringify(modelJsonOf(model, [`./${weights}`]))], { type: 'application/json' });
  const data = new Blob([artifactsOf(model).weightData as ArrayBuffer], { type: 'application/octet-stream' });
  for (const [blob, file] of [[json, `${name}.json`], [data, weights]] as const) {
    const link = doc.createElement('a');
    link.download = file;
    link.href = URL.createObjectURL(blob);
    link.click();
    // The download reads the blob after click() returns; revoke its URL once it surely has.
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
  }
  return saveResult(model);
}
