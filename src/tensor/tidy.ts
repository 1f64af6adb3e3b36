/**
 * tidy(): run synchronous tensor code and dispose every tensor it created
 * except those it returns.
 */
import { closeScope, openScope } from './scope.js';
import { Tensor } from './tensor.js';

/** What `tidy` keeps: the tensors inside its function's result (a tensor, or arrays/objects holding tensors). */
function tensorsIn(value: unknown, found: Set<Tensor>, seen: Set<unknown> = new Set()): Set<Tensor> {
  if (value instanceof Tensor) found.add(value);
  else if (value && typeof value === 'object' && !seen.has(value) && !ArrayBuffer.isView(value)) {
    seen.add(value);
    for (const item of Array.isArray(value) ? value : Object.values(value)) tensorsIn(item, found, seen);
  }
  return found;
}

/**
 * Runs `fn` and disposes every tensor created while it ran, except the ones
 * it returns (a tensor, or tensors inside a returned array or object), which
 * then belong to the caller (or to an enclosing `tidy`). Tensors created
 * before `tidy` are never touched. `fn` must be synchronous: ops are, and a
 * read (`await t.data()`) belongs outside. If `fn` throws, everything it
 * created is disposed and the error propagates.
 *
 * @example
 * ```ts
 * const rows = tidy(() => {
 *   const hot = oneHot([2, 0], 3);      // disposed when tidy returns
 *   return matMul(hot, table);          // kept: returned
 * });
 * await rows.data();
 * rows.dispose();
 * ```
 */
export function tidy<T>(fn: () => T): T {
  if (typeof fn !== 'function') throw new TypeError(`tidy: expected a function, received ${typeof fn}.`);
  const scope = openScope();
  let result: T;
  try {
    result = fn();
  } catch (error) {
    closeScope(scope, []);
    for (const item of scope) item.dispose();
    throw error;
  }
  if (result instanceof Promise) {
    closeScope(scope, scope);
    throw new TypeError('tidy: fn returned a Promise; tidy only takes synchronous functions (ops are synchronous; await reads outside tidy).');
  }
  const kept = tensorsIn(result, new Set());
  // Returned tensors made inside move to the enclosing scope; ones made before tidy stay where they were.
  closeScope(scope, [...kept].filter((t) => scope.has(t)));
  for (const item of scope) if (!kept.has(item as Tensor)) item.dispose();
  return result;
}
