/**
 * A synthetic data set shaped like MovieLens 100k, so the lab runs out of
 * the box: 943 users, 1,682 items, 100,000 ratings 1-5 with MovieLens'
 * histogram (mean 3.53), titles, genres, a skewed popularity, and planted
 * latent structure that the models can learn. Drawn from the library's
 * seeded source: the same seed gives the same data everywhere.
 */
import { seededRandom, standardNormal, type Uniform } from '../index.js';
import { genreNames, type Dataset } from './dataset.js';
import { syntheticTitles } from './titles.js';

/** How many ratings of each value MovieLens 100k has (1 to 5): the synthetic ratings follow it. */
const ratingCounts = [6110, 11370, 27145, 34174, 21201];
/** How often each genre appears in MovieLens 100k (same order as `genreNames`). */
const genreCounts = [2, 251, 135, 42, 122, 505, 109, 50, 725, 22, 24, 92, 56, 61, 247, 101, 251, 71, 27];
/** The planted trilogy: items the similarity demo asks about by default (MovieLens' Star Wars ids). */
export const trilogy = [50, 172, 181] as const;

/** Sizes and the seed of a synthetic set; the defaults are MovieLens 100k's. */
export interface SyntheticOptions {
  users?: number;
  items?: number;
  ratings?: number;
  seed?: number;
}

const factors = 8;

function pickWeighted(next: Uniform, cumulative: number[]): number {
  const target = next() * cumulative[cumulative.length - 1];
  const found = cumulative.findIndex((c) => c > target);
  return found < 0 ? cumulative.length - 1 : found;
}

function cumulativeOf(weights: number[]): number[] {
  let sum = 0;
  return weights.map((w) => (sum += w));
}

/** 1 to 3 distinct genres, drawn by MovieLens' genre frequencies. */
function drawGenres(next: Uniform): number[] {
  const cumulative = cumulativeOf(genreCounts);
  const genres = [pickWeighted(next, cumulative)];
  for (const chance of [0.5, 0.2]) {
    if (next() >= chance) break;
    const g = pickWeighted(next, cumulative);
    if (!genres.includes(g)) genres.push(g);
  }
  return genres.sort((a, b) => a - b);
}

/** Ratings per user: at least 20 (as MovieLens), heavy-tailed, summing exactly to `total`. */
function userActivity(next: Uniform, users: number, total: number, items: number): number[] {
  const floor = Math.min(20, Math.floor(total / users));
  // At most 45% of the items each (MovieLens' most active user rated 44%), unless the total needs more.
  const cap = Math.min(items, Math.max(floor, Math.round(items * 0.45), Math.ceil(total / users)));
  const excess = Array.from({ length: users }, () => Math.exp(standardNormal(next)));
  const sum = excess.reduce((a, b) => a + b, 0);
  const counts = excess.map((e) => Math.min(cap, floor + Math.floor(((total - floor * users) * e) / sum)));
  // Hand out what rounding and the cap left over, one rating at a time, round-robin.
  for (let left = total - counts.reduce((a, b) => a + b, 0), u = 0; left > 0; u = (u + 1) % users) {
    if (counts[u] < cap) {
      counts[u]++;
      left--;
    }
  }
  return counts;
}

/** Maps scores to ratings 1-5 by rank, so the ratings have exactly MovieLens' histogram (scaled). */
function ratingsByRank(scores: Float32Array): Float32Array {
  const order = Array.from(scores.keys()).sort((a, b) => scores[a] - scores[b] || a - b);
  const total = ratingCounts.reduce((a, b) => a + b, 0);
  const out = new Float32Array(scores.length);
  let rating = 0;
  let bound = 0;
  order.forEach((index, rank) => {
    while (rank >= bound) bound += (ratingCounts[rating++] / total) * scores.length;
    out[index] = rating;
  });
  return out;
}

/**
 * Draws the data set. Each genre has a direction in an 8-dimensional taste
 * space; an item sits near the mean of its genres' directions, a user has a
 * taste vector; a rating's score is user bias + item bias (popular items
 * rate higher, as in MovieLens) + taste · item + noise, and scores become
 * ratings 1-5 by rank with MovieLens' histogram. Which items a user rates
 * follows a log-normal popularity (items 50, 172 and 181, a planted
 * trilogy with near-equal vectors, are among the most popular).
 *
 * @example
 * ```ts
 * const data = syntheticMovieLens();       // 943 users, 1,682 items, 100,000 ratings
 * data.titles[50];                          // a generated title
 * ```
 */
export function syntheticMovieLens(options: SyntheticOptions = {}): Dataset {
  const { users = 943, items = 1682, ratings: total = 100_000, seed = 1 } = options;
  if (total > users * items || users < 1 || items < 1) {
    throw new RangeError(`syntheticMovieLens: expected 1 <= ratings <= users * items, received ${total} ratings for ${users} users and ${items} items.`);
  }
  const next = seededRandom(seed);
  const normal = () => standardNormal(next);
  const vector = (scale: number) => Array.from({ length: factors }, () => scale * normal());

  const genreDirections = genreNames.map(() => vector(1));
  const genres: number[][] = [[]];
  const itemVectors: number[][] = [[]];
  for (let id = 1; id <= items; id++) {
    // The trilogy is action, adventure and sci-fi, as MovieLens' items with these ids are.
    const own = (trilogy as readonly number[]).includes(id) ? [1, 2, 15] : drawGenres(next);
    genres.push(own);
    const noise = vector(0.6);
    itemVectors.push(noise.map((v, f) => v + own.reduce((s, g) => s + genreDirections[g][f], 0) / own.length));
  }
  // Popularity: log-normal weights; the trilogy gets the highest ones.
  const logWeight = Array.from({ length: items + 1 }, (_, id) => (id === 0 ? -Infinity : 1.1 * normal()));
  const top = [...logWeight].sort((a, b) => b - a);
  trilogy.forEach((id, k) => {
    if (id > items) return;
    logWeight[id] = top[k * 2];
    if (k > 0 && trilogy[0] <= items) {
      itemVectors[id] = itemVectors[trilogy[0]].map((v) => v + 0.15 * normal());
    }
  });
  const itemBias = logWeight.map((w, id) => (id === 0 ? 0 : 0.25 * w + 0.3 * normal()));

  const activity = userActivity(next, users, total, items);
  const userIds = new Int32Array(total);
  const itemIds = new Int32Array(total);
  const scores = new Float32Array(total);
  let k = 0;
  for (let u = 1; u <= users; u++) {
    const taste = vector(1);
    const bias = 0.5 * normal();
    // Weighted sampling without replacement (Efraimidis-Spirakis): the largest log(u)/w keys win.
    const keys = Array.from({ length: items }, (_, i) => ({ id: i + 1, key: Math.log(1 - next()) / Math.exp(logWeight[i + 1]) }));
    keys.sort((a, b) => b.key - a.key || a.id - b.id);
    for (const { id } of keys.slice(0, activity[u - 1])) {
      const affinity = taste.reduce((s, t, f) => s + t * itemVectors[id][f], 0) / Math.sqrt(factors);
      userIds[k] = u;
      itemIds[k] = id;
      scores[k] = bias + itemBias[id] + affinity + 0.9 * normal();
      k++;
    }
  }
  return {
    name: 'synthetic',
    ratings: { users: userIds, items: itemIds, ratings: ratingsByRank(scores) },
    titles: syntheticTitles(next, genres),
    genres,
    maxUserId: users,
    maxItemId: items,
  };
}
