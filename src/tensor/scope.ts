/**
 * The stack of open `tidy()` scopes. Every new tensor joins the innermost
 * scope, so the scope can dispose what its function made and did not return.
 */

/** Something a scope can dispose. */
export interface Disposable {
  dispose(): void;
}

const scopes: Set<Disposable>[] = [];

/** Adds a new tensor to the innermost open scope, if any. */
export function track(item: Disposable): void {
  scopes[scopes.length - 1]?.add(item);
}

/** Opens a scope; everything created until `closeScope` is tracked in it. */
export function openScope(): Set<Disposable> {
  const scope = new Set<Disposable>();
  scopes.push(scope);
  return scope;
}

/** Closes the innermost scope and moves `kept` into its parent (so an outer scope can still dispose them). */
export function closeScope(scope: Set<Disposable>, kept: Iterable<Disposable>): void {
  if (scopes.pop() !== scope) throw new Error('tidy: scopes closed out of order.');
  for (const item of kept) track(item);
}
