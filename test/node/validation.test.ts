/**
 * Host indices are checked before any GPU work: each kind of bad index throws
 * a RangeError or TypeError naming the op, the position, the value and the
 * valid range, and nothing is submitted or allocated.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { gather, getDevice, matMul, memory, oneHot, tensor, type Tensor } from '../../src/index.js';
import { setupGpu } from '../support/gpu.js';

let table: Tensor;
let device: GPUDevice;

beforeAll(async () => {
  await setupGpu('validation');
  device = await getDevice();
  table = tensor(Float32Array.from({ length: 40 }, (_, i) => i), [10, 4]);
});

afterEach(() => vi.restoreAllMocks());

/** Runs `op`, expecting it to throw `type` with `message`, with no GPU submission or allocation on the way. */
function expectRejectedBeforeGpuWork(op: () => unknown, type: ErrorConstructor, message: string | RegExp) {
  const submit = vi.spyOn(device.queue, 'submit');
  const createBuffer = vi.spyOn(device, 'createBuffer');
  const before = memory();
  expect(op).toThrow(type);
  expect(op).toThrow(message);
  expect(submit).not.toHaveBeenCalled();
  expect(createBuffer).not.toHaveBeenCalled();
  expect(memory()).toEqual(before);
}

describe('bad host indices are rejected before any GPU work', () => {
  const cases: [string, unknown, ErrorConstructor, string][] = [
    ['out of range', [[1], [10]], RangeError, 'gather: expected integer indices in [0, 10), received 10 at [1, 0].'],
    ['far out of range', [2 ** 31], RangeError, 'received 2147483648 at [0]'],
    ['negative', [[0, -1]], RangeError, 'gather: expected integer indices in [0, 10), received -1 at [0, 1].'],
    ['non-integer', [[2.5]], TypeError, 'gather: expected integer indices in [0, 10), received 2.5 at [0, 0].'],
    ['NaN', [1, NaN], TypeError, 'received NaN at [1]'],
    ['Infinity', [Infinity], TypeError, 'received Infinity at [0]'],
    ['a string', [[1], ['2']], TypeError, 'gather: expected a number at [1, 0], received "2".'],
    ['null', null, TypeError, 'gather: expected indices, received null.'],
    ['ragged', [[1, 2], [3]], TypeError, 'ragged nested array: expected 2 entries at [1]'],
    ['out of range in an Int32Array', new Int32Array([3, 11]), RangeError, 'received 11 at [1]'],
    ['out of range in a BigInt64Array', new BigInt64Array([3n, 2n ** 40n]), RangeError, 'received 1099511627776n at [1]'],
    ['a Float32Array', new Float32Array([1]), TypeError, 'received Float32Array'],
  ];
  for (const [what, indices, type, message] of cases) {
    it(`gather: ${what}`, () => expectRejectedBeforeGpuWork(() => gather(table, indices as never), type, message));
  }

  it('oneHot: out of range for its depth', () =>
    expectRejectedBeforeGpuWork(() => oneHot([0, 3], 3), RangeError, 'oneHot: expected integer indices in [0, 3), received 3 at [1].'));
  it('oneHot: depth must be a positive integer', () =>
    expectRejectedBeforeGpuWork(() => oneHot([0], 0), RangeError, 'oneHot: expected depth to be a positive integer, received 0.'));
  it('matMul: inner dimensions must agree', () =>
    expectRejectedBeforeGpuWork(() => matMul(table, table), RangeError, 'matMul: expected a [M, K] and b [K, N], received [10, 4] and [10, 4].'));
  it('gather: the table must be a matrix', () => {
    const vector = tensor([1, 2, 3]);
    expectRejectedBeforeGpuWork(() => gather(vector, [0]), RangeError, 'gather: expected a table of rank 2 [V, D], received shape [3].');
    vector.dispose();
  });
});

describe('accepted index forms', () => {
  it('BigInt64Array, Uint32Array and Int32Array indices that fit give the same rows as nested arrays', async () => {
    const expected = await gather(table, [7, 0, 9]).data();
    for (const idx of [new BigInt64Array([7n, 0n, 9n]), new Uint32Array([7, 0, 9]), new Int32Array([7, 0, 9])]) {
      expect(await gather(table, idx).data()).toEqual(expected);
    }
  });

  it('an int32 tensor of indices is used as is; a float32 one is refused', () => {
    expect(() => gather(table, tensor([1, 2]))).toThrow('gather: expected int32 indices, received a float32 tensor.');
  });
});

describe('tensors', () => {
  it('a released output buffer is reused for the next output of its size, and fully rewritten (poisoned first)', async () => {
    const first = gather(table, [1, 2]);
    const buffer = first.buffer;
    first.dispose();
    const second = gather(table, [9, 0]);
    expect(second.buffer).toBe(buffer);
    expect([...(await second.data())]).toEqual([36, 37, 38, 39, 0, 1, 2, 3]);
    second.dispose();
  });

  it('dispose is idempotent and use after dispose throws', async () => {
    const t = tensor([1, 2, 3]);
    t.dispose();
    t.dispose();
    await expect(t.data()).rejects.toThrow('Tensor [3] float32 was used after dispose().');
    expect(() => gather(t, [0])).toThrow('used after dispose()');
  });

  it('memory() counts live tensors and the bytes of distinct buffers (a view adds no bytes)', () => {
    const before = memory();
    const t = tensor(new Float32Array(12), [3, 4]);
    const view = t.reshape([12]);
    expect(memory()).toEqual({ numTensors: before.numTensors + 2, numBytes: before.numBytes + 48 });
    t.dispose();
    expect(memory().numBytes).toBe(before.numBytes + 48);
    view.dispose();
    expect(memory()).toEqual(before);
  });

  it('tensor() rejects values that do not fill the shape and int32 values that are not integers', () => {
    expect(() => tensor([1, 2, 3], [2, 2])).toThrow('tensor: 3 values do not fill shape [2, 2] (4 elements).');
    expect(() => tensor([1.5], [1], 'int32')).toThrow(RangeError);
  });
});
