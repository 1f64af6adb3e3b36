/**
 * Concatenation along an axis, and its inverse (a split along an axis):
 * both are copies of column blocks once the shape is seen as
 * [outer, axis * inner] (copy-columns.wgsl).
 */
import copyColumnsCode from '../../shaders/copy-columns.wgsl?raw';
import { defaultDevice } from '../gpu/device.js';
import { defineKernel } from '../gpu/pipelines.js';
import type { DType, Tensor } from '../tensor/tensor.js';
import { formatShape } from '../validate/position.js';
import { runOp, type Step } from './run-op.js';

const WG = 256;
const kernel = defineKernel({ name: 'copy-columns', code: copyColumnsCode, constants: { WG } });

const product = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

/** The shape as [outer, inner] around `axis`: elements before the axis, and after it. */
function around(shape: readonly number[], axis: number): [number, number] {
  return [product(shape.slice(0, axis)), product(shape.slice(axis + 1))];
}

function copy(src: Tensor, dst: Tensor, rows: number, cols: number, srcStride: number, srcOffset: number, dstStride: number, dstOffset: number): Step {
  return {
    kernel,
    buffers: [src.buffer, dst.buffer],
    params: new Uint32Array([rows * cols, cols, srcStride, srcOffset, dstStride, dstOffset]),
    workgroups: Math.ceil((rows * cols) / WG),
  };
}

/**
 * @internal Concatenates tensors of one dtype and rank along `axis` (in
 * `[0, rank)`); every other dimension must agree. Returns a new tensor.
 *
 * @example
 * ```ts
 * concatAxis([a, b], 1, "Concatenate 'concatenate'"); // [n, a.shape[1] + b.shape[1]]
 * ```
 */
export function concatAxis<D extends DType>(parts: readonly Tensor<D>[], axis: number, op: string): Tensor<D> {
  const first = parts[0];
  const rank = first.rank;
  for (const part of parts) {
    if (part.rank !== rank || part.dtype !== first.dtype || part.shape.some((d, i) => i !== axis && d !== first.shape[i])) {
      throw new RangeError(`${op}: expected inputs of one dtype and matching shapes except along axis ${axis}, received ${parts.map((p) => `${p.dtype} ${formatShape(p.shape)}`).join(', ')}.`);
    }
  }
  const shape = [...first.shape];
  shape[axis] = parts.reduce((n, p) => n + p.shape[axis], 0);
  return runOp(defaultDevice(), { op, inputs: parts }, (make) => {
    const out = make.output(shape, first.dtype);
    const [outer, inner] = around(shape, axis);
    let offset = 0;
    const steps = parts.map((part) => {
      const cols = part.shape[axis] * inner;
      const step = copy(part, out, outer, cols, cols, 0, shape[axis] * inner, offset);
      offset += cols;
      return step;
    });
    return { result: out, steps };
  });
}

/**
 * @internal The inverse of {@link concatAxis}: `source` cut along `axis`
 * into consecutive pieces of `lengths`, each a new tensor where `want` asks
 * for it (null elsewhere), all in one submission.
 *
 * @example
 * ```ts
 * const [da, db] = splitAxis(dy, 1, [4, 3], [true, true], "Concatenate 'concatenate'"); // dy[:, 0:4], dy[:, 4:7]
 * ```
 */
export function splitAxis<D extends DType>(source: Tensor<D>, axis: number, lengths: readonly number[], want: readonly boolean[], op: string): (Tensor<D> | null)[] {
  const [outer, inner] = around(source.shape, axis);
  return runOp(defaultDevice(), { op, inputs: [source] }, (make) => {
    const steps: Step[] = [];
    let start = 0;
    const pieces = lengths.map((length, i) => {
      const offset = start;
      start += length;
      if (!want[i]) return null;
      const shape = [...source.shape];
      shape[axis] = length;
      const piece = make.output(shape, source.dtype);
      steps.push(copy(source, piece, outer, length * inner, source.shape[axis] * inner, offset * inner, length * inner, 0));
      return piece;
    });
    return { result: pieces, steps };
  });
}
