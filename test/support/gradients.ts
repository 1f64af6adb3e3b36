/**
 * Gradient checks shared by the case files:
 * - `checkFiniteDifferences`: a layer's CPU backward against central
 *   differences of its CPU forward (differences taken in float64);
 * - `checkTraceAgainstCpu`: the GPU trace (forward and backward) against the
 *   CPU twin on the same inputs, weights and output gradient.
 * The scalar under test is L = sum(output * r) for a random r, so dL/doutput = r.
 */
import {
  isRowGradient,
  memory,
  tensor,
  type AnyHostTensor,
  type Layer,
  type Tensor,
  type TraceOptions,
  type WeightGradient,
} from '../../src/index.js';
import { assert, assertAllClose, assertShape, type Tolerance } from './close.js';
import { randomFloats, type Random } from './random.js';

/** A dense gradient from a weight gradient: a RowGradient's rows summed into their rows here, in float64, independently of segmentSumRows. */
export function denseGradient(gradient: WeightGradient<AnyHostTensor>, shape: readonly number[]): Float64Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const out = new Float64Array(size);
  if (!isRowGradient(gradient)) {
    assertShape(gradient.shape, shape, 'dense weight gradient');
    out.set(gradient.data);
    return out;
  }
  const [rows, dim] = shape;
  gradient.indices.data.forEach((index, k) => {
    if (index < 0 || index >= rows) return;
    for (let c = 0; c < dim; c++) out[index * dim + c] += gradient.rows.data[k * dim + c];
  });
  return out;
}

function objective(output: AnyHostTensor, r: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < r.length; i++) sum += output.data[i] * r[i];
  return sum;
}

/** Options of {@link checkFiniteDifferences}. */
export interface FiniteDifferenceOptions {
  /** Step of the central difference (default 1e-2). */
  eps?: number;
  /** Elements checked per tensor at most (random ones); default 40. */
  samples?: number;
  tol?: Tolerance;
}

/**
 * Checks every float input's and every weight's CPU gradient against
 * central differences of the CPU forward, on up to `samples` random
 * elements each. An element near a kink (e.g. relu's) is left out: its
 * central difference changes with a ten times finer step, or that finer
 * step's forward and backward differences disagree. At least half must remain.
 */
export function checkFiniteDifferences(
  layer: Layer,
  inputs: readonly AnyHostTensor[],
  weights: readonly AnyHostTensor[],
  options: TraceOptions,
  rng: Random,
  label: string,
  { eps = 1e-2, samples = 40, tol = { atol: 2e-3, rtol: 2e-2 } }: FiniteDifferenceOptions = {},
): void {
  const traced = layer.traceCpu(inputs, weights, options);
  const r = randomFloats(rng, traced.output.data.length);
  const unshifted = objective(traced.output, r);
  const grads = traced.backward({ data: r, shape: [...traced.output.shape] }, { inputs: inputs.map((t) => t.data instanceof Float32Array), weights: true });
  traced.dispose();
  const loss = (ins: readonly AnyHostTensor[], ws: readonly AnyHostTensor[]) => {
    const t = layer.traceCpu(ins, ws, options);
    t.dispose();
    return objective(t.output, r);
  };
  const targets: { name: string; values: AnyHostTensor; analytic: Float64Array; replace: (v: AnyHostTensor) => number }[] = [];
  inputs.forEach((input, i) => {
    if (!(input.data instanceof Float32Array)) return;
    const g = grads.inputs[i];
    assert(g, `${label}: no gradient for float input ${i}`);
    assertShape(g.shape, input.shape, `${label}: input ${i} gradient`);
    targets.push({ name: `input ${i}`, values: input, analytic: Float64Array.from(g.data), replace: (v) => loss(inputs.map((x, j) => (j === i ? v : x)), weights) });
  });
  weights.forEach((weight, w) => {
    const g = grads.weights[w];
    assert(g, `${label}: no gradient for weight ${w}`);
    targets.push({ name: `weight ${w}`, values: weight, analytic: denseGradient(g, weight.shape), replace: (v) => loss(inputs, weights.map((x, j) => (j === w ? v : x))) });
  });
  for (const target of targets) {
    const n = target.values.data.length;
    const picks = n <= samples ? [...Array(n).keys()] : Array.from({ length: samples }, () => Math.floor(rng() * n));
    let checked = 0;
    for (const j of picks) {
      const shifted = (delta: number) => {
        const data = Float32Array.from(target.values.data);
        data[j] += delta;
        return { value: target.replace({ data, shape: target.values.shape }), at: data[j] };
      };
      const slope = (a: { value: number; at: number }, b: { value: number; at: number }) => (a.value - b.value) / (a.at - b.at);
      const here = { value: unshifted, at: target.values.data[j] };
      const [plus, minus, plusFine, minusFine] = [shifted(eps), shifted(-eps), shifted(eps / 10), shifted(-eps / 10)];
      const coarse = slope(plus, minus);
      const tolerance = (tol.atol ?? 0) + (tol.rtol ?? 0) * Math.abs(coarse);
      // A kink (relu's 0, a max changing hands) within the step bends the coarse difference but not a ten times
      // finer one; one within the finer step too makes that step's one-sided differences disagree. Either sign is
      // looked for at half the tolerance: a kink that shows less in both bends the coarse difference by less than
      // the whole tolerance.
      const kink = tolerance / 2;
      if (Math.abs(coarse - slope(plusFine, minusFine)) > kink || Math.abs(slope(plusFine, here) - slope(here, minusFine)) > kink) continue;
      checked++;
      const a = target.analytic[j];
      assert(Math.abs(a - coarse) <= tolerance, `${label}: ${target.name} element ${j}: backward gives ${a}, central difference ${coarse}`);
    }
    assert(checked * 2 >= picks.length, `${label}: ${target.name}: only ${checked} of ${picks.length} elements away from a kink`);
  }
}

