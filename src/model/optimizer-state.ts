/**
 * An optimizer's state in the layers-model format, as TensorFlow.js writes
 * it with `includeOptimizer`: weights of group `'optimizer'` after the
 * model's, in TF.js's order and names: `iter` (int32, the steps taken),
 * then each slot kind for every trainable weight (`dense/kernel/m`,
 * `dense/bias/m`, `dense/kernel/v`, `dense/bias/v`). TF.js matches them to
 * its variables by position, so reading does too, and checks each name.
 */
import { concatBytes } from '../io/bytes.js';
import type { WeightsManifestEntry } from '../io/model-json.js';
import { expected, problem } from '../io/problems.js';
import { floatValues, type StoredWeight } from '../io/weight-data.js';
import type { Weight } from '../layers/weight.js';
import { fill } from '../ops/fill.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import { copyTensor } from '../tensor/copy.js';
import { tensor } from '../tensor/create.js';
import { positionOf } from '../validate/position.js';

const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
const field = (name: string) => `weights[${JSON.stringify(name)}]`;

/** Slots that accumulate squared gradients (Adam's v, Adagrad's accumulator, RMSprop's rms): negative values would give NaN. */
const NON_NEGATIVE = new Set(['v', 'accumulator', 'rms']);

/** `iter` is int32 in TF.js's files. */
const MAX_STEPS = 2 ** 31 - 1;

/** The names of `optimizer`'s state for `weights`, in TF.js's order: `iter`, then each slot kind for every weight. */
function stateNames(optimizer: Optimizer, weights: readonly Weight[]): string[] {
  return ['iter', ...optimizer.slotKinds.flatMap((kind) => weights.map((w) => `${w.name}/${kind}`))];
}

/**
 * The manifest entries and bytes of `optimizer`'s state for the model's
 * `trainable` weights (slots a weight lacks are made first, as `fit` would).
 *
 * @example
 * ```ts
 * const { specs, data } = await optimizerStateToSave(model.optimizer, model.trainableWeights);
 * ```
 */
export async function optimizerStateToSave(optimizer: Optimizer, trainable: readonly Weight[]): Promise<{ specs: WeightsManifestEntry[]; data: Uint8Array }> {
  const names = stateNames(optimizer, trainable);
  const specs: WeightsManifestEntry[] = [{ name: 'iter', shape: [], dtype: 'int32', group: 'optimizer' }];
  const parts = [bytesOf(Int32Array.of(optimizer.iterations))];
  const slots = trainable.map((w) => optimizer.slotsOf(w));
  for (let k = 0; k < optimizer.slotKinds.length; k++) {
    for (const [w, weight] of trainable.entries()) {
      specs.push({ name: names[1 + k * trainable.length + w], shape: [...weight.shape], dtype: 'float32', group: 'optimizer' });
      parts.push(bytesOf(await slots[w][k].tensor.data()));
    }
  }
  return { specs, data: concatBytes(parts) };
}

/** Whether `found` names the state `name` of `weight`: exactly, or with the `_1`, `_2` ... TF.js adds to a variable whose name was taken. */
function sameState(found: string, name: string, weight: Weight | undefined): boolean {
  if (found === name || !weight) return found === name;
  const kind = name.slice(weight.name.length);
  return found.startsWith(`${weight.name}_`) && found.endsWith(kind) && /^\d+$/.test(found.slice(weight.name.length + 1, found.length - kind.length));
}

/**
 * Checks the optimizer state a file holds against `optimizer` and the
 * model's `trainable` weights (TF.js's order and names, shapes, finite
 * values, `iter` a count; `iter` alone stands for an optimizer that has not
 * stepped yet, as TF.js writes one) and returns the write that sets it.
 * Nothing is written before every check has passed. A file without
 * optimizer state gives null.
 *
 * @example
 * ```ts
 * const write = checkOptimizerState(optimizer, model.trainableWeights, stored, 'model.json');
 * write?.();
 * ```
 */
export function checkOptimizerState(optimizer: Optimizer, trainable: readonly Weight[], stored: readonly StoredWeight[], file: string): (() => void) | null {
  const entries = stored.filter((s) => s.entry.group === 'optimizer');
  if (entries.length === 0) return null;
  const names = stateNames(optimizer, trainable);
  const layout = `${optimizer.className}'s state for this model is ${names.length} weights: iter, then ${optimizer.slotKinds.map((k) => `<weight>/${k}`).join(', then ') || 'nothing'} for each of its ${trainable.length} trainable weights`;
  const fresh = entries.length === 1;
  if (!fresh && entries.length < names.length) {
    throw problem(file, 'weightsManifest', names[entries.length], `the optimizer weight ${names[entries.length]} is missing from the file (${layout}; the file holds ${entries.length}).`);
  }
  if (entries.length > names.length) {
    const extra = entries.slice(names.length).map((e) => e.entry.name);
    throw problem(file, 'weightsManifest', extra.join(', '), `the file holds optimizer weights this model's optimizer does not have: ${extra.join(', ')} (${layout}).`);
  }
  const values = entries.map(({ entry, bytes }, i) => {
    const weight = i === 0 ? undefined : trainable[(i - 1) % trainable.length];
    const at = field(entry.name);
    if (!sameState(entry.name, names[i], weight)) throw expected(file, at, `${JSON.stringify(names[i])} (optimizer weight ${i}: ${layout})`, entry.name);
    const shape = weight?.shape ?? [];
    const size = shape.reduce((a, b) => a * b, 1);
    if (weight ? entry.shape.length !== shape.length || entry.shape.some((d, j) => d !== shape[j]) : entry.shape.reduce((a, b) => a * b, 1) !== 1) {
      throw expected(file, `${at}.shape`, weight ? `[${shape.join(', ')}] (the shape of ${weight.name})` : '[] (one count)', entry.shape);
    }
    if (entry.quantization?.dtype === 'int8' || (weight && entry.dtype !== 'float32')) throw expected(file, `${at}.dtype`, 'float32', entry.quantization?.dtype ?? entry.dtype);
    // iter exactly (an int32 above 2^24 is not a float32).
    const data = !weight && entry.dtype === 'int32' && !entry.quantization ? Float64Array.of(new DataView(bytes.buffer, bytes.byteOffset, 4).getInt32(0, true)) : floatValues({ entry, bytes });
    const nonNegative = weight !== undefined && NON_NEGATIVE.has(names[i].slice(weight.name.length + 1));
    const fits = weight ? (v: number) => Number.isFinite(v) && (!nonNegative || v >= 0) : (v: number) => Number.isInteger(v) && v >= 0 && v <= MAX_STEPS;
    const bad = data.findIndex((v) => !fits(v));
    if (bad >= 0) {
      const what = weight ? `finite values${nonNegative ? ' >= 0' : ''}` : `a count of steps (an integer in [0, ${MAX_STEPS}])`;
      throw problem(file, at, String(data[bad]), `${at}: expected ${what}, received ${data[bad]}${size > 1 ? ` at ${positionOf(bad, shape)}` : ''}.`);
    }
    return data;
  });
  return () => {
    optimizer.setIterations(values[0][0]);
    trainable.forEach((weight, w) =>
      optimizer.slotsOf(weight).forEach((slot, k) => {
        const source = fresh ? fill(weight.shape, slot.start, 'float32') : tensor(values[1 + k * trainable.length + w] as Float32Array, weight.shape, 'float32');
        try {
          copyTensor(source, slot.tensor, names[1 + k * trainable.length + w]);
        } finally {
          source.dispose();
        }
      }),
    );
  };
}
