/**
 * Recommendations: a user's predicted rating for every item they have not
 * rated, the best first.
 */
import type { Model, Tensor } from '../index.js';
import type { Dataset } from './dataset.js';
import type { ScoredItem } from './similar.js';

/**
 * The `k` items with the highest predicted rating among those `user` has
 * not rated in `data` (one `predict` over all of them).
 *
 * @example
 * ```ts
 * await recommend(model, data, 5, 10); // [{ item, title, score: predicted rating }, ...]
 * ```
 */
export async function recommend(model: Model, data: Dataset, user: number, k = 10): Promise<ScoredItem[]> {
  const seen = new Set<number>();
  data.ratings.users.forEach((u, i) => u === user && seen.add(data.ratings.items[i]));
  if (!Number.isInteger(user) || user < 1 || user > data.maxUserId || seen.size === 0) {
    throw new RangeError(`recommend: expected a user id with ratings (1 to ${data.maxUserId}), received ${user}.`);
  }
  const candidates = Int32Array.from(data.titles.keys()).filter((id) => data.titles[id] && !seen.has(id));
  const predicted = model.predict([new Int32Array(candidates.length).fill(user), candidates]) as Tensor;
  let scores: Float32Array;
  try {
    scores = (await predicted.data()) as Float32Array;
  } finally {
    predicted.dispose();
  }
  return Array.from(candidates.keys())
    .sort((a, b) => scores[b] - scores[a] || candidates[a] - candidates[b])
    .slice(0, k)
    .map((r) => ({ item: candidates[r], title: data.titles[candidates[r]], score: scores[r] }));
}
