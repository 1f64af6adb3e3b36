/**
 * Made-up movie titles for the synthetic data set: words that suit the
 * item's first genre, a year, a few accented (latin-1) words as MovieLens
 * has, and the planted trilogy named as one.
 */
import type { Uniform } from '../index.js';

const adjectives = [
  'Silent', 'Last', 'Broken', 'Golden', 'Hidden', 'Lonely', 'Crimson', 'Endless', 'Frozen', 'Wild',
  'Quiet', 'Burning', 'Secret', 'Forgotten', 'Little', 'Dark', 'Bright', 'Lost', 'Electric', 'Sweet',
];
/** Nouns by genre (same order as `genreNames`), so a title hints at its genre. */
const nouns: string[][] = [
  ['Thing', 'Story'],
  ['Bullet', 'Mission', 'Fury', 'Target', 'Strike'],
  ['Island', 'Journey', 'Treasure', 'Voyage', 'Jungle'],
  ['Bunny', 'Kingdom', 'Toys', 'Dragon'],
  ['Puppy', 'Summer Camp', 'Treehouse', 'Pony'],
  ['Wedding', 'Roommates', 'Weekend', 'Neighbours', 'Vacation', 'Café'],
  ['Heist', 'Mob', 'Alibi', 'Witness', 'Score'],
  ['Truth', 'Voices', 'Street', 'Factory'],
  ['River', 'Letters', 'Daughter', 'Promise', 'Winter', 'Garden', 'Señora'],
  ['Wizard', 'Spell', 'Castle', 'Unicorn'],
  ['Shadow', 'Dame', 'Rain', 'Nightclub'],
  ['Cellar', 'Scream', 'Curse', 'Swamp', 'Doll'],
  ['Melody', 'Dance', 'Chorus', 'Stage'],
  ['Clue', 'Mansion', 'Key', 'Portrait'],
  ['Kiss', 'Heart', 'Moonlight', 'Rendezvous', 'Amour'],
  ['Galaxy', 'Robot', 'Planet', 'Star', 'Android'],
  ['Stranger', 'Deadline', 'Trap', 'Vertigo', 'Pursuit'],
  ['Battalion', 'Trenches', 'Front', 'Général'],
  ['Saddle', 'Outlaw', 'Canyon', 'Frontier', 'Sheriff'],
];
const places = ['Paris', 'Montréal', 'the North', 'Chicago', 'São Paulo', 'the Sea', 'Zürich', 'Tokyo', 'the Desert', 'Brooklyn'];

function pick<T>(next: Uniform, list: readonly T[]): T {
  return list[Math.floor(next() * list.length)];
}

/** A year from 1922 to 1998, mostly in the 1990s as MovieLens 100k's movies are. */
function year(next: Uniform): number {
  return next() < 0.6 ? 1990 + Math.floor(next() * 9) : 1922 + Math.floor(next() * 68);
}

function candidate(next: Uniform, genre: number): string {
  const noun = pick(next, nouns[genre]);
  const form = next();
  if (form < 0.4) return `The ${pick(next, adjectives)} ${noun}`;
  if (form < 0.7) return `${noun} in ${pick(next, places)}`;
  return `${pick(next, adjectives)} ${noun}`;
}

/**
 * One distinct title per item (`titles[id]`, '' at 0), from each item's
 * genres; items 50, 172 and 181 (when they exist) form a trilogy.
 *
 * @example
 * ```ts
 * syntheticTitles(seededRandom(1), [[], [15], [5, 14]]); // ['', 'The Last Robot (1995)', ...]
 * ```
 */
export function syntheticTitles(next: Uniform, genres: number[][]): string[] {
  const titles = [''];
  const used = new Set<string>();
  for (let id = 1; id < genres.length; id++) {
    const genre = genres[id][0] ?? 0;
    let name = candidate(next, genre);
    // A name already used is drawn again; after a few tries it gets a number, which makes it new.
    for (let n = 2; used.has(name); n++) name = `${candidate(next, genre)} ${n > 4 ? n : ''}`.trim();
    used.add(name);
    titles.push(`${name} (${year(next)})`);
  }
  if (genres.length > 181) {
    const base = titles[50].replace(/ \(\d+\)$/, '');
    titles[50] = `${base} (1977)`;
    titles[172] = `${base} II: The Return (1980)`;
    titles[181] = `${base} III: The Last Stand (1983)`;
  }
  return titles;
}
