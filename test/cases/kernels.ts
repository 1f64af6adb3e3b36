/**
 * Kernel cases: every GPU kernel against the CPU reference on fresh random
 * inputs, outputs poisoned first (the runner sets debug.poisonOutputs), at
 * awkward sizes. Shared by the Node tier and the browser tier.
 */
import { cpu, gather, matMul, oneHot, tensor, type Tensor } from '../../src/index.js';
import { assertAllClose, assertShape } from '../support/close.js';
import { randomFloats, randomInts, type Random } from '../support/random.js';
import type { Case } from './case.js';

async function expectTensor(t: Tensor, expected: { data: ArrayLike<number>; shape: readonly number[] }, label: string, tol = {}) {
  try {
    assertShape(t.shape, expected.shape, label);
    assertAllClose(await t.data(), expected.data, label, tol);
  } finally {
    t.dispose();
  }
}

/** Index shapes of rank 0 to 3 (and an empty list) with `n` entries at most. */
function indexShapes(rng: Random): number[][] {
  return [[], [0], [1 + Math.floor(rng() * 9)], [3, 1 + Math.floor(rng() * 4)], [2, 3, 1 + Math.floor(rng() * 3)]];
}

async function gatherCase(rng: Random, rows: number, dim: number): Promise<void> {
  const host = { data: randomFloats(rng, rows * dim), shape: [rows, dim] };
  const table = tensor(host.data, host.shape);
  try {
    for (const shape of indexShapes(rng)) {
      const count = shape.reduce((a, b) => a * b, 1);
      const idx = randomInts(rng, count, rows);
      const expected = cpu.gather(host, idx, { shape });
      await expectTensor(gather(table, tensor(idx, shape)), expected, `gather V=${rows} D=${dim} indices [${shape}]`);
    }
  } finally {
    table.dispose();
  }
}

const gatherSizes: [number, number][] = [[1, 1], [1, 4], [7, 1], [7, 3], [10, 4], [33, 5], [1000, 129], [257, 128]];

