/**
 * Property-based tests (fast-check) of the file readers, which take
 * untrusted bytes: random valid .npy, safetensors and word-vector files
 * load with the values they stand for; random damage (cut files, changed
 * bytes, random headers and JSON) is either still a valid file or refused
 * with a FormatError, never another error, and with no GPU work and no
 * GPU memory left behind. The browser tier runs `cases` (a few runs each);
 * the Node tier runs `ioFuzzCases` with more.
 */
import fc from 'fast-check';
import { Dense, Embedding, Flatten, FormatError, Input, loadModel, loadNpy, loadSafetensors, loadWordVectors, memory, Model, type ModelArtifacts, type Tensor } from '../../src/index.js';
import { memoryHandler } from '../support/saved-models.js';
import { assert, assertAllClose, assertShape } from '../support/close.js';
import { elementBytes, fortranPositions, npyDict, npyFile, safetensorsFile, safetensorsWithHeader, storedValues, type Kind } from '../support/formats.js';
import { countGpuCalls } from '../support/gpu-calls.js';
import { seeded } from '../support/random.js';
import type { Case } from './case.js';

const kinds: Kind[] = ['f2', 'f4', 'f8', 'i4', 'i8'];
const shapeArb = fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 0, maxLength: 3 });
const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

async function readAndDispose(t: Tensor): Promise<ArrayLike<number>> {
  try {
    return await t.data();
  } finally {
    t.dispose();
  }
}

/** Runs a reader on untrusted input: a refusal must be a FormatError with no GPU call and nothing left on the GPU. */
function refusedCleanly<T>(read: () => T): T | null {
  const before = memory();
  let result: T | null = null;
  const { calls, error } = countGpuCalls(() => {
    result = read();
  });
  if (!error) return result;
  assert(error instanceof FormatError, `a reader threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}, not a FormatError`);
  assert(error.file && error.field && error.message.includes(error.file), `incomplete FormatError: ${error.message}`);
  assert(calls.createBuffer + calls.writeBuffer + calls.submit === 0, `GPU work before refusing: ${JSON.stringify(calls)}`);
  const after = memory();
  assert(after.numTensors === before.numTensors && after.numBytes === before.numBytes, 'a refused file left GPU memory behind');
  return null;
}

function disposeAll(result: Tensor | Record<string, Tensor> | { table: Tensor } | null): void {
  if (!result) return;
  if ('dispose' in result && typeof result.dispose === 'function') (result as Tensor).dispose();
  else if ('table' in result && 'vocabulary' in result) (result.table as Tensor).dispose();
  else for (const t of Object.values(result as Record<string, Tensor>)) t.dispose();
}

/** Damage to a file: cut it short, and overwrite some bytes. */
const damage = fc.record({
  cut: fc.option(fc.nat(), { nil: undefined }),
  writes: fc.array(fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }), { maxLength: 6 }),
});

function damaged(bytes: Uint8Array, hurt: { cut?: number; writes: { at: number; byte: number }[] }): Uint8Array {
  const out = bytes.slice(0, hurt.cut === undefined ? bytes.length : hurt.cut % (bytes.length + 1));
  for (const w of hurt.writes) if (out.length) out[w.at % out.length] = w.byte;
  return out;
}

/** Text that looks like a .npy header's pieces, in random order. */
const pyToken = fc.constantFrom("'descr'", "'<f4'", "'<i8'", "'>f2'", "'shape'", "'fortran_order'", 'True', 'False', 'None', '(', ')', '[', ']', '{', '}', ':', ',', '3', '-1', '2.5', 'nan', '1e9', ' ', "'", '"', '\\', '9999999999999999999');

/** Values a JSON header might hold in place of the right ones. */
const jsonJunk = fc.oneof(fc.jsonValue(), fc.constantFrom(-1, 1.5, 2 ** 53, '3', null, [], [0], [4, 0], [0, 2 ** 60], 'F32', 'I64', 'BF16', 'U8', { toString: false }, { __proto__: null, valueOf: 'x' }));

/** Every path (keys and indices) to a value inside `value`. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [prefix, ...keys.flatMap((k) => paths((value as Record<string | number, unknown>)[k], [...prefix, k]))];
}

/** A copy of `value` with the value at `path` replaced (or deleted when `replacement` is the `drop` marker). */
function edited(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  const [key, ...rest] = path;
  if (rest.length === 0 && replacement === DROP) {
    if (Array.isArray(copy)) copy.splice(key as number, 1);
    else delete copy[key];
  } else copy[key] = edited(copy[key], rest, replacement);
  return copy;
}
const DROP = Symbol('drop');

