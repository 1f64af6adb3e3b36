/**
 * The lab's data: explicit ratings (user, item, rating) and what is known of
 * each item (title, genres), as MovieLens 100k has them. Ids start at 1, as
 * in MovieLens; an embedding table for ids up to `max` has `max + 1` rows.
 */

/** MovieLens' 19 genres, in the order of the flags in `u.item` (and `u.genre`). */
export const genreNames = [
  'unknown', 'Action', 'Adventure', 'Animation', "Children's", 'Comedy', 'Crime', 'Documentary', 'Drama', 'Fantasy',
  'Film-Noir', 'Horror', 'Musical', 'Mystery', 'Romance', 'Sci-Fi', 'Thriller', 'War', 'Western',
] as const;

/** Ratings, one entry per (user, item) pair, in three parallel arrays. */
export interface Ratings {
  users: Int32Array;
  items: Int32Array;
  ratings: Float32Array;
}

/** A rating data set with its items' titles and genres. */
export interface Dataset {
  /** What the data is, e.g. "MovieLens 100k" or "synthetic". */
  name: string;
  ratings: Ratings;
  /** `titles[id]` is item `id`'s title ('' for ids no item has). */
  titles: string[];
  /** `genres[id]`: indices into `genreNames` of item `id`'s genres. */
  genres: number[][];
  /** The largest user id and item id: embedding tables need one more row. */
  maxUserId: number;
  maxItemId: number;
}

/**
 * The largest value of an id array (0 when empty).
 *
 * @example
 * ```ts
 * maxId(Int32Array.of(3, 9, 4)); // 9
 * ```
 */
export function maxId(ids: Int32Array): number {
  let max = 0;
  for (const id of ids) if (id > max) max = id;
  return max;
}

/**
 * The entries `picked` of `ratings`, in that order.
 *
 * @example
 * ```ts
 * const firstTwo = selectRatings(ratings, [0, 1]);
 * ```
 */
export function selectRatings(ratings: Ratings, picked: ArrayLike<number>): Ratings {
  const n = picked.length;
  const out: Ratings = { users: new Int32Array(n), items: new Int32Array(n), ratings: new Float32Array(n) };
  for (let k = 0; k < n; k++) {
    const i = picked[k];
    out.users[k] = ratings.users[i];
    out.items[k] = ratings.items[i];
    out.ratings[k] = ratings.ratings[i];
  }
  return out;
}

/** Counts, mean and ranges of a data set, as the lab prints them. */
export interface DatasetSummary {
  ratings: number;
  users: number;
  items: number;
  meanRating: number;
  maxUserId: number;
  maxItemId: number;
}

/**
 * How many ratings, distinct users and items, and the mean rating.
 *
 * @example
 * ```ts
 * summarize(syntheticMovieLens()).meanRating; // about 3.53
 * ```
 */
export function summarize(data: Dataset): DatasetSummary {
  const { users, items, ratings } = data.ratings;
  let sum = 0;
  for (const r of ratings) sum += r;
  return {
    ratings: ratings.length,
    users: new Set(users).size,
    items: new Set(items).size,
    meanRating: ratings.length ? sum / ratings.length : 0,
    maxUserId: data.maxUserId,
    maxItemId: data.maxItemId,
  };
}

/**
 * How many ratings each item has (`counts[id]`): the map's colour.
 *
 * @example
 * ```ts
 * const popularity = itemPopularity(data);
 * popularity[50]; // how often item 50 was rated
 * ```
 */
export function itemPopularity(data: Dataset): Int32Array {
  const counts = new Int32Array(data.maxItemId + 1);
  for (const item of data.ratings.items) counts[item]++;
  return counts;
}