export const cases: Case[] = [
  ...gatherSizes.map(([rows, dim]): Case => ({
    name: `gather V=${rows} D=${dim} (${dim % 4 === 0 ? 'vec4' : 'scalar'} kernel), index ranks 0-3 and empty`,
    run: (rng) => gatherCase(rng, rows, dim),
  })),
  {
    name: 'gather with host nested-array indices equals the CPU reference',
    run: async (rng) => {
      const host = { data: randomFloats(rng, 50 * 6), shape: [50, 6] };
      const nested = [[...randomInts(rng, 4, 50)], [...randomInts(rng, 4, 50)]];
      await expectTensor(gather(tensor(host.data, host.shape), nested), cpu.gather(host, nested), 'gather nested');
    },
  },
  {
    name: 'gather needing more than 65,535 workgroups in one dimension (2-D folded dispatch)',
    run: async (rng) => {
      // 256 invocations per workgroup: 3 * 5.6M elements need ~65.6k workgroups.
      const rows = 1000;
      const dim = 3;
      const count = 5_600_000;
      const host = { data: randomFloats(rng, rows * dim), shape: [rows, dim] };
      const idx = randomInts(rng, count, rows);
      const table = tensor(host.data, host.shape);
      const indices = tensor(idx, [count]);
      await expectTensor(gather(table, indices), cpu.gather(host, idx), 'gather folded');
      table.dispose();
      indices.dispose();
    },
  },
  {
    name: "gather of GPU-resident out-of-range indices under outOfRange 'zero' gives zero rows and reads nothing outside the table",
    run: async (rng) => {
      const rows = 9;
      const host = { data: randomFloats(rng, rows * 5), shape: [rows, 5] };
      const idx = new Int32Array([-1, 0, rows, 8, 2 ** 31 - 1, -(2 ** 31), 4]);
      for (const dim of [5, 8]) {
        const h = dim === 5 ? host : { data: randomFloats(rng, rows * dim), shape: [rows, dim] };
        const expected = cpu.gather(h, idx, { outOfRange: 'zero' });
        await expectTensor(gather(tensor(h.data, h.shape), tensor(idx), { outOfRange: 'zero' }), expected, `gather out-of-range D=${dim}`);
      }
    },
  },
  ...[1, 3, 4, 129].map((depth): Case => ({
    name: `oneHot depth=${depth}, index ranks 0-3 and empty`,
    run: async (rng) => {
      for (const shape of indexShapes(rng)) {
        const idx = randomInts(rng, shape.reduce((a, b) => a * b, 1), depth);
        await expectTensor(oneHot(tensor(idx, shape), depth), cpu.oneHot(idx, depth, { shape }), `oneHot [${shape}] depth ${depth}`);
      }
    },
  })),
  {
    name: "oneHot of GPU-resident out-of-range indices under outOfRange 'zero' gives all-zero rows",
    run: async () => {
      const idx = new Int32Array([-1, 3, 2, 1000]);
      await expectTensor(oneHot(tensor(idx), 3, { outOfRange: 'zero' }), cpu.oneHot(idx, 3, { outOfRange: 'zero' }), 'oneHot out-of-range');
    },
  },
  ...[
    [1, 1, 1],
    [1, 7, 3],
    [15, 17, 33],
    [16, 16, 16],
    [32, 32, 32],
    [33, 100, 5],
    [65, 33, 31],
    [65, 33, 37],
    [33, 100, 40],
    [70, 1, 129],
    [5, 0, 4],
    [0, 3, 4],
  ].map(([m, k, n]): Case => ({
    name: `matMul [${m}, ${k}] x [${k}, ${n}] (${m >= 32 && k >= 32 && n >= 32 ? 'edges of the 32x32 tile and 4x4 register block' : 'thin: one invocation per output'})`,
    run: async (rng) => {
      const a = { data: randomFloats(rng, m * k), shape: [m, k] };
      const b = { data: randomFloats(rng, k * n), shape: [k, n] };
      await expectTensor(matMul(tensor(a.data, a.shape), tensor(b.data, b.shape)), cpu.matMul(a, b), `matMul ${m}x${k}x${n}`, {
        atol: 1e-5 * Math.max(1, k),
        rtol: 1e-5,
      });
    },
  })),
  ...[
    [1, 1, 1],
    [1, 7, 3],
    [15, 17, 33],
    [33, 100, 5],
    [32, 32, 32],
    [65, 33, 37],
    [70, 1, 129],
    [5, 0, 4],
    [0, 3, 4],
  ].map(([m, k, n]): Case => ({
    name: `matMul with transposeA, transposeB and both, op(a) [${m}, ${k}] x op(b) [${k}, ${n}] (${m >= 32 && k >= 32 && n >= 32 ? 'tiled' : 'direct'} kernel)`,
    run: async (rng) => {
      for (const [transposeA, transposeB] of [[true, false], [false, true], [true, true]]) {
        const a = { data: randomFloats(rng, m * k), shape: transposeA ? [k, m] : [m, k] };
        const b = { data: randomFloats(rng, k * n), shape: transposeB ? [n, k] : [k, n] };
        const options = { transposeA, transposeB };
        await expectTensor(matMul(tensor(a.data, a.shape), tensor(b.data, b.shape), options), cpu.matMul(a, b, options), `matMul ${JSON.stringify(options)} ${m}x${k}x${n}`, {
          atol: 1e-5 * Math.max(1, k),
          rtol: 1e-5,
        });
      }
    },
  })),
  {
    name: 'matMul with both transposes needing more than 65,535 workgroups (op(a) [4100, 1] x op(b) [1, 4100]), and host operands',
    run: async (rng) => {
      const side = 4100;
      const a = { data: randomFloats(rng, side), shape: [1, side] };
      const b = { data: randomFloats(rng, side), shape: [side, 1] };
      const options = { transposeA: true, transposeB: true };
      await expectTensor(matMul(tensor(a.data, a.shape), tensor(b.data, b.shape), options), cpu.matMul(a, b, options), 'matMul folded');
      const small = { data: randomFloats(rng, 6), shape: [3, 2] };
      const nested = [[...small.data.subarray(0, 2)], [...small.data.subarray(2, 4)], [...small.data.subarray(4, 6)]];
      await expectTensor(matMul(nested, nested, { transposeA: true }), cpu.matMul(small, small, { transposeA: true }), 'matMul host operands, transposeA', { atol: 1e-6 });
    },
  },
  {
    name: "one-hot lookup equals gather exactly on the notebook's arange table",
    run: async () => {
      const table = tensor([...Array(40).keys()], [10, 4]);
      const ids = [3, 0, 9, 3];
      const byIndex = await gather(table, ids).data();
      const byDot = await matMul(oneHot(ids, 10), table).data();
      assertAllClose(byDot, byIndex, 'onehot . table vs gather');
      assertAllClose(byIndex.subarray(0, 4), [12, 13, 14, 15], 'embedding[3]');
    },
  },
  {
    name: 'one-hot lookup equals gather to float32 rounding on a random table',
    run: async (rng) => {
      const rows = 300;
      const dim = 7;
      const table = tensor(randomFloats(rng, rows * dim), [rows, dim]);
      const ids = randomInts(rng, 50, rows);
      const byIndex = await gather(table, ids).data();
      const byDot = await matMul(oneHot(ids, rows), table).data();
      assertAllClose(byDot, byIndex, 'onehot lookup vs gather', { atol: 1e-7, rtol: 1e-6 });
    },
  },
];
