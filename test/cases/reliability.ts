/**
 * Reliability cases, shared by both tiers: GPU-resident out-of-range
 * indices are reported (or zeroed on request), malformed host input fails
 * with a documented error before any GPU work, tables larger than one
 * buffer are split transparently, lifetimes are enforced, and a lost device
 * fails loudly and is replaced. The device-loss case runs last.
 */
import {
  AllocationError,
  DeviceLostError,
  DisposedError,
  IndexOutOfRangeError,
  cpu,
  gather,
  getDevice,
  matMul,
  nearestNeighbors,
  memory,
  oneHot,
  tensor,
  tidy,
  type Tensor,
} from '../../src/index.js';
import { assert, assertAllClose, assertShape } from '../support/close.js';
import { expectRejects, expectThrows } from '../support/expect-error.js';
import { countGpuCalls } from '../support/gpu-calls.js';
import { gpuComputedIndices } from '../support/gpu-indices.js';
import { sliceRows } from '../../src/tensor/copy.js';
import { randomFloats, randomInts, type Random } from '../support/random.js';
import { withBufferLimit } from '../support/buffer-limit.js';
import type { Case } from './case.js';

async function readAndDispose(t: Tensor): Promise<ArrayLike<number>> {
  try {
    return await t.data();
  } finally {
    t.dispose();
  }
}


/** Asserts that `fn` throws `type` naming `parts`, without allocating, writing or submitting anything on the GPU. */
function expectRejectedBeforeGpu(fn: () => unknown, type: typeof RangeError | typeof TypeError, parts: string[], label: string): void {
  const before = memory();
  const { calls, error } = countGpuCalls(fn);
  expectThrows(() => {
    if (error) throw error;
  }, type, parts, label);
  assert(calls.createBuffer === 0 && calls.writeBuffer === 0 && calls.submit === 0, `${label}: GPU work before the error: ${JSON.stringify(calls)}`);
  const after = memory();
  assert(after.numTensors === before.numTensors && after.numBytes === before.numBytes, `${label}: memory changed`);
}

/** Indices with bad entries at random positions; returns them with the first bad position and the bad count. */
function scatteredBadIndices(rng: Random, count: number, rows: number, bad: number): { idx: Int32Array; first: number } {
  const idx = randomInts(rng, count, rows);
  const badValues = [-1, rows, rows + 7, 2 ** 31 - 1, -(2 ** 31), -rows - 1];
  const positions = new Set<number>();
  while (positions.size < bad) positions.add(Math.floor(rng() * count));
  for (const p of positions) idx[p] = badValues[Math.floor(rng() * badValues.length)];
  return { idx, first: Math.min(...positions) };
}

function positionString(flat: number, shape: number[]): string {
  const coords: number[] = [];
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    coords.unshift(flat % shape[axis]);
    flat = Math.floor(flat / shape[axis]);
  }
  return `[${coords.join(', ')}]`;
}

const gpuReportCases: Case[] = [5, 8].map((dim) => ({
  name: `gather (D=${dim}) of GPU-resident out-of-range indices: the read rejects naming gather, the first bad index and its position`,
  run: async (rng) => {
    const rows = 37;
    const table = tensor(randomFloats(rng, rows * dim), [rows, dim]);
    const shape = [50, 40];
    const { idx, first } = scatteredBadIndices(rng, 2000, rows, 17);
    const indices = tensor(idx, shape);
    const before = memory();
    const rowsOut = gather(table, indices);
    const error = (await expectRejects(rowsOut.data(), IndexOutOfRangeError, ['gather', `[0, ${rows})`], 'gather report')) as IndexOutOfRangeError;
    assert(error instanceof RangeError, 'IndexOutOfRangeError is a RangeError');
    assert(error.op === 'gather', `op ${error.op}`);
    assert(error.count === 17, `count ${error.count}, expected 17`);
    assert(error.index === idx[first], `index ${error.index}, expected ${idx[first]} (the value at the first bad position)`);
    assert(error.position === positionString(first, shape), `position ${error.position}, expected ${positionString(first, shape)}`);
    assert(error.message.includes(`received ${idx[first]} at ${error.position}`), error.message);
    // Every later read of the result, and of anything computed from it, rejects too.
    await expectRejects(rowsOut.array(), IndexOutOfRangeError, ['gather'], 'second read');
    const flat = rowsOut.reshape([2000, dim]);
    const weights = tensor(randomFloats(rng, dim * 3), [dim, 3]);
    const product = matMul(flat, weights);
    await expectRejects(product.data(), IndexOutOfRangeError, ['gather', `at ${error.position}`], 'downstream matMul');
    // Zeros on request: the same indices under 'zero' read fine and equal the CPU reference.
    const host = { data: (await table.data()) as Float32Array, shape: [rows, dim] };
    const zeroed = await readAndDispose(gather(table, indices, { outOfRange: 'zero' }));
    assertAllClose(zeroed, cpu.gather(host, idx, { outOfRange: 'zero', shape }).data, 'zero policy');
    for (const t of [rowsOut, flat, product, weights]) t.dispose();
    const after = memory();
    assert(after.numTensors === before.numTensors + 0 && after.numBytes === before.numBytes, 'results released');
    table.dispose();
    indices.dispose();
  },
}));

