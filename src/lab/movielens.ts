/**
 * MovieLens 100k's own files, parsed: `u.data` (tab-separated `user item
 * rating timestamp`) and `u.item` (pipe-separated, latin-1: `id | title |
 * release date | video release date | IMDb URL | 19 genre flags`). The
 * project never ships or downloads MovieLens: these read the user's copy.
 * A malformed file gets a MovieLensFormatError naming the file, the line
 * and the field.
 */
import { unzipSync } from 'fflate';
import { genreNames, maxId, type Dataset, type Ratings } from './dataset.js';

/**
 * A MovieLens file that does not parse: `file`, 1-based `line` (0: the
 * file as a whole) and `field`.
 *
 * @example
 * ```ts
 * try { parseRatings(text); } catch (e) { if (e instanceof MovieLensFormatError) console.log(e.line, e.field); }
 * ```
 */
export class MovieLensFormatError extends Error {
  override name = 'MovieLensFormatError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string,
    detail: string,
  ) {
    super(`${file}${line ? `, line ${line}` : ''}${field ? `, field ${field}` : ''}: ${detail}`);
  }
}

/**
 * Latin-1 (ISO-8859-1) bytes as a string: each byte is the code point of
 * the same value, as MovieLens' titles are written ("Misérables" has 0xE9).
 *
 * @example
 * ```ts
 * decodeLatin1(Uint8Array.of(0x4d, 0x69, 0x73, 0xe9)); // 'Misé'
 * ```
 */
export function decodeLatin1(bytes: Uint8Array): string {
  let out = '';
  // Chunks keep fromCharCode's argument list far below engines' limits.
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return out;
}

/** The file's lines, 1-based, without line ends; blank lines are left out. */
function lines(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() !== '') out.push({ line: i + 1, text: line });
  });
  return out;
}

function integer(value: string, file: string, line: number, field: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
    throw new MovieLensFormatError(file, line, field, `expected ${range}, received ${JSON.stringify(value)}.`);
  }
  return n;
}

const ratingFields = ['1 (user id)', '2 (item id)', '3 (rating)', '4 (timestamp)'];

/**
 * Parses `u.data`: one `user<TAB>item<TAB>rating<TAB>timestamp` line per
 * rating, ids from 1, ratings 1 to 5. With `items`, every rated item must
 * be listed there.
 *
 * @example
 * ```ts
 * parseRatings('196\t242\t3\t881250949\n').ratings; // Float32Array [3]
 * ```
 */
export function parseRatings(text: string, file = 'u.data', items?: { table: ItemTable; file: string }): Ratings {
  const rows = lines(text);
  if (rows.length === 0) throw new MovieLensFormatError(file, 0, '', 'expected one rating per line, received no lines.');
  const out: Ratings = { users: new Int32Array(rows.length), items: new Int32Array(rows.length), ratings: new Float32Array(rows.length) };
  rows.forEach(({ line, text: row }, k) => {
    const fields = row.split('\t');
    if (fields.length !== 4) {
      throw new MovieLensFormatError(file, line, '', `expected 4 tab-separated fields (user, item, rating, timestamp), received ${fields.length}: ${JSON.stringify(row)}.`);
    }
    out.users[k] = integer(fields[0], file, line, ratingFields[0], 1);
    out.items[k] = integer(fields[1], file, line, ratingFields[1], 1);
    if (items && !items.table.lineOf.has(out.items[k])) {
      throw new MovieLensFormatError(file, line, ratingFields[1], `item ${out.items[k]} is not in ${items.file}.`);
    }
    out.ratings[k] = integer(fields[2], file, line, ratingFields[2], 1, 5);
    integer(fields[3], file, line, ratingFields[3], 0);
  });
  return out;
}

/** What `u.item` says of each item, indexed by item id. */
export interface ItemTable {
  titles: string[];
  genres: number[][];
  /** The line of each id, to name duplicates and for cross-checks. */
  lineOf: Map<number, number>;
}

/** Fields of a `u.item` line before the genre flags. */
const itemFields = 5;

/**
 * Parses `u.item` (already decoded from latin-1): `id|title|release
 * date|video release date|IMDb URL|` then 19 genre flags, 0 or 1.
 *
 * @example
 * ```ts
 * const { titles } = parseItems('1|Toy Story (1995)|01-Jan-1995||http://x|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0');
 * titles[1]; // 'Toy Story (1995)'
 * ```
 */
