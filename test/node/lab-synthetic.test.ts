/**
 * The lab's synthetic MovieLens-shaped data set and its train/test split:
 * MovieLens 100k's sizes and rating histogram, skewed popularity, distinct
 * latin-1 titles, the same data for the same seed, and planted structure a
 * plain matrix factorisation (fitted here on the CPU, test-only code)
 * learns far better than the mean rating predicts.
 */
import { describe, expect, it } from 'vitest';
import { genreNames, itemPopularity, summarize, type Ratings } from '../../src/lab/dataset.js';
import { trainTestSplit } from '../../src/lab/split.js';
import { syntheticMovieLens, trilogy } from '../../src/lab/synthetic.js';
import { freshSeed, seeded } from '../support/random.js';

const data = syntheticMovieLens();
const { train, test } = trainTestSplit(data.ratings, { testFraction: 0.2, seed: 0 });

/** Biased matrix factorisation by SGD (Funk's), plain TypeScript: an independent check that the data is learnable. */
function factorise(ratings: Ratings, epochs: number, seed: number) {
  const rank = 16;
  const next = seeded(seed);
  const users = Array.from({ length: data.maxUserId + 1 }, () => Float64Array.from({ length: rank }, () => 0.1 * (next() - 0.5)));
  const items = Array.from({ length: data.maxItemId + 1 }, () => Float64Array.from({ length: rank }, () => 0.1 * (next() - 0.5)));
  const userBias = new Float64Array(users.length);
  const itemBias = new Float64Array(items.length);
  const mean = ratings.ratings.reduce((a, b) => a + b, 0) / ratings.ratings.length;
  const predict = (u: number, i: number) => {
    let p = mean + userBias[u] + itemBias[i];
    for (let f = 0; f < rank; f++) p += users[u][f] * items[i][f];
    return p;
  };
  const rate = 0.01;
  const decay = 0.05;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let k = 0; k < ratings.ratings.length; k++) {
      const u = ratings.users[k];
      const i = ratings.items[k];
      const error = ratings.ratings[k] - predict(u, i);
      userBias[u] += rate * (error - decay * userBias[u]);
      itemBias[i] += rate * (error - decay * itemBias[i]);
      for (let f = 0; f < rank; f++) {
        const uf = users[u][f];
        users[u][f] += rate * (error * items[i][f] - decay * uf);
        items[i][f] += rate * (error * uf - decay * items[i][f]);
      }
    }
  }
  return { mean, predict };
}

function mae(ratings: Ratings, predict: (u: number, i: number) => number): number {
  let sum = 0;
  ratings.ratings.forEach((r, k) => (sum += Math.abs(r - predict(ratings.users[k], ratings.items[k]))));
  return sum / ratings.ratings.length;
}

