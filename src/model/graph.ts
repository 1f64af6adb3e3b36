/**
 * A functional model's graph: the layers between its inputs and outputs in
 * an order where every layer runs after the layers feeding it, and one
 * forward pass over that order.
 */
import { InputLayer } from '../layers/input.js';
import type { SymbolicTensor } from '../layers/symbolic.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * The symbolic tensors computed from `inputs` to reach `outputs`, each after
 * the ones it depends on (inputs excluded). Throws when an output needs an
 * input that is not among `inputs`.
 *
 * @example
 * ```ts
 * const steps = orderGraph([x], [y], "Model 'model'"); // [embedding output, flatten output]
 * ```
 */
export function orderGraph(inputs: readonly SymbolicTensor[], outputs: readonly SymbolicTensor[], owner: string): SymbolicTensor[] {
  const order: SymbolicTensor[] = [];
  const done = new Set<SymbolicTensor>(inputs);
  const visit = (t: SymbolicTensor): void => {
    if (done.has(t)) return;
    if (t.layer instanceof InputLayer) {
      throw new RangeError(`${owner}: an output depends on Input '${t.layer.name}', which is not among the model's inputs.`);
    }
    for (const source of t.inputs) visit(source);
    done.add(t);
    order.push(t);
  };
  for (const output of outputs) visit(output);
  return order;
}

/**
 * One forward pass: runs every step's layer on GPU tensors, disposing
 * intermediate results after their last use. `feeds` stay the caller's;
 * the returned tensors (one per output) are new and the caller's too.
 *
 * @example
 * ```ts
 * const [y] = runGraph(steps, new Map([[x, ids]]), [output]);
 * ```
 */
export function runGraph(steps: readonly SymbolicTensor[], feeds: ReadonlyMap<SymbolicTensor, Tensor>, outputs: readonly SymbolicTensor[]): Tensor[] {
  const uses = new Map<SymbolicTensor, number>();
  for (const step of steps) for (const source of step.inputs) uses.set(source, (uses.get(source) ?? 0) + 1);
  const values = new Map<SymbolicTensor, Tensor>();
  const valueOf = (t: SymbolicTensor): Tensor => (feeds.get(t) ?? values.get(t))!;
  try {
    for (const step of steps) {
      values.set(step, step.layer.call(step.inputs.map(valueOf), { training: false }));
      for (const source of step.inputs) {
        const left = uses.get(source)! - 1;
        uses.set(source, left);
        // Outputs stay until they are handed over below.
        if (left === 0 && !outputs.includes(source)) values.get(source)?.dispose();
      }
    }
    // Views, so that an output listed twice (or an input listed as an output) gives the caller separate tensors.
    return outputs.map((t) => valueOf(t).reshape(valueOf(t).shape));
  } finally {
    for (const t of values.values()) t.dispose();
  }
}