/** A small saved model (two inputs, tables, Flatten, Dense) to damage: its model.json and weight bytes. */
async function savedModel(): Promise<{ modelJson: Record<string, unknown>; weights: Uint8Array }> {
  const a = Input({ shape: [2], name: 'a' });
  const b = Input({ shape: [1], name: 'b' });
  const table = new Embedding({ inputDim: 6, outputDim: 3, name: 'table', seed: 1 });
  const flat = new Flatten({ name: 'flat' });
  const model = new Model({ inputs: [a, b], outputs: [new Dense({ units: 2, name: 'dense', seed: 2 }).apply(flat.apply(table.apply(a))), flat.apply(table.apply(b))] });
  const handler = memoryHandler();
  await model.save(handler);
  model.dispose();
  const artifacts = handler.artifacts as ModelArtifacts;
  const modelJson = { format: 'layers-model', modelTopology: artifacts.modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }] };
  return { modelJson: JSON.parse(JSON.stringify(modelJson)), weights: new Uint8Array(artifacts.weightData as ArrayBuffer) };
}

/** A small compiled model (a table, Flatten, Dense) saved with its Adam state after one step: model.json, weight bytes, where the optimizer's bytes start. */
async function savedWithOptimizer(): Promise<{ modelJson: Record<string, unknown>; weights: Uint8Array; optimizerStart: number }> {
  const a = Input({ shape: [2], name: 'a' });
  const model = new Model({ inputs: a, outputs: new Dense({ units: 1, name: 'dense', seed: 2 }).apply(new Flatten({ name: 'flat' }).apply(new Embedding({ inputDim: 6, outputDim: 3, name: 'table', seed: 1 }).apply(a))) });
  model.compile({ optimizer: 'adam', loss: 'mse', metrics: ['mae'] });
  await model.fit(new Int32Array([0, 1, 2, 3, 4, 5]), new Float32Array([1, 0, 1]), { epochs: 1, verbose: 0 });
  const handler = memoryHandler();
  await model.save(handler, { includeOptimizer: true });
  model.dispose();
  const artifacts = handler.artifacts as ModelArtifacts;
  const modelBytes = artifacts.weightSpecs!.filter((w) => w.group !== 'optimizer').reduce((n, w) => n + size(w.shape) * 4, 0);
  const modelJson = { format: 'layers-model', modelTopology: artifacts.modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }], trainingConfig: artifacts.trainingConfig };
  return { modelJson: JSON.parse(JSON.stringify(modelJson)), weights: new Uint8Array(artifacts.weightData as ArrayBuffer), optimizerStart: modelBytes };
}

