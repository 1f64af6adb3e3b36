/**
 * A model's weights in and out of the layers-model format: each weight
 * under its TF.js name (`user_embedding/embeddings`, `dense/kernel`), in
 * the model's (Keras's) order. float32 weights are stored as float32;
 * float16 tables as TF.js's float16 quantisation (TF.js reads them as the
 * same float32 values); int8 tables as int8 values plus a
 * `<name>_scale` weight of row scales (Keras 3's names), a quantisation
 * TF.js refuses by name rather than misreads.
 */
import { concatBytes } from '../io/bytes.js';
import { floatToHalf } from '../io/half.js';
import type { WeightsManifestEntry } from '../io/model-json.js';
import { expected, problem } from '../io/problems.js';
import { floatValues, int8Values, type StoredWeight } from '../io/weight-data.js';
import type { Int8Values, Weight } from '../layers/weight.js';
import { positionOf } from '../validate/position.js';

const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
const scaleName = (name: string) => `${name}_scale`;

/**
 * The manifest entries and bytes of `weights`, read from the GPU.
 *
 * @example
 * ```ts
 * const { specs, data } = await weightsToSave(model.weights);
 * ```
 */
export async function weightsToSave(weights: readonly Weight[]): Promise<{ specs: WeightsManifestEntry[]; data: Uint8Array }> {
  const specs: WeightsManifestEntry[] = [];
  const parts: Uint8Array[] = [];
  for (const weight of weights) {
    const entry: WeightsManifestEntry = { name: weight.name, shape: [...weight.shape], dtype: 'float32' };
    if (weight.dtype === 'int8') {
      const { values, scales } = await weight.readInt8();
      specs.push({ ...entry, quantization: { dtype: 'int8' } }, { name: scaleName(weight.name), shape: [weight.shape[0]], dtype: 'float32' });
      parts.push(bytesOf(values), bytesOf(scales));
      continue;
    }
    const copy = weight.read();
    let values: Float32Array;
    try {
      values = await copy.data();
    } finally {
      copy.dispose();
    }
    if (weight.dtype === 'float16') {
      specs.push({ ...entry, quantization: { dtype: 'float16' } });
      parts.push(bytesOf(Uint16Array.from(values, floatToHalf)));
    } else {
      specs.push(entry);
      parts.push(bytesOf(values));
    }
  }
  return { specs, data: concatBytes(parts) };
}

/**
 * Checks stored weights against `weights`, matched by name, and returns
 * the write that puts them in. Everything is checked first (every weight
 * present, none extra, shapes equal, values finite), so a bad file leaves
 * every weight as it was, and a caller can check more (the optimizer's
 * state) before writing anything. Optimizer state (`group: 'optimizer'`)
 * is not a model weight and is left out.
 *
 * @example
 * ```ts
 * const write = checkStoredWeights(model.weights, stored, 'model.json');
 * write();
 * ```
 */
export function checkStoredWeights(weights: readonly Weight[], stored: readonly StoredWeight[], file: string): () => void {
  const byName = new Map<string, { weight: StoredWeight; field: string }>();
  stored.forEach((s, i) => {
    if (s.entry.group === 'optimizer') return;
    const field = `weights[${JSON.stringify(s.entry.name)}]`;
    if (byName.has(s.entry.name)) throw problem(file, field, JSON.stringify(s.entry.name), `the weight ${JSON.stringify(s.entry.name)} is listed twice (entries ${[...byName.keys()].indexOf(s.entry.name)} and ${i}).`);
    byName.set(s.entry.name, { weight: s, field });
  });
  const used = new Set<string>();
  const missing = weights.filter((w) => !byName.has(w.name)).map((w) => w.name);
  if (missing.length) {
    throw problem(file, 'weightsManifest', missing.join(', '), `the model's weights ${missing.join(', ')} are missing from the file (it holds ${[...byName.keys()].join(', ') || 'no weights'}).`);
  }
  const writes = weights.map((weight) => {
    const { weight: s, field } = byName.get(weight.name)!;
    used.add(weight.name);
    if (s.entry.shape.length !== weight.shape.length || s.entry.shape.some((d, i) => d !== weight.shape[i])) {
      throw expected(file, `${field}.shape`, `[${weight.shape.join(', ')}] (the shape of the model's ${weight.name})`, s.entry.shape);
    }
    if (s.entry.quantization?.dtype === 'int8') {
      const int8 = int8Table(weight, s, byName, file);
      used.add(scaleName(weight.name));
      return () => (weight.dtype === 'int8' ? weight.writeInt8(int8) : weight.write(dequantized(int8, weight.shape[1])));
    }
    const values = floatValues(s);
    checkFinite(values, file, field, weight.shape);
    return () => weight.write(values);
  });
  const extra = [...byName.keys()].filter((name) => !used.has(name));
  if (extra.length) throw problem(file, 'weightsManifest', extra.join(', '), `the file holds weights the model does not have: ${extra.join(', ')}.`);
  return () => {
    for (const write of writes) write();
  };
}

function int8Table(weight: Weight, s: StoredWeight, byName: Map<string, { weight: StoredWeight; field: string }>, file: string): Int8Values {
  const field = `weights[${JSON.stringify(weight.name)}]`;
  if (s.entry.shape.length !== 2) throw expected(file, `${field}.shape`, 'a 2-D table [rows, dim] (int8 has one scale per row)', s.entry.shape);
  const scales = byName.get(scaleName(weight.name));
  if (!scales) throw problem(file, field, scaleName(weight.name), `the int8 weight ${weight.name} needs its row scales, ${scaleName(weight.name)}, which the file does not hold.`);
  if (scales.weight.entry.shape.length !== 1 || scales.weight.entry.shape[0] !== s.entry.shape[0] || scales.weight.entry.quantization) {
    throw expected(file, `${scales.field}.shape`, `[${s.entry.shape[0]}] float32 (one scale per row)`, scales.weight.entry.shape);
  }
  const rowScales = floatValues(scales.weight);
  checkFinite(rowScales, file, scales.field, [s.entry.shape[0]]);
  const negative = rowScales.findIndex((v) => v < 0);
  if (negative >= 0) throw expected(file, `${scales.field}`, 'scales >= 0', rowScales[negative]);
  return { values: int8Values(s), scales: rowScales };
}

function dequantized({ values, scales }: Int8Values, dim: number): Float32Array {
  return Float32Array.from(values, (q, i) => q * scales[Math.floor(i / dim)]);
}

function checkFinite(values: Float32Array, file: string, field: string, shape: readonly number[]): void {
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad < 0) return;
  throw problem(file, field, String(values[bad]), `${field}: expected finite values, received ${values[bad]} at ${positionOf(bad, shape)}.`);
}
