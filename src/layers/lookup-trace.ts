/**
 * The training forward of a lookup (Embedding): the gradient of the table
 * is the output gradient's rows addressed by the indices, returned as a
 * `RowGradient` of views (no copy, no reduction here: the optimizer stage
 * reduces each table's rows once per step, however many lookups read it).
 */
import type { AnyHostTensor, HostTensor } from '../cpu/host-tensor.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkGradient } from './reshape-trace.js';
import type { Traced } from './traced.js';

/**
 * @internal A traced lookup on the GPU: `output` `[...indices.shape, dim]`
 * is the caller's; the RowGradient is `indices` flattened and `dy` as
 * `[K, dim]`, both views. Indices get no gradient.
 *
 * @example
 * ```ts
 * return lookupTrace(this.call(inputs, options), inputs[0], this.outputDim, this.describe());
 * ```
 */
export function lookupTrace(output: Tensor, indices: Tensor, dim: number, owner: string): Traced<Tensor> {
  const flat = indices.reshape([indices.size]);
  const outputShape = [...output.shape];
  return {
    output,
    backward: (dy, want) => {
      checkGradient(dy.shape, outputShape, owner);
      const rows = want.weights ? { kind: 'rows' as const, indices: flat.reshape([flat.size]), rows: dy.reshape([flat.size, dim]) } : null;
      return { inputs: [null], weights: [rows] };
    },
    dispose: () => flat.dispose(),
  };
}

/**
 * @internal The CPU twin of {@link lookupTrace}, on host values (copies, never shared).
 *
 * @example
 * ```ts
 * return lookupTraceCpu(cpu.gather(table, ids.data, { shape: ids.shape }), ids, this.outputDim, this.describe());
 * ```
 */
export function lookupTraceCpu(output: HostTensor, indices: HostTensor<Int32Array>, dim: number, owner: string): Traced<AnyHostTensor> {
  const count = indices.data.length;
  return {
    output,
    backward: (dy, want) => {
      checkGradient(dy.shape, output.shape, owner);
      const rows = want.weights
        ? { kind: 'rows' as const, indices: { data: indices.data.slice(), shape: [count] }, rows: { data: dy.data.slice(), shape: [count, dim] } }
        : null;
      return { inputs: [null], weights: [rows] };
    },
    dispose: () => undefined,
  };
}