/** Host copies of a layer's weights, in `weights` order. */
export async function hostWeights(layer: Layer): Promise<AnyHostTensor[]> {
  const out: AnyHostTensor[] = [];
  for (const w of layer.getWeights()) {
    out.push({ data: (await w.data()) as Float32Array, shape: [...w.shape] });
    w.dispose();
  }
  return out;
}

async function readAll(t: Tensor): Promise<AnyHostTensor> {
  return { data: await t.data(), shape: [...t.shape] };
}

/**
 * The GPU trace against the CPU twin: output, input gradients and weight
 * gradients (row gradients compared as rows and indices) for the same inputs,
 * weights and a random output gradient; afterwards every tensor is disposed
 * and GPU memory is as before. `only` leaves out the input or the weight gradients.
 */
export async function checkTraceAgainstCpu(
  layer: Layer,
  inputs: readonly AnyHostTensor[],
  options: TraceOptions,
  rng: Random,
  label: string,
  tol: Tolerance = { atol: 1e-5, rtol: 1e-5 },
  only?: { inputs?: boolean; weights?: boolean },
): Promise<void> {
  const weights = await hostWeights(layer);
  const before = memory();
  const gpuInputs = inputs.map((t) => tensor(t.data, t.shape, t.data instanceof Int32Array ? 'int32' : 'float32'));
  const traced = layer.trace(gpuInputs, options);
  const twin = layer.traceCpu(inputs, weights, options);
  const made: Tensor[] = [traced.output];
  try {
    assertShape(traced.output.shape, twin.output.shape, `${label}: output shape`);
    assertAllClose(await traced.output.data(), twin.output.data, `${label}: output`, tol);
    const dyHost = { data: randomFloats(rng, twin.output.data.length), shape: [...twin.output.shape] };
    const dy = tensor(dyHost.data, dyHost.shape, 'float32');
    made.push(dy);
    const want = { inputs: inputs.map((t) => t.data instanceof Float32Array && only?.inputs !== false), weights: only?.weights !== false };
    const grads = traced.backward(dy, want);
    const expected = twin.backward(dyHost, want);
    for (const g of grads.inputs) if (g) made.push(g);
    for (const g of grads.weights) if (g) made.push(...(isRowGradient(g) ? [g.indices, g.rows] : [g]));
    assert(grads.inputs.length === inputs.length && grads.weights.length === weights.length, `${label}: one gradient per input and weight`);
    for (let i = 0; i < inputs.length; i++) {
      const [g, e] = [grads.inputs[i], expected.inputs[i]];
      assert(!g === !e, `${label}: input ${i} gradient present on one side only`);
      if (g && e) {
        assertShape(g.shape, e.shape, `${label}: input ${i} gradient shape`);
        assertAllClose(await g.data(), e.data, `${label}: input ${i} gradient`, tol);
      }
    }
    for (let w = 0; w < weights.length; w++) {
      const [g, e] = [grads.weights[w], expected.weights[w]];
      if (!want.weights) {
        assert(!g && !e, `${label}: weight ${w} gradient computed though not asked for`);
        continue;
      }
      assert(!!g && !!e, `${label}: weight ${w} gradient missing`);
      assert(isRowGradient(g!) === isRowGradient(e!), `${label}: weight ${w} gradient kinds differ`);
      if (isRowGradient(g!) && isRowGradient(e!)) {
        assertAllClose(await g.indices.data(), e.indices.data, `${label}: weight ${w} row indices`);
        assertAllClose(await g.rows.data(), e.rows.data, `${label}: weight ${w} rows`, tol);
      } else {
        const dense = await readAll(g as Tensor);
        assertShape(dense.shape, (e as AnyHostTensor).shape, `${label}: weight ${w} gradient shape`);
        assertAllClose(dense.data, (e as AnyHostTensor).data, `${label}: weight ${w} gradient`, tol);
      }
    }
  } finally {
    for (const t of made) t.dispose();
    traced.dispose();
    twin.dispose();
    for (const t of gpuInputs) t.dispose();
  }
  const after = memory();
  assert(after.numTensors === before.numTensors && after.numBytes === before.numBytes, `${label}: trace leaked: ${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
}
