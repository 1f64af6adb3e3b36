/**
 * Concatenation along an axis, and its inverse (a slice along an axis):
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
 * @internal Elements `[start, start + length)` of `source` along `axis`, in a new tensor.
 *
 * @example
 * ```ts
 * sliceAxis(dy, 1, 4, 3, "Concatenate 'concatenate'"); // dy[:, 4:7]
 * ```
 */
export function sliceAxis<D extends DType>(source: Tensor<D>, axis: number, start: number, length: number, op: string): Tensor<D> {
  const shape = [...source.shape];
  shape[axis] = length;
  return runOp(defaultDevice(), { op, inputs: [source] }, (make) => {
    const out = make.output(shape, source.dtype);
    const [outer, inner] = around(source.shape, axis);
    return { result: out, steps: [copy(source, out, outer, length * inner, source.shape[axis] * inner, start * inner, length * inner, 0)] };
  });
}