export function parseItems(text: string, file = 'u.item'): ItemTable {
  const rows = lines(text);
  if (rows.length === 0) throw new MovieLensFormatError(file, 0, '', 'expected one item per line, received no lines.');
  const table: ItemTable = { titles: [], genres: [], lineOf: new Map() };
  const expected = itemFields + genreNames.length;
  for (const { line, text: row } of rows) {
    const fields = row.split('|');
    if (fields.length !== expected) {
      throw new MovieLensFormatError(file, line, '', `expected ${expected} '|'-separated fields (id, title, release date, video release date, IMDb URL, ${genreNames.length} genre flags), received ${fields.length}.`);
    }
    const id = integer(fields[0], file, line, '1 (movie id)', 1);
    const seen = table.lineOf.get(id);
    if (seen !== undefined) throw new MovieLensFormatError(file, line, '1 (movie id)', `item ${id} is listed twice (first on line ${seen}).`);
    table.lineOf.set(id, line);
    table.titles[id] = fields[1];
    table.genres[id] = genreNames.flatMap((genre, g) => (integer(fields[itemFields + g], file, line, `${itemFields + g + 1} (${genre})`, 0, 1) ? [g] : []));
  }
  return table;
}

/**
 * The data set from the two files' bytes: every rated item must be in
 * `u.item`. Names are what errors call the files (e.g. 'ml-100k/u.data').
 *
 * @example
 * ```ts
 * const data = movieLensFromFiles({ name: 'u.data', bytes: ratingsBytes }, { name: 'u.item', bytes: itemBytes });
 * data.maxItemId; // 1682 for MovieLens 100k
 * ```
 */
export function movieLensFromFiles(ratingsFile: { name: string; bytes: Uint8Array }, itemsFile: { name: string; bytes: Uint8Array }): Dataset {
  const items = parseItems(decodeLatin1(itemsFile.bytes), itemsFile.name);
  const ratings = parseRatings(decodeLatin1(ratingsFile.bytes), ratingsFile.name, { table: items, file: itemsFile.name });
  const maxItemId = Math.max(...items.lineOf.keys());
  const titles = Array.from({ length: maxItemId + 1 }, (_, id) => items.titles[id] ?? '');
  const genres = Array.from({ length: maxItemId + 1 }, (_, id) => items.genres[id] ?? []);
  return { name: 'MovieLens 100k', ratings, titles, genres, maxUserId: maxId(ratings.users), maxItemId };
}

/** A file by name and contents, from a folder, a zip or the page's file picker. */
export interface NamedFile {
  name: string;
  bytes: Uint8Array;
}

const wanted = /(^|[\\/])u\.(data|item)$/;

/**
 * MovieLens 100k from the user's files: `ml-100k.zip` (unzipped with
 * fflate) or the loose files of its folder (`u.data` and `u.item` are
 * picked out by name; other files are ignored).
 *
 * @example
 * ```ts
 * const data = movieLensFrom([{ name: 'ml-100k.zip', bytes: zipBytes }]);
 * ```
 */
export function movieLensFrom(files: readonly NamedFile[]): Dataset {
  const zip = files.find((f) => f.name.toLowerCase().endsWith('.zip'));
  let found: NamedFile[];
  let where: string;
  if (zip) {
    let entries: Record<string, Uint8Array>;
    try {
      entries = unzipSync(zip.bytes, { filter: (entry) => wanted.test(entry.name) });
    } catch (error) {
      throw new MovieLensFormatError(zip.name, 0, '', `expected a zip archive, could not unzip it: ${(error as Error).message}.`);
    }
    found = Object.entries(entries).map(([name, bytes]) => ({ name: `${zip.name}:${name}`, bytes }));
    where = zip.name;
  } else {
    found = files.filter((f) => wanted.test(f.name));
    where = files.length ? files.map((f) => f.name).join(', ') : 'no files';
  }
  const pick = (base: string) => {
    const file = found.find((f) => f.name.endsWith(base));
    if (!file) throw new MovieLensFormatError(where, 0, '', `expected MovieLens 100k's ${base} (and ${base === 'u.data' ? 'u.item' : 'u.data'}), found no ${base}.`);
    return file;
  };
  return movieLensFromFiles(pick('u.data'), pick('u.item'));
}
