/** The CPU reference against the notebook's hand-worked cells (no GPU involved). */
import { describe, expect, it } from 'vitest';
import { cpu } from '../../src/index.js';

// np.arange(40).reshape(10, 4), the notebook's embedding matrix.
const embedding = { data: Float32Array.from({ length: 40 }, (_, i) => i), shape: [10, 4] };

describe('CPU reference on the notebook cells', () => {
  it('indexes row 3 as [12, 13, 14, 15]', () => {
    const row = cpu.gather(embedding, 3);
    expect(row.shape).toEqual([4]);
    expect([...row.data]).toEqual([12, 13, 14, 15]);
  });

  it('one-hot encodes 3 with depth 10', () => {
    const hot = cpu.oneHot([3], 10);
    expect(hot.shape).toEqual([1, 10]);
    expect([...hot.data]).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
  });

  it('np.dot(onehot, embedding) equals embedding[3]', () => {
    const dot = cpu.matMul(cpu.oneHot([3], 10), embedding);
    expect(dot.shape).toEqual([1, 4]);
    expect([...dot.data]).toEqual([12, 13, 14, 15]);
  });

  it("predict([[0], [3]])'s lookup has shape [2, 1, 4]", () => {
    const rows = cpu.gather(embedding, [[0], [3]]);
    expect(rows.shape).toEqual([2, 1, 4]);
    expect([...rows.data]).toEqual([0, 1, 2, 3, 12, 13, 14, 15]);
  });

  it('gathers with indices of rank 0 to 3 and an empty list', () => {
    expect(cpu.gather(embedding, []).shape).toEqual([0, 4]);
    expect(cpu.gather(embedding, [[[9]], [[1]]]).shape).toEqual([2, 1, 1, 4]);
    expect([...cpu.gather(embedding, [[[9]], [[1]]]).data]).toEqual([36, 37, 38, 39, 4, 5, 6, 7]);
  });

  it('multiplies small matrices exactly', () => {
    const a = { data: new Float32Array([1, 2, 3, 4, 5, 6]), shape: [2, 3] };
    const b = { data: new Float32Array([7, 8, 9, 10, 11, 12]), shape: [3, 2] };
    expect([...cpu.matMul(a, b).data]).toEqual([58, 64, 139, 154]);
  });

  it('zeroes rows of out-of-range int32 indices only under the zero policy', () => {
    const idx = new Int32Array([10, -1, 2]);
    expect([...cpu.gather(embedding, idx, { outOfRange: 'zero' }).data]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 8, 9, 10, 11]);
    expect(() => cpu.gather(embedding, idx)).toThrow(RangeError);
  });

  it('rejects bad indices with the same errors as the GPU ops', () => {
    expect(() => cpu.gather(embedding, [[1], [10]])).toThrow('gather: expected integer indices in [0, 10), received 10 at [1, 0]');
    expect(() => cpu.oneHot([0.5], 10)).toThrow(TypeError);
    expect(() => cpu.matMul(embedding, embedding)).toThrow('matMul: expected a [M, K] and b [K, N], received [10, 4] and [10, 4].');
  });
});
