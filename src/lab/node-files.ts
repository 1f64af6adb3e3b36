/**
 * The lab's data from the user's disk (Node): MovieLens 100k's folder or
 * its `ml-100k.zip`.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from './dataset.js';
import { movieLensFrom, MovieLensFormatError } from './movielens.js';

/**
 * Reads MovieLens 100k from `path`: a zip file, the `ml-100k` folder, or a
 * folder holding `ml-100k/`.
 *
 * @example
 * ```ts
 * const data = readMovieLens('./ml-100k.zip');
 * ```
 */
export function readMovieLens(path: string): Dataset {
  if (!existsSync(path)) throw new MovieLensFormatError(path, 0, '', 'expected ml-100k.zip or the ml-100k folder, found nothing at this path.');
  if (statSync(path).isFile()) return movieLensFrom([{ name: path, bytes: readFileSync(path) }]);
  const folder = existsSync(join(path, 'u.data')) || !existsSync(join(path, 'ml-100k')) ? path : join(path, 'ml-100k');
  const files = ['u.data', 'u.item'].filter((name) => existsSync(join(folder, name)));
  return movieLensFrom(files.map((name) => ({ name: join(folder, name), bytes: readFileSync(join(folder, name)) })));
}
