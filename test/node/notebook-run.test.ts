/** runNotebook: a failing cell is reported, later cells still run, and everything the cells made is freed. */
import { beforeAll, describe, expect, it } from 'vitest';
import { memory, tensor } from '../../src/index.js';
import { runNotebook, type CellResult } from '../../src/notebook/cells.js';
import type { Cell } from '../../src/notebook/state.js';
import { setupGpu } from '../support/gpu.js';

beforeAll(() => setupGpu('notebook runner'));

describe('runNotebook', () => {
  it('reports a failing cell, runs the rest, and frees what the cells made', async () => {
    const before = memory();
    const notebook: Cell[] = [
      { title: 'makes a tensor', prose: '', code: 't = tensor([1, 2])', run: async (s) => String(await s.own(tensor([1, 2])).data()) },
      { title: 'fails', prose: '', code: 'boom()', run: async () => { throw new RangeError('boom'); } },
      { title: 'runs after the failure', prose: '', code: 'print(3)', run: async () => '3' },
    ];
    const seen: CellResult[] = [];
    const results = await runNotebook((r) => seen.push(r), notebook);
    expect(seen).toEqual(results);
    expect(results.map((r) => r.output ?? null)).toEqual(['1,2', null, '3']);
    expect(results[1].error).toBeInstanceOf(RangeError);
    expect(memory()).toEqual(before);
  });
});