describe('synthetic MovieLens-shaped data', () => {
  it("has MovieLens 100k's sizes, ratings 1-5 with its histogram (mean 3.53), at least 20 ratings per user, no repeated pair", () => {
    const summary = summarize(data);
    expect(summary).toMatchObject({ ratings: 100_000, users: 943, maxUserId: 943, maxItemId: 1682 });
    expect(summary.items).toBeGreaterThan(1650);
    expect(summary.meanRating).toBeCloseTo(3.53, 2);
    const histogram = [0, 0, 0, 0, 0, 0];
    for (const r of data.ratings.ratings) histogram[r]++;
    expect(histogram).toEqual([0, 6110, 11370, 27145, 34174, 21201]);
    const perUser = new Int32Array(944);
    const pairs = new Set<number>();
    data.ratings.users.forEach((u, k) => {
      perUser[u]++;
      pairs.add(u * 2000 + data.ratings.items[k]);
    });
    expect(Math.min(...perUser.subarray(1))).toBeGreaterThanOrEqual(20);
    expect(pairs.size).toBe(100_000);
  });

  it('has a skewed popularity with the planted trilogy among the most rated items', () => {
    const counts = Array.from(itemPopularity(data).subarray(1)).sort((a, b) => b - a);
    const median = counts[counts.length >> 1];
    expect(counts[0]).toBeGreaterThan(10 * median);
    const popularity = itemPopularity(data);
    for (const id of trilogy) expect(popularity[id]).toBeGreaterThanOrEqual(counts[10]);
  });

  it('has a distinct latin-1 title (with a year) and 1 to 3 genres for every item; the trilogy shares its name and genres', () => {
    const titles = data.titles.slice(1);
    expect(new Set(titles).size).toBe(1682);
    for (const title of titles) expect(title).toMatch(/^[\x20-\xff]+ \(\d{4}\)$/);
    expect(titles.some((t) => /[\x80-\xff]/.test(t))).toBe(true);
    for (const genres of data.genres.slice(1)) {
      expect(genres.length).toBeGreaterThanOrEqual(1);
      expect(genres.length).toBeLessThanOrEqual(3);
      for (const g of genres) expect(g).toBeLessThan(genreNames.length);
    }
    const name = data.titles[50].replace(/ \(\d{4}\)$/, '');
    expect(data.titles[172].startsWith(`${name} II`)).toBe(true);
    expect(data.titles[181].startsWith(`${name} III`)).toBe(true);
    expect(data.genres[181]).toEqual(data.genres[50]);
  });

  it('is the same for the same seed and different for another', () => {
    const again = syntheticMovieLens();
    // Byte comparison: toEqual on 100,000-element arrays takes seconds.
    const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    for (const key of ['users', 'items', 'ratings'] as const) expect(bytes(again.ratings[key]).equals(bytes(data.ratings[key])), key).toBe(true);
    expect(again.titles).toEqual(data.titles);
    const other = syntheticMovieLens({ seed: 2 });
    expect(bytes(other.ratings.items).equals(bytes(data.ratings.items))).toBe(false);
  });

  it('makes small and dense sets too (every user-item pair rated, or nearly)', () => {
    for (const [users, items, ratings] of [[50, 80, 2000], [3, 4, 12], [7, 5, 34]]) {
      const small = syntheticMovieLens({ users, items, ratings, seed: 9 });
      expect(small.ratings.ratings.length).toBe(ratings);
      expect(new Set(Array.from(small.ratings.users, (u, k) => u * 1000 + small.ratings.items[k])).size).toBe(ratings);
    }
  });

  it('refuses more ratings than user-item pairs', () => {
    expect(() => syntheticMovieLens({ users: 2, items: 3, ratings: 7 })).toThrow(
      'syntheticMovieLens: expected 1 <= ratings <= users * items, received 7 ratings for 2 users and 3 items.',
    );
  });

  it('has planted structure: a matrix factorisation fitted on the training ratings predicts held-out ratings far better than the mean', () => {
    const seed = freshSeed(process.env.TEST_SEED);
    const model = factorise(train, 10, seed);
    const meanError = mae(test, () => model.mean);
    const modelError = mae(test, (u, i) => Math.min(5, Math.max(1, model.predict(u, i))));
    expect(meanError, `seed ${seed}`).toBeGreaterThan(0.9);
    expect(modelError, `seed ${seed}: mean ${meanError}`).toBeLessThan(meanError - 0.1);
  });
});

describe('trainTestSplit', () => {
  it('puts 20% (rounded up) in test and the rest in train, every rating exactly once', () => {
    expect([train.ratings.length, test.ratings.length]).toEqual([80_000, 20_000]);
    const seen = new Set<number>();
    for (const part of [train, test]) part.users.forEach((u, k) => seen.add(u * 2000 + part.items[k]));
    expect(seen.size).toBe(100_000);
    const small = { users: Int32Array.of(1, 2, 3), items: Int32Array.of(1, 1, 1), ratings: Float32Array.of(1, 2, 3) };
    expect(trainTestSplit(small, { testFraction: 0.2, seed: 0 }).test.ratings.length).toBe(1);
  });

  it('is the same for the same seed, shuffled, and different for another seed', () => {
    expect(trainTestSplit(data.ratings, { seed: 0 }).test).toEqual(test);
    expect(trainTestSplit(data.ratings, { seed: 1 }).test.users).not.toEqual(test.users);
    expect(test.users).not.toEqual(data.ratings.users.subarray(0, 20_000));
  });

  it('refuses a test fraction outside (0, 1)', () => {
    expect(() => trainTestSplit(data.ratings, { testFraction: 1 })).toThrow('trainTestSplit: expected 0 < testFraction < 1, received 1.');
  });
});