/** Loads an edited model: a model (disposed) or a FormatError, with nothing left on the GPU either way. */
async function loadsOrRefuses(modelJson: unknown, weights: Uint8Array, label: string): Promise<void> {
  const before = memory();
  try {
    const model = await loadModel({ modelJson: modelJson as never, weights });
    model.dispose();
  } catch (error) {
    assert(error instanceof FormatError, `${label}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  }
  const after = memory();
  assert(after.numTensors === before.numTensors && after.numBytes === before.numBytes, `${label}: GPU memory left behind`);
}

export function ioFuzzCases(runs: number): Case[] {
  const seedOf = (rng: () => number) => Math.floor(rng() * 2 ** 31);
  return [
    {
      name: `fuzz (${runs} runs): random valid .npy files (every type, byte order, version, Fortran order) load with their values`,
      run: async (rng) => {
        await fc.assert(
          fc.asyncProperty(fc.constantFrom(...kinds), fc.boolean(), fc.constantFrom<1 | 2 | 3>(1, 2, 3), fc.boolean(), shapeArb, fc.integer(), async (kind, little, version, fortran, shape, seed) => {
            const { stored, expected } = storedValues(seeded(seed), kind, size(shape));
            const order = fortran ? fortranPositions(shape) : null;
            const bytes = npyFile(npyDict(`${little ? '<' : '>'}${kind}`, shape, fortran), elementBytes(kind, order ? order.map((i) => stored[i]) : stored, little), { version });
            const t = loadNpy(bytes);
            assertShape(t.shape, shape, 'shape');
            assertAllClose(await readAndDispose(t), expected, `${kind} ${little ? 'LE' : 'BE'} v${version} ${fortran ? 'F' : 'C'} [${shape}]`);
          }),
          { seed: seedOf(rng), numRuns: runs },
        );
      },
    },
    {
      name: `fuzz (${runs} runs): damaged .npy files and random headers are refused with a FormatError (or still valid), cleanly`,
      run: async (rng) => {
        await fc.assert(
          fc.asyncProperty(fc.constantFrom(...kinds), shapeArb, damage, fc.array(pyToken, { maxLength: 24 }), fc.boolean(), async (kind, shape, hurt, tokens, useTokens) => {
            const data = elementBytes(kind, storedValues(seeded(7), kind, size(shape)).stored);
            const dict = useTokens ? `{${tokens.join('')}}` : npyDict(`<${kind}`, shape);
            const bytes = damaged(npyFile(dict, data), hurt);
            const result = refusedCleanly(() => loadNpy(bytes, { name: 'fuzz.npy' }));
            if (result) await readAndDispose(result);
          }),
          { seed: seedOf(rng), numRuns: runs * 3 },
        );
      },
    },
    {
      name: `fuzz (${runs} runs): random valid safetensors files (names, types, shapes, data order, metadata) load with their values`,
      run: async (rng) => {
        const dtypes: [Kind | 'bf16', string][] = [['f4', 'F32'], ['f2', 'F16'], ['bf16', 'BF16'], ['f8', 'F64'], ['i4', 'I32'], ['i8', 'I64']];
        await fc.assert(
          fc.asyncProperty(
            fc.uniqueArray(fc.record({ name: fc.oneof(fc.string({ minLength: 1, maxLength: 6 }), fc.constantFrom('__proto__', 'constructor', 'toString')), dtype: fc.constantFrom(...dtypes), shape: shapeArb }), { selector: (e) => e.name, maxLength: 5 }),
            fc.integer(),
            fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
            async (entries, seed, metadata) => {
              const named = entries.filter((e) => e.name !== '__metadata__');
              const rand = seeded(seed);
              const tensors: Record<string, { dtype: string; shape: number[]; bytes: Uint8Array }> = {};
              const expected = new Map<string, number[]>();
              for (const e of named) {
                const { stored, expected: values } = storedValues(rand, e.dtype[0] as Kind, size(e.shape));
                Object.defineProperty(tensors, e.name, { value: { dtype: e.dtype[1], shape: e.shape, bytes: elementBytes(e.dtype[0] as Kind, stored) }, enumerable: true });
                expected.set(e.name, values);
              }
              const order = [...expected.keys()].sort(() => rand() - 0.5);
              const loaded = loadSafetensors(safetensorsFile(tensors, { order, metadata }));
              assert(Object.keys(loaded).length === expected.size, `${Object.keys(loaded).length} tensors, expected ${expected.size}`);
              for (const [name, values] of expected) {
                assert(Object.hasOwn(loaded, name), `missing ${JSON.stringify(name)}`);
                assertAllClose(await readAndDispose(loaded[name]), values, JSON.stringify(name));
              }
            },
          ),
          { seed: seedOf(rng), numRuns: runs },
        );
      },
    },
    {
      name: `fuzz (${runs} runs): damaged safetensors files and random header values are refused with a FormatError (or still valid), cleanly`,
      run: async (rng) => {
        await fc.assert(
          fc.asyncProperty(damage, fc.constantFrom('dtype', 'shape', 'data_offsets', 'entry', 'header', '__metadata__', 'none'), jsonJunk, async (hurt, field, junk) => {
            const tensors = {
              a: { dtype: 'F32', shape: [2, 2], bytes: elementBytes('f4', [1, 2, 3, 4]) },
              b: { dtype: 'I64', shape: [3], bytes: elementBytes('i8', [1n, 2n, 3n]) },
            };
            const edit = (header: Record<string, any>) => {
              if (field === 'entry') header.b = junk;
              else if (field === '__metadata__') header.__metadata__ = junk;
              else if (field !== 'none' && field !== 'header') header.a[field] = junk;
            };
            let bytes = safetensorsFile(tensors, { edit });
            if (field === 'header') bytes = safetensorsWithHeader(JSON.stringify(junk) ?? '');
            const result = refusedCleanly(() => loadSafetensors(damaged(bytes, hurt), { name: 'fuzz.safetensors' }));
            if (result) for (const t of Object.values(result)) await readAndDispose(t);
          }),
          { seed: seedOf(rng), numRuns: runs * 3 },
        );
      },
    },
    {
      name: `fuzz (${runs} runs): model.json with any one value replaced or removed, or damaged weight bytes: a model or a FormatError, nothing left on the GPU`,
      run: async (rng) => {
        const saved = await savedModel();
        const all = paths(saved.modelJson);
        await fc.assert(
          fc.asyncProperty(fc.nat(), fc.oneof(jsonJunk, fc.constant(DROP), fc.constantFrom(1e9, -1, 0, 'Dense', 'InputLayer', [[['a', 5, 0, {}]]], { class_name: 'Zeros' })), damage, fc.boolean(), async (pick, junk, hurt, hurtWeights) => {
            const path = all[pick % all.length];
            const modelJson = edited(saved.modelJson, path, junk);
            const weights = hurtWeights ? damaged(saved.weights, hurt) : saved.weights;
            await loadsOrRefuses(modelJson, weights, `editing ${JSON.stringify(path)} to ${typeof junk === 'symbol' ? 'nothing' : JSON.stringify(junk)}`);
          }),
          { seed: seedOf(rng), numRuns: runs * 3 },
        );
      },
    },
    {
      name: `fuzz (${runs} runs): a model saved with its optimizer, with any one value of trainingConfig or of an optimizer weight's entry replaced or removed, or the optimizer's bytes damaged: a compiled model or a FormatError, nothing left on the GPU`,
      run: async (rng) => {
        const saved = await savedWithOptimizer();
        const entries = (saved.modelJson.weightsManifest as { weights: { group?: string }[] }[])[0].weights;
        const optimizerPaths = paths(saved.modelJson).filter(([key, , part, index]) => key === 'trainingConfig' || (part === 'weights' && typeof index === 'number' && entries[index].group === 'optimizer'));
        const junk = fc.oneof(jsonJunk, fc.constant(DROP), fc.constantFrom('SGD', 'Momentum', 'RMSProp', 'iter', 'dense/kernel/m', 'optimizer', 'int32', 1e-3, -0.5, 2 ** 31, [3, 1], [], {}));
        await fc.assert(
          fc.asyncProperty(fc.nat(), junk, damage, fc.boolean(), async (pick, value, hurt, hurtBytes) => {
            const path = optimizerPaths[pick % optimizerPaths.length];
            const modelJson = edited(saved.modelJson, path, value);
            const weights = saved.weights.slice();
            if (hurtBytes) weights.set(damaged(saved.weights.subarray(saved.optimizerStart), { writes: hurt.writes }), saved.optimizerStart);
            await loadsOrRefuses(modelJson, weights, `editing ${JSON.stringify(path)} to ${typeof value === 'symbol' ? 'nothing' : JSON.stringify(value)}`);
          }),
          { seed: seedOf(rng), numRuns: runs * 3 },
        );
      },
    },
    {
      name: `fuzz (${runs} runs): word-vector text, valid (with or without a word2vec header) or not, loads its vectors or is refused cleanly`,
      run: async (rng) => {
        await fc.assert(
          fc.asyncProperty(
            fc.uniqueArray(fc.stringMatching(/^[a-z']{1,6}$/), { minLength: 1, maxLength: 8 }),
            fc.integer({ min: 1, max: 5 }),
            fc.boolean(),
            fc.integer(),
            fc.array(fc.constantFrom(' ', '\t', '\n', '1', '-', '.', 'e', 'x', 'nan', 'inf', '0x1', '3 3', '\r\n'), { maxLength: 6 }),
            async (words, dim, header, seed, noise) => {
              const rand = seeded(seed);
              const rows = words.map((w) => [w, ...Array.from({ length: dim }, () => Math.fround(rand() * 2 - 1))] as const);
              const text = (header ? `${words.length} ${dim}\n` : '') + rows.map((r) => r.join(' ')).join('\n') + '\n';
              const { vocabulary, table } = loadWordVectors(text);
              assert(vocabulary.join() === words.join(), `vocabulary ${vocabulary}`);
              assertShape(table.shape, [words.length, dim], 'table');
              assertAllClose(await readAndDispose(table), rows.flatMap((r) => r.slice(1) as number[]), 'vectors');
              const spot = Math.floor(rand() * (text.length + 1));
              const noisy = text.slice(0, spot) + noise.join('') + text.slice(spot);
              const result = refusedCleanly(() => loadWordVectors(noisy, { name: 'fuzz.txt' }));
              disposeAll(result);
            },
          ),
          { seed: seedOf(rng), numRuns: runs },
        );
      },
    },
  ];
}

export const cases: Case[] = ioFuzzCases(10);