export const cases: Case[] = [
  ...gpuReportCases,
  {
    name: 'a report outlives its index tensor: disposed (and its buffer reused) before the read, the bad value is still the one read',
    run: async (rng) => {
      const rows = 29;
      const dim = 8;
      const table = tensor(randomFloats(rng, rows * dim), [rows, dim]);
      const { idx, first } = scatteredBadIndices(rng, 700, rows, 6);
      const before = memory();
      const indices = tensor(idx);
      const rowsOut = gather(table, indices);
      const hot = oneHot(indices, rows);
      // Each unread report takes the value it may need just before the buffer goes: one dispatch each.
      const released = countGpuCalls(() => indices.dispose());
      assert(released.calls.submit === 2, `disposing indices under unread reports: ${JSON.stringify(released.calls)}`);
      // Indices of the same size, likely in the recycled buffer, now hold other values.
      const reused = tensor(randomInts(rng, idx.length, rows));
      await readAndDispose(gather(table, reused));
      for (const [result, op] of [[rowsOut, 'gather'], [hot, 'oneHot']] as const) {
        const error = (await expectRejects(result.data(), IndexOutOfRangeError, [op], `${op} after its indices`)) as IndexOutOfRangeError;
        assert(error.index === idx[first] && error.position === `[${first}]` && error.count === 6, `${op}: ${error.message} (expected ${idx[first]} at [${first}])`);
        result.dispose();
      }
      // Read or disposed reports leave nothing to take: releasing their indices submits nothing.
      const again = tensor(idx);
      const read = gather(table, again);
      await expectRejects(read.data(), IndexOutOfRangeError, ['gather'], 'read before its indices go');
      const dropped = oneHot(again, rows);
      dropped.dispose();
      const quiet = countGpuCalls(() => again.dispose());
      assert(quiet.calls.submit === 0, `disposing indices under no unread report: ${JSON.stringify(quiet.calls)}`);
      read.dispose();
      reused.dispose();
      const after = memory();
      assert(after.numTensors === before.numTensors && after.numBytes === before.numBytes, 'everything released');
      table.dispose();
    },
  },
  {
    name: 'gather of GPU-resident indices all in range reads normally (no false report)',
    run: async (rng) => {
      const host = { data: randomFloats(rng, 64 * 6), shape: [64, 6] };
      const idx = randomInts(rng, 300, 64);
      idx[0] = 63;
      idx[1] = 0;
      const table = tensor(host.data, host.shape);
      const indices = gpuComputedIndices(idx);
      assertAllClose(await readAndDispose(gather(table, indices)), cpu.gather(host, idx).data, 'in range');
      table.dispose();
      indices.dispose();
    },
  },
  {
    name: 'indices known to be in range (uploaded, or a slice of such) skip the report; a bound larger than the table does not',
    run: async (rng) => {
      const rows = 50;
      const table = tensor(randomFloats(rng, rows * 4), [rows, 4]);
      const idx = randomInts(rng, 400, rows);
      const known = tensor(idx);
      const computed = gpuComputedIndices(idx);
      assert(known.indicesBelow !== null && known.indicesBelow <= rows && computed.indicesBelow === null, `bounds ${known.indicesBelow}, ${computed.indicesBelow}`);
      const slice = sliceRows(known, 100, 200, 'test slice');
      assert(slice.indicesBelow === known.indicesBelow, `a slice keeps the bound: ${slice.indicesBelow}`);
      // Warm the kernel's parameters, then count what each lookup writes and creates: the report's status buffer
      // (made or reused, then cleared) is the difference; outputs are the same (poisoned in tests, so written too).
      for (const ids of [known, slice, computed]) await readAndDispose(gather(table, ids));
      const host = { data: (await table.data()) as Float32Array, shape: [rows, 4] };
      const allocations = async (ids: Tensor, picked: Int32Array, label: string): Promise<number> => {
        let result: Tensor | undefined;
        const { calls } = countGpuCalls(() => (result = gather(table, ids)));
        assertAllClose(await readAndDispose(result!), cpu.gather(host, picked).data, label);
        return calls.createBuffer + calls.writeBuffer;
      };
      const uploaded = await allocations(known, idx, 'uploaded');
      const sliced = await allocations(slice, idx.subarray(100, 300), 'slice');
      const unknown = await allocations(computed, idx, 'computed');
      assert(uploaded === sliced && unknown === uploaded + 1, `buffers made or written: uploaded ${uploaded}, slice ${sliced}, computed ${unknown}`);
      // Known, but only to lie under 50: a table of 10 rows still gets the report.
      const small = tensor(randomFloats(rng, 10 * 4), [10, 4]);
      const bad = idx.findIndex((v) => v >= 10);
      const error = (await expectRejects(readAndDispose(gather(small, known)), IndexOutOfRangeError, ['gather'], 'bound above the table')) as IndexOutOfRangeError;
      assert(error.position === `[${bad}]` && error.index === idx[bad], error.message);
      for (const t of [table, known, computed, slice, small]) t.dispose();
    },
  },
  {
    name: "outOfRange 'zero' writes a zero row, not table x 0: NaN and Infinity rows do not leak",
    run: async (rng) => {
      const rows = 6;
      for (const dim of [3, 4]) {
        const data = randomFloats(rng, rows * dim);
        data.fill(NaN, 0, dim);
        data.fill(Infinity, dim, 2 * dim);
        const host = { data, shape: [rows, dim] };
        const table = tensor(data, host.shape);
        // Rows 0 (NaN) and 1 (Infinity) are never picked: a bad index must not turn into either.
        const nested = [[-1, 2], [rows, 3], [4, rows + 100]];
        const expected = cpu.gather(host, nested, { outOfRange: 'zero' });
        assertAllClose(await readAndDispose(gather(table, nested, { outOfRange: 'zero' })), expected.data, `host zero D=${dim}`);
        const idx = tensor(new Int32Array(nested.flat()), [3, 2]);
        assertAllClose(await readAndDispose(gather(table, idx, { outOfRange: 'zero' })), expected.data, `gpu zero D=${dim}`);
        assert(expected.data.subarray(0, dim).every((v) => v === 0), 'the CPU reference zeroes index -1 too');
        table.dispose();
        idx.dispose();
      }
    },
  },
  {
    name: 'oneHot of GPU-resident out-of-range indices: the read rejects naming oneHot; zero on request',
    run: async (rng) => {
      const depth = 11;
      const { idx, first } = scatteredBadIndices(rng, 500, depth, 5);
      const indices = tensor(idx);
      const hot = oneHot(indices, depth);
      const error = (await expectRejects(hot.data(), IndexOutOfRangeError, ['oneHot', `[0, ${depth})`], 'oneHot report')) as IndexOutOfRangeError;
      hot.dispose();
      assert(error.index === idx[first] && error.position === `[${first}]` && error.count === 5, error.message);
      const zeroed = await readAndDispose(oneHot(indices, depth, { outOfRange: 'zero' }));
      assertAllClose(zeroed, cpu.oneHot(idx, depth, { outOfRange: 'zero' }).data, 'oneHot zero');
      indices.dispose();
    },
  },
  {
    name: "the CPU reference follows the same policy: 'throw' names op, position, value and range; 'zero' gives zero rows",
    run: async () => {
      const host = { data: new Float32Array([1, 2, 3, 4]), shape: [2, 2] };
      expectThrows(() => cpu.gather(host, [[0], [2]]), RangeError, ['gather', '[0, 2)', 'received 2 at [1, 0]'], 'cpu gather');
      expectThrows(() => cpu.oneHot([1.5], 3), TypeError, ['oneHot', '1.5', '[0]'], 'cpu oneHot');
      assertAllClose(cpu.gather(host, [[1], [-5]], { outOfRange: 'zero' }).data, [3, 4, 0, 0], 'cpu zero');
    },
  },
  {
    name: 'malformed host indices throw a RangeError/TypeError naming op, position, value and range, before any GPU work',
    run: async (rng) => {
      const rows = 10;
      const table = tensor(randomFloats(rng, rows * 3), [rows, 3]);
      const bad: [unknown, typeof RangeError | typeof TypeError, string[]][] = [
        [[-1], RangeError, ['received -1 at [0]', '[0, 10)']],
        [[3, -11], RangeError, ['received -11 at [1]']],
        [[[0], [10]], RangeError, ['received 10 at [1, 0]']],
        [[[0, 1], [2, 10 + 5]], RangeError, ['received 15 at [1, 1]']],
        [[2 ** 31], RangeError, ['received 2147483648 at [0]']],
        [[0, 1.5], TypeError, ['received 1.5 at [1]', '[0, 10)']],
        [[NaN], TypeError, ['received NaN at [0]']],
        [[Infinity], TypeError, ['received Infinity at [0]']],
        [[-Infinity], TypeError, ['received -Infinity at [0]']],
        [[[1, 2], [3]], TypeError, ['ragged', 'at [1]']],
        [[[1], 2], TypeError, ['ragged']],
        [['1'], TypeError, ['"1"', 'at [0]']],
        [[[0], [null]], TypeError, ['null', 'at [1, 0]']],
        [null, TypeError, ['null']],
        [undefined, TypeError, ['undefined']],
        ['3', TypeError, ['"3"']],
        [{ length: 1, 0: 1 }, TypeError, ['{"0": 1, "length": 1}']],
        [new Float32Array([1]), TypeError, ['Float32Array']],
        [new BigInt64Array([0n, 10n]), RangeError, ['received 10n at [1]']],
        [new BigInt64Array([-1n]), RangeError, ['received -1n at [0]']],
        [new BigInt64Array([2n ** 31n]), RangeError, ['received 2147483648n at [0]']],
        [new BigInt64Array([2n ** 62n]), RangeError, ['received 4611686018427387904n']],
        [new Uint32Array([4294967295]), RangeError, ['received 4294967295 at [0]']],
      ];
      for (const [value, type, parts] of bad) {
        const label = `gather indices ${String(value)}`;
        expectRejectedBeforeGpu(() => gather(table, value as number[]), type, ['gather', ...parts], label);
        // With a host table too: the table is not uploaded before the indices fail.
        expectRejectedBeforeGpu(() => gather([[1, 2], [3, 4], [5, 6], [7, 8], [9, 0], [1, 1], [2, 2], [3, 3], [4, 4], [5, 5]], value as number[]), type, ['gather', ...parts], `${label} (host table)`);
        expectRejectedBeforeGpu(() => oneHot(value as number[], rows), type, ['oneHot', ...parts], `oneHot ${label}`);
      }
      expectRejectedBeforeGpu(() => gather(table, [0], { outOfRange: 'clamp' as 'zero' }), TypeError, ['gather', 'outOfRange', '"clamp"'], 'bad policy');
      expectRejectedBeforeGpu(() => gather([1, 2, 3], [0]), RangeError, ['gather', 'rank 2', '[3]'], 'table rank 1');
      expectRejectedBeforeGpu(() => gather([[[1]]], [0]), RangeError, ['gather', 'rank 2', '[1, 1, 1]'], 'table rank 3');
      expectRejectedBeforeGpu(() => gather([[1, 2], [3]], [0]), TypeError, ['gather', 'ragged'], 'ragged table');
      expectRejectedBeforeGpu(() => gather([[1, 'a']] as unknown as number[][], [0]), TypeError, ['gather', '"a"', '[0, 1]'], 'string in table');
      expectRejectedBeforeGpu(() => gather(null as unknown as number[], [0]), TypeError, ['gather', 'null'], 'null table');
      expectRejectedBeforeGpu(() => oneHot([0], 0), RangeError, ['oneHot', 'depth', '0'], 'depth 0');
      expectRejectedBeforeGpu(() => oneHot([0], 2.5), RangeError, ['oneHot', 'depth', '2.5'], 'depth 2.5');
      expectRejectedBeforeGpu(() => matMul([[1, 2]], [[1, 2]]), RangeError, ['matMul', '[1, 2] and [1, 2]'], 'matMul shapes');
      expectRejectedBeforeGpu(() => matMul([1, 2], [[1], [2]]), RangeError, ['matMul', '[2]'], 'matMul rank');
      expectRejectedBeforeGpu(() => matMul([[1, 2]], [[1], [2]], { transposeA: true }), RangeError, ['matMul', 'a [K, M] (transposeA)', '[1, 2] and [2, 1]'], 'matMul transposed shapes');
      expectRejectedBeforeGpu(() => matMul([[1, 2]], [[1, 2]], true as never), TypeError, ['matMul', 'options', 'received true'], 'matMul positional transpose');
      expectRejectedBeforeGpu(() => matMul([[1, 2]], [[1, 2]], { transposeB: 'yes' as never }), TypeError, ['matMul', 'transposeB', 'boolean', '"yes"'], 'matMul option type');
      expectRejectedBeforeGpu(() => tensor([1, 2, 3], [2, 2]), RangeError, ['tensor', '[2, 2]'], 'tensor shape');
      expectRejectedBeforeGpu(() => tensor(new BigInt64Array([2n ** 31n]), [1]), RangeError, ['tensor', '2147483648n', '[0]'], 'tensor int64');
      table.dispose();
    },
  },
  {
    name: 'int64 indices (BigInt64Array, as NumPy exports them) are accepted when every value fits',
    run: async (rng) => {
      const rows = 300;
      const host = { data: randomFloats(rng, rows * 4), shape: [rows, 4] };
      const ints = randomInts(rng, 60, rows);
      const int64 = BigInt64Array.from(ints, (v) => BigInt(v));
      const table = tensor(host.data, host.shape);
      assertAllClose(await readAndDispose(gather(table, int64)), cpu.gather(host, ints).data, 'gather int64');
      assertAllClose(cpu.gather(host, int64).data, cpu.gather(host, ints).data, 'cpu gather int64');
      const ids = tensor(int64, [6, 10]);
      assert(ids.dtype === 'int32', `dtype ${ids.dtype}`);
      assertShape(ids.shape, [6, 10], 'int64 tensor');
      assertAllClose(await ids.data(), ints, 'int64 upload');
      assertAllClose(await readAndDispose(gather(table, ids)), cpu.gather(host, ints).data, 'gather int64 tensor');
      assertAllClose(await readAndDispose(oneHot(int64, rows)), cpu.oneHot(ints, rows).data, 'oneHot int64');
      ids.dispose();
      table.dispose();
    },
  },
  {
    name: 'a table larger than one buffer is split by rows and gathered transparently (lowered buffer limit)',
    run: async (rng) => {
      for (const dim of [7, 8]) {
        const rows = 101;
        const host = { data: randomFloats(rng, rows * dim), shape: [rows, dim] };
        // About 13 rows per buffer: 8 buffers, the last one partly filled.
        await withBufferLimit(13 * dim * 4 + 4, async () => {
          const before = memory();
          const table = tensor(host.data, host.shape);
          expectThrows(() => table.buffer, RangeError, ['split across 8 GPU buffers'], 'split table has no single buffer');
          assert(memory().numBytes - before.numBytes === rows * dim * 4, 'memory counts the split table once');
          assertAllClose(await table.data(), host.data, 'split table reads back whole');
          // Outputs obey the lowered limit too, so look up at most 13 rows at a time.
          for (let batch = 0; batch < 12; batch++) {
            const idx = randomInts(rng, 12, rows);
            if (batch === 0) idx.set([0, 12, 13, 100, 99, 26], 0);
            assertAllClose(await readAndDispose(gather(table, idx)), cpu.gather(host, idx).data, `split gather host D=${dim}`);
            const gpuIdx = tensor(idx, [3, 4]);
            assertAllClose(await readAndDispose(gather(table, gpuIdx)), cpu.gather(host, idx).data, `split gather gpu D=${dim}`);
            gpuIdx.dispose();
          }
          // Out of range over a split table: zero rows written once, reported once.
          const bad = new Int32Array([5, rows, 50, -1, 100]);
          const badIdx = tensor(bad);
          const reported = gather(table, badIdx);
          const error = (await expectRejects(reported.data(), IndexOutOfRangeError, ['gather'], 'split report')) as IndexOutOfRangeError;
          reported.dispose();
          assert(error.count === 2 && error.index === rows && error.position === '[1]', error.message);
          assertAllClose(await readAndDispose(gather(table, badIdx, { outOfRange: 'zero' })), cpu.gather(host, bad, { outOfRange: 'zero' }).data, 'split zero');
          // Tables may be split (test/cases/split-tables.ts); other arguments, such as queries, may not.
          expectThrows(() => nearestNeighbors(table, table, 1), RangeError, ['nearestNeighbors', 'the queries', 'split across'], 'split queries');
          badIdx.dispose();
          table.dispose();
          const after = memory();
          assert(after.numBytes === before.numBytes && after.numTensors === before.numTensors, 'split table released');
        });
      }
    },
  },
  {
    name: 'an output larger than one GPU buffer throws an AllocationError with the requested size and the limit',
    run: async () => {
      await withBufferLimit(4096, async () => {
        const before = memory();
        const error = expectThrows(() => oneHot([0, 1], 1000), AllocationError, ['oneHot', '8000 bytes', '4096 bytes'], 'oneHot output') as AllocationError;
        assert(error.requestedBytes === 8000 && error.limitBytes === 4096 && error instanceof RangeError, `${error.requestedBytes} / ${error.limitBytes}`);
        expectThrows(() => tensor(new Float32Array(2000), [1, 2000]), AllocationError, ['one row', '8000 bytes'], 'a row over the limit');
        const after = memory();
        assert(after.numBytes === before.numBytes && after.numTensors === before.numTensors, 'nothing left behind');
      });
    },
  },
  {
    name: 'dispose is idempotent, use after dispose throws DisposedError, views outlive their base',
    run: async () => {
      const before = memory();
      const table = tensor([[1, 2], [3, 4]]);
      const view = table.reshape([4]);
      table.dispose();
      table.dispose();
      assert(table.isDisposed && !view.isDisposed, 'flags');
      assertAllClose(await view.data(), [1, 2, 3, 4], 'view after base disposed');
      await expectRejects(table.data(), DisposedError, ['Tensor [2, 2] float32', 'dispose'], 'data after dispose');
      expectThrows(() => table.reshape([4]), DisposedError, ['dispose'], 'reshape after dispose');
      expectThrows(() => gather(table, [0]), DisposedError, ['gather', 'the table', 'dispose'], 'gather with disposed table');
      expectThrows(() => matMul([[1, 2]], table), DisposedError, ['matMul', 'dispose'], 'matMul with disposed b');
      const ids = tensor(new Int32Array([0]));
      ids.dispose();
      expectThrows(() => oneHot(ids, 2), DisposedError, ['oneHot', 'indices'], 'oneHot with disposed indices');
      view.dispose();
      view.dispose();
      const after = memory();
      assert(after.numBytes === before.numBytes && after.numTensors === before.numTensors, 'all released');
    },
  },
  {
    name: 'tidy disposes intermediates, keeps what it returns, nests, and cleans up when fn throws',
    run: async (rng) => {
      const table = tensor(randomFloats(rng, 10 * 4), [10, 4]);
      const before = memory();
      const [rows, extra] = tidy(() => {
        const hot = oneHot([3, 1], 10);
        const inner = tidy(() => matMul(oneHot([2], 10), table));
        const product = matMul(hot, table);
        gather(table, [4]);
        return [product, { inner }] as const;
      });
      assert(memory().numTensors === before.numTensors + 2, `tidy kept ${memory().numTensors - before.numTensors} tensors, expected 2`);
      assertAllClose(await rows.data(), await readAndDispose(gather(table, [3, 1])), 'kept result');
      assertAllClose(await extra.inner.data(), await readAndDispose(gather(table, [2])), 'kept nested result');
      rows.dispose();
      extra.inner.dispose();
      expectThrows(() => tidy(() => {
        gather(table, [1, 2]);
        throw new Error('boom');
      }), Error, ['boom'], 'tidy rethrows');
      expectThrows(() => tidy((async () => undefined) as () => unknown), TypeError, ['tidy', 'Promise'], 'async fn');
      const same = tidy(() => table);
      assert(same === table && !table.isDisposed, 'a tensor made before tidy and returned is untouched');
      const after = memory();
      assert(after.numTensors === before.numTensors && after.numBytes === before.numBytes, 'tidy released everything else');
      table.dispose();
    },
  },
  {
    name: 'memory() stays flat over 2,000 mixed ops with disposal',
    run: async (rng) => {
      const host = { data: randomFloats(rng, 40 * 8), shape: [40, 8] };
      const table = tensor(host.data, host.shape);
      const baseline = memory();
      for (let i = 0; i < 2000; i++) {
        const ids = randomInts(rng, 1 + (i % 7), 40);
        const kind = i % 4;
        const gpuIds = kind === 2 ? tensor(ids) : null;
        const out =
          kind === 0 ? gather(table, ids)
          : kind === 1 ? tidy(() => matMul(oneHot(ids, 40), table))
          : kind === 2 ? gather(table, gpuIds!, { outOfRange: 'zero' })
          : tidy(() => gather(table, tensor(ids)));
        if (i % 250 < 4) assertAllClose(await out.data(), cpu.gather(host, ids).data, `op ${i}`, { atol: 1e-6 });
        out.dispose();
        gpuIds?.dispose();
        const now = memory();
        assert(now.numTensors === baseline.numTensors && now.numBytes === baseline.numBytes, `op ${i} leaked: ${JSON.stringify(now)}`);
      }
      table.dispose();
    },
  },
  {
    name: 'device loss: pending reads reject with DeviceLostError, new ops throw, getDevice() acquires a new device',
    run: async (rng) => {
      const device = await getDevice();
      const table = tensor(randomFloats(rng, 20 * 4), [20, 4]);
      const rows = gather(table, [1, 2, 3]);
      const pending = rows.data();
      device.destroy();
      const started = Date.now();
      await expectRejects(pending, DeviceLostError, ['lost', 'getDevice()'], 'pending read');
      assert(Date.now() - started < 10_000, 'the pending read settled promptly');
      expectThrows(() => gather(table, [0]), DeviceLostError, ['getDevice()'], 'new op');
      expectThrows(() => tensor([1, 2]), DeviceLostError, ['getDevice()'], 'new tensor');
      await expectRejects(table.data(), DeviceLostError, ['lost'], 'read after loss');
      const fresh = await getDevice();
      assert(fresh !== device, 'a new device');
      expectThrows(() => gather(table, [0]), DeviceLostError, ['gather', 'the table', 'lost'], 'old tensor on the new device');
      assert(memory().numTensors === 0, `the new device starts empty (${memory().numTensors})`);
      const host = { data: randomFloats(rng, 5 * 3), shape: [5, 3] };
      const again = tensor(host.data, host.shape);
      assertAllClose(await readAndDispose(gather(again, [4, 0])), cpu.gather(host, [4, 0]).data, 'ops work on the new device');
      again.dispose();
      rows.dispose();
      table.dispose();
      table.dispose();
    },
  },
];
