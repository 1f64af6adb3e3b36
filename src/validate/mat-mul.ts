/**
 * Host-side checks for matMul, shared by the op and the CPU reference so
 * both read the options and reject bad shapes with the same message.
 */
import { formatShape, formatValue } from './position.js';

/** Options of `matMul`: multiply by the transpose of an operand, as `tf.matMul(a, b, transposeA, transposeB)`. */
export interface MatMulOptions {
  /** `a` is stored `[K, M]`: the product uses its transpose. Default false. */
  transposeA?: boolean;
  /** `b` is stored `[N, K]`: the product uses its transpose. Default false. */
  transposeB?: boolean;
}

/** Checked matMul options and the product's sizes. */
export interface MatMulPlan {
  transposeA: boolean;
  transposeB: boolean;
  m: number;
  k: number;
  n: number;
}

function flag(options: Record<string, unknown>, name: 'transposeA' | 'transposeB', op: string): boolean {
  const value = options[name];
  if (value !== undefined && typeof value !== 'boolean') throw new TypeError(`${op}: expected ${name} to be a boolean, received ${formatValue(value)}.`);
  return value === true;
}

/**
 * Reads matMul's options and checks the operands' shapes: `op(a)` `[M, K]`
 * times `op(b)` `[K, N]`, where `op` transposes an operand whose option is
 * set. Returns the options and `M`, `K`, `N`.
 *
 * @example
 * ```ts
 * matMulPlan([3, 5], [3, 2], { transposeA: true }, 'matMul'); // { transposeA: true, transposeB: false, m: 5, k: 3, n: 2 }
 * matMulPlan([3, 5], [3, 2], {}, 'matMul');                   // RangeError: expected a [M, K] and b [K, N] ...
 * ```
 */
export function matMulPlan(a: readonly number[], b: readonly number[], options: unknown, op: string): MatMulPlan {
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    throw new TypeError(`${op}: expected options such as { transposeA: true, transposeB: false }, received ${formatValue(options)}.`);
  }
  const given = (options ?? {}) as Record<string, unknown>;
  const transposeA = flag(given, 'transposeA', op);
  const transposeB = flag(given, 'transposeB', op);
  const [m, k] = transposeA ? [a[1], a[0]] : [a[0], a[1]];
  const [k2, n] = transposeB ? [b[1], b[0]] : [b[0], b[1]];
  if (a.length !== 2 || b.length !== 2 || k !== k2) {
    const what = `a ${transposeA ? '[K, M] (transposeA)' : '[M, K]'} and b ${transposeB ? '[N, K] (transposeB)' : '[K, N]'}`;
    throw new RangeError(`${op}: expected ${what}, received ${formatShape(a)} and ${formatShape(b)}.`);
  }
  return { transposeA, transposeB, m, k, n };
}
