/**
 * Dot's forward and backward on the GPU (Keras's batch dot of two inputs of
 * rank 2 or 3, optionally cosine), for checked GPU-resident operands. Each
 * input is read through strides, so no transposed copy is made.
 */
import dotCode from '../../shaders/dot.wgsl?raw';
import dotBackwardCode from '../../shaders/dot-backward.wgsl?raw';
import normsCode from '../../shaders/vector-norms.wgsl?raw';
import { defineKernel } from '../gpu/pipelines.js';
import { placeholderBuffer } from '../gpu/placeholder.js';
import type { Tensor } from '../tensor/tensor.js';
import { runOp, type Step } from './run-op.js';

/** TF.js's clamp of squared norms in `l2Normalize` (its float32 epsilon). */
export const NORM_EPSILON = 1e-7;

const WG = 256;
const forwardKernel = defineKernel({ name: 'dot', code: dotCode, constants: { WG, EPSILON: NORM_EPSILON } });
const normsKernel = defineKernel({ name: 'vector-norms', code: normsCode, constants: { WG, EPSILON: NORM_EPSILON } });
const backwardKernel = defineKernel({ name: 'dot-backward', code: dotBackwardCode, constants: { WG } });

/** How one input is read: its vectors per sample and strides. */
export interface DotSide {
  vectors: number;
  batch: number;
  row: number;
  k: number;
  /** The contraction axis is the last one. */
  kInner: boolean;
}

/** The shapes of a batch dot: each side's strides, the contraction length and the output shape. */
export interface DotLayout {
  samples: number;
  depth: number;
  x: DotSide;
  y: DotSide;
  outputShape: number[];
}

function side(shape: readonly number[], axis: number): DotSide {
  const depth = shape[axis];
  if (shape.length === 2) return { vectors: 1, batch: depth, row: depth, k: 1, kInner: true };
  const vectors = shape[axis === 1 ? 2 : 1];
  return axis === 2
    ? { vectors, batch: vectors * depth, row: depth, k: 1, kInner: true }
    : { vectors, batch: vectors * depth, row: 1, k: vectors, kInner: false };
}

/**
 * @internal The layout of a batch dot of inputs of rank 2 or 3 (batch
 * first, shapes already checked) over `axes` (one per input, in [1, rank)).
 *
 * @example
 * ```ts
 * dotLayout([64, 32], [64, 32], [1, 1]).outputShape; // [64, 1]
 * ```
 */
export function dotLayout(xShape: readonly number[], yShape: readonly number[], axes: readonly [number, number]): DotLayout {
  const x = side(xShape, axes[0]);
  const y = side(yShape, axes[1]);
  const rest = [...(xShape.length === 3 ? [x.vectors] : []), ...(yShape.length === 3 ? [y.vectors] : [])];
  return { samples: xShape[0], depth: xShape[axes[0]], x, y, outputShape: [xShape[0], ...(rest.length ? rest : [1])] };
}

/**
 * @internal The batch dot (cosine when `normalize`) as a new tensor of `layout.outputShape`.
 *
 * @example
 * ```ts
 * const score = dotForward(u, v, dotLayout(u.shape, v.shape, [1, 1]), false, "Dot 'dot'");
 * ```
 */
export function dotForward(x: Tensor, y: Tensor, layout: DotLayout, normalize: boolean, op: string): Tensor<'float32'> {
  return runOp(x.device, { op, inputs: [x, y] }, (make) => {
    const out = make.output(layout.outputShape, 'float32');
    const total = out.size;
    const params = new Uint32Array([
      total, layout.x.vectors, layout.y.vectors, layout.depth,
      layout.x.batch, layout.x.row, layout.x.k, layout.y.batch, layout.y.row, layout.y.k,
      normalize ? 1 : 0,
    ]);
    return { result: out, steps: [{ kernel: forwardKernel, buffers: [x.buffer, y.buffer, out.buffer], params, workgroups: Math.ceil(total / WG) }] };
  });
}

function normsStep(s: Tensor, side: DotSide, layout: DotLayout, norms: Tensor): Step {
  const total = layout.samples * side.vectors;
  return {
    kernel: normsKernel,
    buffers: [s.buffer, norms.buffer],
    params: new Uint32Array([total, side.vectors, layout.depth, side.batch, side.row, side.k]),
    workgroups: Math.ceil(total / WG),
  };
}

/**
 * @internal Dot's gradients for the inputs asked for (`want`), from the
 * inputs, the forward `output` (used by the cosine) and the output gradient.
 * Returns new tensors the caller owns.
 *
 * @example
 * ```ts
 * const [du, dv] = dotBackward(u, v, score, dScore, layout, true, [true, true], "Dot 'dot'");
 * ```
 */
export function dotBackward(
  x: Tensor,
  y: Tensor,
  output: Tensor,
  dy: Tensor,
  layout: DotLayout,
  normalize: boolean,
  want: readonly [boolean, boolean],
  op: string,
): [Tensor<'float32'> | null, Tensor<'float32'> | null] {
  const device = x.device;
  return runOp(device, { op, inputs: normalize ? [x, y, output, dy] : [x, y, dy] }, (make) => {
    const steps: Step[] = [];
    let xNorms: Tensor | null = null;
    let yNorms: Tensor | null = null;
    if (normalize) {
      xNorms = make.temporary([layout.samples, layout.x.vectors], 'float32', 'norms');
      yNorms = make.temporary([layout.samples, layout.y.vectors], 'float32', 'norms');
      steps.push(normsStep(x, layout.x, layout, xNorms), normsStep(y, layout.y, layout, yNorms));
    }
    const unused = placeholderBuffer(device);
    const m = layout.y.vectors;
    const gradient = (self: Tensor, other: Tensor, s: DotSide, o: DotSide, sNorms: Tensor | null, oNorms: Tensor | null, selfIsX: boolean) => {
      const ds = make.output(self.shape, 'float32', { label: `${op} gradient` });
      steps.push({
        kernel: backwardKernel,
        buffers: [self.buffer, other.buffer, dy.buffer, normalize ? output.buffer : unused, sNorms?.buffer ?? unused, oNorms?.buffer ?? unused, ds.buffer],
        params: new Uint32Array([
          ds.size, s.vectors, o.vectors, layout.depth,
          s.batch, s.row, s.k, o.batch, o.row, o.k,
          selfIsX ? m : 1, selfIsX ? 1 : m,
          s.kInner ? 1 : 0, normalize ? 1 : 0,
        ]),
        workgroups: Math.ceil(ds.size / WG),
      });
      return ds;
    };
    const dx = want[0] ? gradient(x, y, layout.x, layout.y, xNorms, yNorms, true) : null;
    const dyOut = want[1] ? gradient(y, x, layout.y, layout.x, yNorms, xNorms, false) : null;
    return { result: [dx, dyOut] as [Tensor<'float32'> | null, Tensor<'float32'> | null], steps };
  });
}
