/**
 * Default layer and model names, unique per prefix as Keras makes them:
 * `embedding`, `embedding_1`, `embedding_2`, ...
 */
const counters = new Map<string, number>();

/**
 * The next unused default name for `prefix`.
 *
 * @example
 * ```ts
 * uniqueName('embedding'); // 'embedding', then 'embedding_1', ...
 * ```
 */
export function uniqueName(prefix: string): string {
  const count = counters.get(prefix) ?? 0;
  counters.set(prefix, count + 1);
  return count === 0 ? prefix : `${prefix}_${count}`;
}
