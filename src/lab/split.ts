/**
 * The lab's train/test split: a seeded shuffle, then the first 80% for
 * training (as scikit-learn's train_test_split with a fixed random_state).
 */
import { seededRandom } from '../index.js';
import { selectRatings, type Ratings } from './dataset.js';

/**
 * Splits ratings at random into train and test sets; the same seed gives
 * the same split. `testFraction` is rounded up to whole ratings, as
 * scikit-learn does.
 *
 * @example
 * ```ts
 * const { train, test } = trainTestSplit(data.ratings, { testFraction: 0.2, seed: 0 });
 * ```
 */
export function trainTestSplit(ratings: Ratings, { testFraction = 0.2, seed = 0 } = {}): { train: Ratings; test: Ratings } {
  if (!(testFraction > 0 && testFraction < 1)) throw new RangeError(`trainTestSplit: expected 0 < testFraction < 1, received ${testFraction}.`);
  const n = ratings.ratings.length;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const next = seededRandom(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const testSize = Math.ceil(n * testFraction);
  return { train: selectRatings(ratings, order.subarray(testSize)), test: selectRatings(ratings, order.subarray(0, testSize)) };
}
