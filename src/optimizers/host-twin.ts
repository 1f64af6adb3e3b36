/**
 * The CPU twin of an optimizer: its rule applied to host copies of the
 * weights, with slots of its own (the CPU reference fit uses it).
 */
import { isRows, type UniqueRows } from './gradients.js';

/** @internal Host copies updated by the CPU twin of an optimizer (the CPU fit reference). */
export interface HostOptimizer {
  /** One step over every update; a weight's values are changed in place. */
  apply(updates: readonly { key: object; weight: Float32Array; gradient: Float32Array | UniqueRows<Float32Array | Int32Array>; dim: number }[]): void;
}

/** One step of a rule on one weight's values (or one row of them), its slots and the step number t (from 1). */
export type HostStep = (weight: Float32Array, grad: ArrayLike<number>, slots: Float32Array[], t: number) => void;

/**
 * @internal A CPU twin over `step` whose weights get one slot per entry of
 * `slotStarts`, starting at that value; a row gradient updates its rows only.
 *
 * @example
 * ```ts
 * const twin = hostTwin([0, 0], (w, g, [m, v], t) => cpu.adamStep(w, g, m, v, rule, ...powers(t)));
 * ```
 */
export function hostTwin(slotStarts: readonly number[], step: HostStep): HostOptimizer {
  const slots = new Map<object, Float32Array[]>();
  let t = 0;
  return {
    apply: (updates) => {
      t++;
      for (const { key, weight, gradient, dim } of updates) {
        let own = slots.get(key);
        if (!own) slots.set(key, (own = slotStarts.map((start) => new Float32Array(weight.length).fill(start))));
        if (!isRows(gradient)) {
          step(weight, gradient, own, t);
          continue;
        }
        const rowCount = weight.length / dim;
        gradient.indices.forEach((row, k) => {
          if (row < 0 || row >= rowCount) return;
          const part = (a: Float32Array) => a.subarray(row * dim, (row + 1) * dim);
          step(part(weight), gradient.rows.subarray(k * dim, (k + 1) * dim), own.map(part), t);
        });
      }
    },
  };
}
