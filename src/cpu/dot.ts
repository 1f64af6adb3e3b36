import type { HostTensor } from './host-tensor.js';

/** TF.js's clamp of squared norms in `l2Normalize` (its float32 epsilon). */
const EPSILON = 1e-7;

/** Where element (vector v, position p) of sample b of an input lives in its data, for contraction axis `axis`. */
function addressOf(shape: readonly number[], axis: number): (b: number, v: number, p: number) => number {
  if (shape.length === 2) return (b, _v, p) => b * shape[1] + p;
  const [, d1, d2] = shape;
  return axis === 2 ? (b, v, p) => (b * d1 + v) * d2 + p : (b, v, p) => (b * d1 + p) * d2 + v;
}

/** Each sample's vectors along `axis`, copied out in float64. */
function vectorsOf(t: HostTensor, axis: number): Float64Array[][] {
  const at = addressOf(t.shape, axis);
  const count = t.shape.length === 2 ? 1 : t.shape[axis === 1 ? 2 : 1];
  const depth = t.shape[axis];
  return Array.from({ length: t.shape[0] }, (_, b) =>
    Array.from({ length: count }, (_, v) => Float64Array.from({ length: depth }, (_, p) => t.data[at(b, v, p)])),
  );
}

function outputShape(x: HostTensor, y: HostTensor, axes: readonly [number, number]): number[] {
  const rest = [...(x.shape.length === 3 ? [x.shape[axes[0] === 1 ? 2 : 1]] : []), ...(y.shape.length === 3 ? [y.shape[axes[1] === 1 ? 2 : 1]] : [])];
  return [x.shape[0], ...(rest.length ? rest : [1])];
}

const inner = (a: Float64Array, b: Float64Array) => a.reduce((sum, v, p) => sum + v * b[p], 0);
const norm = (a: Float64Array) => Math.sqrt(Math.max(inner(a, a), EPSILON));

/**
 * CPU reference Dot (Keras's batch dot) of inputs of rank 2 or 3 over
 * `axes`: out[b, i, j] = x_i · y_j for the vectors along each input's axis;
 * with `normalize`, of x_i / |x_i| and y_j / |y_j| with |v| =
 * sqrt(max(v · v, 1e-7)) (TF.js's l2Normalize), i.e. the cosine. Rank-2
 * inputs give `[batch, 1]`.
 *
 * @example
 * ```ts
 * cpu.dot({ data: new Float32Array([1, 2]), shape: [1, 2] }, { data: new Float32Array([3, 4]), shape: [1, 2] }, [1, 1], false).data; // [11]
 * ```
 */
export function dot(x: HostTensor, y: HostTensor, axes: readonly [number, number], normalize: boolean): HostTensor {
  const xs = vectorsOf(x, axes[0]);
  const ys = vectorsOf(y, axes[1]);
  const out: number[] = [];
  xs.forEach((xv, b) => {
    for (const u of xv) {
      for (const v of ys[b]) out.push(normalize ? inner(u, v) / (norm(u) * norm(v)) : inner(u, v));
    }
  });
  return { data: Float32Array.from(out), shape: outputShape(x, y, axes) };
}

/**
 * CPU reference gradient of {@link dot}: for x_i (and likewise y_j),
 * g = Σ_j dy[b, i, j] · w_j with w_j = y_j (plain) or y_j / |y_j| (cosine);
 * the cosine's gradient is then (g - (g · u) u) / |x_i| with u = x_i / |x_i|,
 * the projection off u, or g / |x_i| where the norm is held at its clamp.
 *
 * @example
 * ```ts
 * const [dx, dyIn] = cpu.dotBackward(x, y, dOut, [1, 1], true);
 * ```
 */
export function dotBackward(x: HostTensor, y: HostTensor, dy: HostTensor, axes: readonly [number, number], normalize: boolean): [HostTensor, HostTensor] {
  const xs = vectorsOf(x, axes[0]);
  const ys = vectorsOf(y, axes[1]);
  const m = ys[0]?.length ?? 0;
  const n = xs[0]?.length ?? 0;
  const grad = (selfVectors: Float64Array[][], otherVectors: Float64Array[][], selfIsX: boolean, t: HostTensor, axis: number): HostTensor => {
    const out = new Float32Array(t.data.length);
    const at = addressOf(t.shape, axis);
    selfVectors.forEach((vectors, b) => {
      vectors.forEach((s, i) => {
        const g = new Float64Array(s.length);
        otherVectors[b].forEach((o, j) => {
          const weight = dy.data[b * n * m + (selfIsX ? i * m + j : j * m + i)] / (normalize ? norm(o) : 1);
          o.forEach((value, p) => (g[p] += weight * value));
        });
        if (normalize) {
          const length = norm(s);
          const held = inner(s, s) <= EPSILON;
          const along = held ? 0 : inner(g, s) / length;
          g.forEach((value, p) => (g[p] = (value - along * (s[p] / length)) / length));
        }
        g.forEach((value, p) => (out[at(b, i, p)] = value));
      });
    });
    return { data: out, shape: [...t.shape] };
  };
  return [grad(xs, ys, true, x, axes[0]), grad(ys, xs, false, y, axes[1])];
}
