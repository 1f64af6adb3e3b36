/**
 * The lab's MovieLens loader on generated files in the real format (u.data
 * tab-separated, u.item pipe-separated latin-1): from loose files, a folder
 * and ml-100k.zip; accented titles; and each kind of broken line named by
 * file, line and field.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticMovieLens } from '../../src/lab/synthetic.js';
import { decodeLatin1, movieLensFrom, MovieLensFormatError, parseItems, parseRatings } from '../../src/lab/movielens.js';
import { readMovieLens } from '../../src/lab/node-files.js';
import type { Dataset } from '../../src/lab/dataset.js';
import { encodeLatin1, itemLine, itemsText, movieLensFiles, movieLensZip, ratingsText } from '../support/movielens-files.js';

const data = syntheticMovieLens({ users: 60, items: 200, ratings: 3000, seed: 11 });
const files = movieLensFiles(data);
const scratch = mkdtempSync(join(tmpdir(), 'lab-loader-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function expectSame(loaded: Dataset, expected: Dataset): void {
  expect(loaded.name).toBe('MovieLens 100k');
  expect(loaded.ratings.users).toEqual(expected.ratings.users);
  expect(loaded.ratings.items).toEqual(expected.ratings.items);
  expect(loaded.ratings.ratings).toEqual(expected.ratings.ratings);
  expect(loaded.titles).toEqual(expected.titles);
  expect(loaded.genres).toEqual(expected.genres);
  expect(loaded.maxUserId).toBe(expected.maxUserId);
  expect(loaded.maxItemId).toBe(expected.maxItemId);
}

/** The error `fn` throws, checked to be a MovieLensFormatError. */
function formatError(fn: () => unknown): MovieLensFormatError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(MovieLensFormatError);
    return error as MovieLensFormatError;
  }
  throw new Error('expected a MovieLensFormatError, nothing was thrown');
}

const ratingsWith = (line: number, replacement: string) => {
  const lines = ratingsText(data).split('\n');
  lines[line - 1] = replacement;
  return lines.join('\n');
};

describe('MovieLens loader: files in the real format', () => {
  it('reads u.data and u.item back to the data set they were written from', () => {
    expectSame(movieLensFrom([{ name: 'u.data', bytes: files['u.data'] }, { name: 'u.item', bytes: files['u.item'] }]), data);
  });

  it('reads ml-100k.zip (folder inside, other files beside) and the folder on disk, from the folder or its parent', () => {
    const zip = movieLensZip(data);
    expectSame(movieLensFrom([{ name: 'ml-100k.zip', bytes: zip }]), data);
    writeFileSync(join(scratch, 'ml-100k.zip'), zip);
    expectSame(readMovieLens(join(scratch, 'ml-100k.zip')), data);
    mkdirSync(join(scratch, 'ml-100k'));
    writeFileSync(join(scratch, 'ml-100k', 'u.data'), files['u.data']);
    writeFileSync(join(scratch, 'ml-100k', 'u.item'), files['u.item']);
    expectSame(readMovieLens(join(scratch, 'ml-100k')), data);
    expectSame(readMovieLens(scratch), data);
  });

  it('decodes latin-1 titles byte for byte (one byte per accented letter, not UTF-8)', () => {
    const title = 'Misérables, Les (1995)';
    const bytes = encodeLatin1(`${itemLine(7, title, [8])}\n${itemLine(8, 'Señor Zürich (1990)', [5, 14])}\n`);
    expect(bytes.includes(0xe9)).toBe(true);
    expect(bytes.includes(0xc3)).toBe(false);
    const items = parseItems(decodeLatin1(bytes));
    expect(items.titles[7]).toBe(title);
    expect(items.titles[8]).toBe('Señor Zürich (1990)');
    expect(items.genres[8]).toEqual([5, 14]);
    // The generated set has accented titles too, and they survive the round trip.
    const accented = data.titles.filter((t) => /[^\x00-\x7f]/.test(t));
    expect(accented.length).toBeGreaterThan(0);
    const loaded = movieLensFrom([{ name: 'u.data', bytes: files['u.data'] }, { name: 'u.item', bytes: files['u.item'] }]);
    expect(accented.every((t) => loaded.titles.includes(t))).toBe(true);
  });

  it('reads Windows line ends and blank lines, and an item titled "unknown" with empty dates, as MovieLens has', () => {
    const text = ratingsText(data).split('\n').join('\r\n') + '\r\n';
    expect(parseRatings(text).ratings).toEqual(data.ratings.ratings);
    const items = parseItems(`267|unknown||||1|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0\n\n${itemLine(1, 'A (1990)', [1])}\n`);
    expect(items.titles[267]).toBe('unknown');
    expect(items.genres[267]).toEqual([0]);
  });
});

