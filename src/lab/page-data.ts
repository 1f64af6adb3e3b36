/**
 * lab.html's data loading: MovieLens 100k from the user's files (a file
 * picker for ml-100k.zip or u.data + u.item, a folder picker, or
 * drag-and-drop of any of these), read in the page; nothing is uploaded.
 */
import type { Dataset } from './dataset.js';
import { movieLensFrom, type NamedFile } from './movielens.js';

async function named(file: File, path = file.webkitRelativePath || file.name): Promise<NamedFile> {
  return { name: path, bytes: new Uint8Array(await file.arrayBuffer()) };
}

/** The files under a dropped folder (two levels: `ml-100k/` inside a dropped parent counts). */
async function filesIn(entry: FileSystemEntry, depth: number): Promise<NamedFile[]> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    return [await named(file, entry.fullPath)];
  }
  if (depth === 0) return [];
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const entries: FileSystemEntry[] = [];
  // readEntries returns the folder in pieces until it returns none.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    entries.push(...batch);
  }
  return (await Promise.all(entries.map((e) => filesIn(e, depth - 1)))).flat();
}

/**
 * MovieLens from picked files (`<input type=file>`, with or without
 * `webkitdirectory`).
 *
 * @example
 * ```ts
 * input.onchange = async () => show(await dataFromFiles(input.files!));
 * ```
 */
export async function dataFromFiles(files: FileList | readonly File[]): Promise<Dataset> {
  return movieLensFrom(await Promise.all(Array.from(files, (f) => named(f))));
}

/**
 * MovieLens from a drop: files, a zip, or a folder.
 *
 * @example
 * ```ts
 * zone.ondrop = async (event) => show(await dataFromDrop(event.dataTransfer!));
 * ```
 */
export async function dataFromDrop(transfer: DataTransfer): Promise<Dataset> {
  const entries = Array.from(transfer.items, (item) => item.webkitGetAsEntry()).filter((e): e is FileSystemEntry => e !== null);
  if (entries.length === 0) return dataFromFiles(transfer.files);
  return movieLensFrom((await Promise.all(entries.map((e) => filesIn(e, 2)))).flat());
}
