/**
 * Property-based tests (fast-check): random tables, shapes, index forms,
 * buffer limits and Embedding models -> the GPU equals the CPU reference; random malformed
 * inputs -> only the documented error types, the same as the CPU
 * reference's, and no GPU work. Each property is seeded from the case's
 * generator, so a failure prints a seed that replays it. The browser tier
 * runs `cases` (a few runs each); the Node tier runs `fuzzCases` with more.
 */
import fc from 'fast-check';
import { Embedding, Flatten, IndexOutOfRangeError, Input, Model, cpu, gather, matMul, memory, oneHot, tensor, type Tensor } from '../../src/index.js';
import { assert, assertAllClose, assertShape } from '../support/close.js';
import { countGpuCalls } from '../support/gpu-calls.js';
import { withBufferLimit } from '../support/buffer-limit.js';
import type { Case } from './case.js';
import { gpuComputedIndices } from '../support/gpu-indices.js';

const table = fc.record({
  rows: fc.integer({ min: 1, max: 40 }),
  dim: fc.integer({ min: 1, max: 12 }),
  seed: fc.integer(),
});

function tableData(rows: number, dim: number, seed: number): Float32Array {
  const out = new Float32Array(rows * dim);
  let state = seed >>> 0;
  for (let i = 0; i < out.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state / 2 ** 31 - 1;
  }
  return out;
}

const indexShape = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 3 });
type IndexForm = 'nested' | 'int32' | 'int64' | 'tensor';
const indexForm = fc.constantFrom<IndexForm>('nested', 'int32', 'int64', 'tensor');

function nestedOf(flat: ArrayLike<number>, shape: readonly number[]): unknown {
  if (shape.length === 0) return flat[0];
  const stride = shape.slice(1).reduce((a, b) => a * b, 1);
  return Array.from({ length: shape[0] }, (_, i) => nestedOf(Array.prototype.slice.call(flat, i * stride, (i + 1) * stride), shape.slice(1)));
}


async function readAndDispose(t: Tensor): Promise<ArrayLike<number>> {
  try {
    return await t.data();
  } finally {
    t.dispose();
  }
}

/** Garbage of the kinds callers really pass: wrong numbers, wrong types, wrong nesting. */
const junkLeaf = fc.oneof(
  fc.integer({ min: -50, max: 50 }),
  fc.constantFrom(-1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, NaN, Infinity, -Infinity, 0.5, -0, 1e-300),
  fc.double(),
  fc.string({ maxLength: 3 }),
  fc.constantFrom(null, undefined, true, {}, 1n),
);
const junk = fc.oneof(
  junkLeaf,
  fc.array(junkLeaf, { maxLength: 4 }),
  fc.array(fc.array(junkLeaf, { maxLength: 3 }), { maxLength: 3 }),
  fc.array(fc.oneof(junkLeaf, fc.array(junkLeaf, { maxLength: 2 })), { maxLength: 3 }),
  fc.array(fc.bigInt({ min: -(2n ** 40n), max: 2n ** 40n }), { maxLength: 4 }).map((v) => BigInt64Array.from(v)),
  fc.array(fc.integer({ min: -5, max: 60 }), { maxLength: 4 }).map((v) => new Float64Array(v)),
);

