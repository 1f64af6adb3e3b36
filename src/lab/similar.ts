/**
 * Similar items: the items whose embeddings point the same way as an
 * item's (cosine), found on the GPU with `nearestNeighbors`.
 */
import { Dot, gather, nearestNeighbors, tidy, type Tensor } from '../index.js';
import type { Dataset } from './dataset.js';

/** An item with its title and a score (a cosine, or a predicted rating). */
export interface ScoredItem {
  item: number;
  title: string;
  score: number;
}

/**
 * Checks that `item` is an id the data set lists (a title), for messages
 * that name the caller.
 *
 * @example
 * ```ts
 * checkItem(data, 50, 'similarItems');
 * ```
 */
export function checkItem(data: Dataset, item: number, where: string): void {
  if (!Number.isInteger(item) || item < 1 || item > data.maxItemId || !data.titles[item]) {
    throw new RangeError(`${where}: expected an item id of the data set (1 to ${data.maxItemId}), received ${item}.`);
  }
}

/**
 * The `k` items most similar to `item` by the cosine of their rows in
 * `table` (`[maxItemId + 1, D]`, an item embedding), best first; the item
 * itself and ids the data set does not list (row 0) are left out on the
 * GPU (`nearestNeighbors`' `exclude`).
 *
 * @example
 * ```ts
 * const table = model.getLayer('item_embedding').getWeights()[0];
 * await similarItems(table, data, 50, 10); // [{ item, title, score }, ...]
 * ```
 */
export async function similarItems(table: Tensor, data: Dataset, item: number, k = 10): Promise<ScoredItem[]> {
  checkItem(data, item, 'similarItems');
  const rows = table.shape[0];
  const exclude = [item, ...Array.from({ length: rows }, (_, id) => id).filter((id) => !data.titles[id])];
  const query = gather(table, [item]);
  const { indices, scores } = nearestNeighbors(table, query, Math.min(k, rows - exclude.length), { metric: 'cosine', exclude });
  query.dispose();
  try {
    const [ids, values] = await Promise.all([indices.data(), scores.data()]);
    return Array.from(ids, (id, r) => ({ item: id, title: data.titles[id], score: values[r] }));
  } finally {
    indices.dispose();
    scores.dispose();
  }
}

/**
 * The cosine between two items' rows of `table`, with a `Dot({ axes: 1,
 * normalize: true })` layer on the GPU (the notebook's Star Wars vs Return
 * of the Jedi figure).
 *
 * @example
 * ```ts
 * await cosine(table, 50, 181); // 0.93 in the notebook
 * ```
 */
export async function cosine(table: Tensor, a: number, b: number): Promise<number> {
  const result = tidy(() => new Dot({ axes: 1, normalize: true }).apply([gather(table, [a]), gather(table, [b])]));
  try {
    return (await result.data())[0];
  } finally {
    result.dispose();
  }
}