describe('MovieLens loader: broken files name the file, the line and the field', () => {
  it('u.data: a line with a missing field', () => {
    const error = formatError(() => parseRatings(ratingsWith(5, '1\t2\t3')));
    expect(error.message).toBe('u.data, line 5: expected 4 tab-separated fields (user, item, rating, timestamp), received 3: "1\\t2\\t3".');
    expect([error.file, error.line]).toEqual(['u.data', 5]);
  });

  it('u.data: a rating that is not an integer from 1 to 5, a negative or non-numeric id', () => {
    expect(formatError(() => parseRatings(ratingsWith(3, '1\t2\tx\t881250949'))).message).toBe(
      'u.data, line 3, field 3 (rating): expected an integer from 1 to 5, received "x".',
    );
    expect(formatError(() => parseRatings(ratingsWith(9, '1\t2\t6\t881250949'))).field).toBe('3 (rating)');
    expect(formatError(() => parseRatings(ratingsWith(9, '1\t2\t3.5\t881250949'))).field).toBe('3 (rating)');
    expect(formatError(() => parseRatings(ratingsWith(2, '-1\t2\t3\t881250949'))).message).toBe(
      'u.data, line 2, field 1 (user id): expected an integer >= 1, received "-1".',
    );
    expect(formatError(() => parseRatings(ratingsWith(4, '1\tabc\t3\t881250949'))).field).toBe('2 (item id)');
    expect(formatError(() => parseRatings(ratingsWith(4, '1\t2\t3\t'))).field).toBe('4 (timestamp)');
  });

  it('u.data: a comma-separated file is not mistaken for ratings', () => {
    expect(formatError(() => parseRatings('196,242,3,881250949\n', 'ratings.csv')).message).toMatch(/^ratings\.csv, line 1: expected 4 tab-separated fields/);
  });

  it('u.item: missing genre flags, a flag that is not 0 or 1, a bad or repeated id', () => {
    const good = itemLine(1, 'A (1990)', [1]);
    expect(formatError(() => parseItems(`${good}\n2|B (1991)|01-Jan-1991||http://x|0|1\n`)).message).toBe(
      "u.item, line 2: expected 24 '|'-separated fields (id, title, release date, video release date, IMDb URL, 19 genre flags), received 7.",
    );
    const flags = good.split('|');
    flags[5 + 15] = '2';
    expect(formatError(() => parseItems(`${good}\n${flags.join('|').replace(/^1\|/, '2|')}\n`)).message).toBe(
      'u.item, line 2, field 21 (Sci-Fi): expected an integer from 0 to 1, received "2".',
    );
    expect(formatError(() => parseItems(`${good.replace(/^1\|/, 'one|')}\n`)).field).toBe('1 (movie id)');
    expect(formatError(() => parseItems(`${good}\n${good}\n`)).message).toBe('u.item, line 2, field 1 (movie id): item 1 is listed twice (first on line 1).');
  });

  it('a rating of an item u.item does not list, empty files, missing files and a zip that is not one', () => {
    const items = itemsText(data).split('\n').filter((line) => !line.startsWith(`${data.ratings.items[0]}|`)).join('\n');
    const error = formatError(() => movieLensFrom([{ name: 'u.data', bytes: files['u.data'] }, { name: 'u.item', bytes: encodeLatin1(items) }]));
    expect(error.message).toBe(`u.data, line 1, field 2 (item id): item ${data.ratings.items[0]} is not in u.item.`);
    expect(formatError(() => parseRatings('\n\n')).message).toBe('u.data: expected one rating per line, received no lines.');
    expect(formatError(() => movieLensFrom([{ name: 'u.data', bytes: files['u.data'] }])).message).toBe(
      "u.data: expected MovieLens 100k's u.item (and u.data), found no u.item.",
    );
    expect(formatError(() => movieLensFrom([{ name: 'ml-100k.zip', bytes: encodeLatin1('not a zip') }])).message).toMatch(
      /^ml-100k\.zip: expected a zip archive, could not unzip it: /,
    );
    expect(formatError(() => readMovieLens(join(scratch, 'nothing-here'))).message).toMatch(/nothing-here: expected ml-100k\.zip or the ml-100k folder/);
  });

  it('names the file inside the zip', () => {
    const broken = syntheticMovieLens({ users: 5, items: 30, ratings: 40, seed: 2 });
    broken.ratings.ratings[6] = 7;
    expect(formatError(() => movieLensFrom([{ name: 'ml-100k.zip', bytes: movieLensZip(broken) }])).message).toBe(
      'ml-100k.zip:ml-100k/u.data, line 7, field 3 (rating): expected an integer from 1 to 5, received "7".',
    );
  });
});
