/**
 * Writes a data set as MovieLens 100k's own files (u.data tab-separated,
 * u.item pipe-separated latin-1 with 19 genre flags), so the loader is
 * tested on files in the real format without shipping MovieLens.
 */
import { zipSync } from 'fflate';
import { genreNames, type Dataset } from '../../src/lab/dataset.js';

/** A string as latin-1 bytes (one byte per character; every character must be below 256). */
export function encodeLatin1(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 255) throw new RangeError(`encodeLatin1: ${JSON.stringify(text[i])} at ${i} is not latin-1`);
    bytes[i] = code;
  }
  return bytes;
}

/** u.data's text: `user\titem\trating\ttimestamp` lines, timestamps made up. */
export function ratingsText(data: Dataset): string {
  const { users, items, ratings } = data.ratings;
  return Array.from(ratings, (r, k) => `${users[k]}\t${items[k]}\t${r}\t${874965758 + k * 37}\n`).join('');
}

/** One u.item line as MovieLens writes it (release date, empty video date, IMDb URL, flags). */
export function itemLine(id: number, title: string, genres: readonly number[]): string {
  const year = /\((\d{4})\)$/.exec(title)?.[1] ?? '1995';
  const flags = genreNames.map((_, g) => (genres.includes(g) ? 1 : 0));
  return [id, title, `01-Jan-${year}`, '', `http://us.imdb.com/M/title-exact?${encodeURIComponent(title)}`, ...flags].join('|');
}

/** u.item's text: one line per item id that has a title. */
export function itemsText(data: Dataset): string {
  return data.titles.flatMap((title, id) => (title ? [`${itemLine(id, title, data.genres[id])}\n`] : [])).join('');
}

/** The two files' bytes, as in the `ml-100k/` folder. */
export function movieLensFiles(data: Dataset): { 'u.data': Uint8Array; 'u.item': Uint8Array } {
  return { 'u.data': encodeLatin1(ratingsText(data)), 'u.item': encodeLatin1(itemsText(data)) };
}

/** `ml-100k.zip` as GroupLens packs it: a folder `ml-100k/` with the files and others beside them. */
export function movieLensZip(data: Dataset): Uint8Array {
  const files = movieLensFiles(data);
  return zipSync({
    'ml-100k/': new Uint8Array(0),
    'ml-100k/README': encodeLatin1('SUMMARY & USAGE LICENSE\n(a stand-in: the real data set is never shipped)\n'),
    'ml-100k/u.data': files['u.data'],
    'ml-100k/u.item': files['u.item'],
    'ml-100k/u.genre': encodeLatin1(genreNames.map((g, i) => `${g}|${i}\n`).join('')),
  });
}
