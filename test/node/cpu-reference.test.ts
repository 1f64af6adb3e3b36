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

  it('multiplies by transposed operands as tf.matMul(a, b, transposeA, transposeB): by hand, and as a transposed copy', () => {
    const a = { data: new Float32Array([1, 2, 3, 4, 5, 6]), shape: [2, 3] };
    const b = { data: new Float32Array([7, 8, 9, 10, 11, 12]), shape: [3, 2] };
    // By hand: aᵀ · a = [[17, 22, 27], [22, 29, 36], [27, 36, 45]].
    expect([...cpu.matMul(a, a, { transposeA: true }).data]).toEqual([17, 22, 27, 22, 29, 36, 27, 36, 45]);
    // a · aᵀ = [[14, 32], [32, 77]].
    expect([...cpu.matMul(a, a, { transposeB: true }).data]).toEqual([14, 32, 32, 77]);
    const transposed = (t: { data: Float32Array; shape: number[] }) => {
      const [r, c] = t.shape;
      return { data: Float32Array.from({ length: r * c }, (_, i) => t.data[(i % r) * c + Math.floor(i / r)]), shape: [c, r] };
    };
    const plain = cpu.matMul(a, b);
    expect(cpu.matMul(transposed(a), b, { transposeA: true })).toEqual(plain);
    expect(cpu.matMul(a, transposed(b), { transposeB: true })).toEqual(plain);
    expect(cpu.matMul(transposed(a), transposed(b), { transposeA: true, transposeB: true })).toEqual(plain);
    expect(cpu.matMul(b, a, { transposeA: true, transposeB: true })).toEqual(cpu.matMul(transposed(b), transposed(a)));
  });

  it('checks matMul options and names the transposed shapes it expected', () => {
    const a = { data: new Float32Array(6), shape: [2, 3] };
    expect(() => cpu.matMul(a, a, { transposeB: false })).toThrow(new RangeError('matMul: expected a [M, K] and b [K, N], received [2, 3] and [2, 3].'));
    expect(() => cpu.matMul(a, a, { transposeA: true, transposeB: true })).toThrow(
      new RangeError('matMul: expected a [K, M] (transposeA) and b [N, K] (transposeB), received [2, 3] and [2, 3].'),
    );
    expect(() => cpu.matMul(a, a, true as never)).toThrow(new TypeError('matMul: expected options such as { transposeA: true, transposeB: false }, received true.'));
    expect(() => cpu.matMul(a, a, { transposeA: 1 as never })).toThrow(new TypeError('matMul: expected transposeA to be a boolean, received 1.'));
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