/** The property-based cases with `runs` runs per property. */
export function fuzzCases(runs: number): Case[] {
  const seedOf = (rng: () => number) => Math.floor(rng() * 2 ** 31);
  return [
    {
      name: `fuzz (${runs} runs): gather of random tables, index shapes and forms, split or whole, equals the CPU reference`,
      run: async (rng) => {
        await fc.assert(
          fc.asyncProperty(table, indexShape, indexForm, fc.integer({ min: 0, max: 3 }), fc.integer(), async ({ rows, dim, seed }, shape, form, split, pick) => {
            const host = { data: tableData(rows, dim, seed), shape: [rows, dim] };
            const count = shape.reduce((a, b) => a * b, 1);
            const idx = Int32Array.from({ length: count }, (_, i) => Math.abs((pick + i * 7919) % rows));
            // split 0: the device's limit; otherwise about `split` rows per buffer (outputs must still fit one buffer).
            const limit = split === 0 ? 0 : Math.max(split * dim * 4, count * dim * 4, 16);
            await withBufferLimit(limit, async () => {
              const t = tensor(host.data, host.shape);
              const ids = form === 'tensor' ? tensor(idx, shape) : null;
              const arg =
                form === 'nested' ? nestedOf(idx, shape)
                : form === 'int32' ? idx
                : form === 'int64' ? BigInt64Array.from(idx, (v) => BigInt(v))
                : ids!;
              // The reference takes the same host form (a nested [] cannot say [0, 0]: both read it as [0]).
              const expected = form === 'tensor' ? cpu.gather(host, idx, { shape }) : cpu.gather(host, arg as Int32Array);
              const out = gather(t, arg as Int32Array);
              assertShape(out.shape, expected.shape, 'gather shape');
              assertAllClose(await readAndDispose(out), expected.data, `gather V=${rows} D=${dim} [${shape}] ${form} split=${split}`);
              ids?.dispose();
              t.dispose();
            });
          }),
          { seed: seedOf(rng), numRuns: runs },
        );
      },
    },
    {
      name: `fuzz (${runs} runs): GPU-resident indices with random bad values: 'throw' reports the first one, 'zero' equals the CPU reference`,
      run: async (rng) => {
        await fc.assert(
          fc.asyncProperty(
            table,
            fc.array(fc.oneof(fc.integer({ min: 0, max: 39 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })), { minLength: 1, maxLength: 300 }),
            async ({ rows, dim, seed }, values) => {
              const host = { data: tableData(rows, dim, seed), shape: [rows, dim] };
              const idx = Int32Array.from(values);
              const bad = [...idx.keys()].filter((i) => idx[i] < 0 || idx[i] >= rows);
              const t = tensor(host.data, host.shape);
              // Uploaded (their range known to the library) and as a GPU kernel would leave them (unknown).
              for (const ids of [tensor(idx), gpuComputedIndices(idx)]) {
                const out = gather(t, ids);
                try {
                  await out.data();
                  assert(bad.length === 0, `read succeeded with ${bad.length} bad indices`);
                } catch (error) {
                  assert(error instanceof IndexOutOfRangeError, `unexpected ${String(error)}`);
                  assert(bad.length > 0, 'reported with no bad index');
                  assert(error.count === bad.length && error.index === idx[bad[0]] && error.position === `[${bad[0]}]`, error.message);
                }
                out.dispose();
                assertAllClose(await readAndDispose(gather(t, ids, { outOfRange: 'zero' })), cpu.gather(host, idx, { outOfRange: 'zero' }).data, 'zero');
                ids.dispose();
              }
              t.dispose();
            },
          ),
          { seed: seedOf(rng), numRuns: runs },
        );
      },
    },
    {
      name: `fuzz (${runs} runs): oneHot x table equals gather on random tables`,
      run: async (rng) => {
        await fc.assert(
          fc.asyncProperty(table, fc.array(fc.nat(), { minLength: 1, maxLength: 20 }), async ({ rows, dim, seed }, picks) => {
            const host = { data: tableData(rows, dim, seed), shape: [rows, dim] };
            const ids = picks.map((p) => p % rows);
            const t = tensor(host.data, host.shape);
            const byDot = await readAndDispose(matMul(oneHot(ids, rows), t).reshape([ids.length, dim]));
            assertAllClose(byDot, cpu.gather(host, ids).data, 'onehot lookup', { atol: 1e-7, rtol: 1e-6 });
            t.dispose();
          }),
          { seed: seedOf(rng), numRuns: runs },
        );
      },
    },
    {
      name: `fuzz (${runs} runs): Embedding models (random sizes, lookup, split weights) predict the CPU reference before and after setWeights`,
      run: async (rng) => {
        await fc.assert(
          fc.asyncProperty(
            table,
            fc.constantFrom<'gather' | 'onehot'>('gather', 'onehot'),
            fc.integer({ min: 0, max: 4 }),
            fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
            fc.integer({ min: 1, max: 8 }),
            async ({ rows, dim, seed }, lookup, split, picks, batchSize) => {
              const weights = tableData(rows, dim, seed);
              const ids = picks.map((p) => p % rows);
              // Only gather reads split weights; outputs must still fit one buffer.
              const limit = split === 0 || lookup === 'onehot' ? 0 : Math.max(split * dim * 4, ids.length * dim * 4, 16);
              await withBufferLimit(limit, async () => {
                const layer = new Embedding({ inputDim: rows, outputDim: dim, inputLength: 1, lookup, weights: [weights] });
                const x = Input({ shape: [1] });
                const model = new Model({ inputs: x, outputs: new Flatten().apply(layer.apply(x)) });
                const nested = ids.map((i) => [i]);
                const atol = lookup === 'onehot' ? 1e-6 : 0;
                assertAllClose(await readAndDispose(model.predict(nested, { batchSize }) as Tensor), cpu.gather({ data: weights, shape: [rows, dim] }, ids).data, 'predict', { atol });
                const next = tableData(rows, dim, seed + 1);
                model.setWeights([next]);
                assertAllClose(await readAndDispose(model.predict(Int32Array.from(ids)) as Tensor), cpu.gather({ data: next, shape: [rows, dim] }, ids).data, 'after setWeights', { atol });
                model.dispose();
                layer.dispose();
              });
            },
          ),
          { seed: seedOf(rng), numRuns: runs },
        );
      },
    },
    {
      name: `fuzz (${runs} runs): random malformed indices and tables fail like the CPU reference, with RangeError/TypeError only, before GPU work`,
      run: async (rng) => {
        const t = tensor(tableData(10, 3, 1), [10, 3]);
        const host = { data: tableData(10, 3, 1), shape: [10, 3] };
        try {
          await fc.assert(
            fc.asyncProperty(junk, fc.boolean(), async (value, asTable) => {
              const before = memory();
              const op = () => (asTable ? gather(value as number[][], [0]) : gather(t, value as number[]));
              let reference: unknown = null;
              try {
                if (!asTable) cpu.gather(host, value as number[]);
              } catch (e) {
                reference = e;
              }
              const { calls, error } = countGpuCalls(() => {
                const out = op();
                out.dispose();
              });
              if (!error) {
                assert(asTable || reference === null, `gather accepted what the CPU reference rejected: ${String(reference)}`);
                return;
              }
              assert(error instanceof RangeError || error instanceof TypeError, `undocumented error ${String(error)}`);
              assert(calls.createBuffer + calls.writeBuffer + calls.submit === 0, `GPU work before ${String(error)}: ${JSON.stringify(calls)}`);
              assert(/^gather: /.test((error as Error).message), `message does not name the op: ${(error as Error).message}`);
              if (!asTable) {
                assert(reference !== null && (reference as Error).constructor === (error as Error).constructor, `CPU reference: ${String(reference)}; GPU: ${String(error)}`);
                assert((reference as Error).message === (error as Error).message, `messages differ: ${(reference as Error).message} / ${(error as Error).message}`);
              }
              const after = memory();
              assert(after.numTensors === before.numTensors && after.numBytes === before.numBytes, 'memory changed');
            }),
            { seed: seedOf(rng), numRuns: runs * 4 },
          );
        } finally {
          t.dispose();
        }
      },
    },
  ];
}

export const cases: Case[] = fuzzCases(12);
