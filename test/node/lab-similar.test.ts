/**
 * The lab's similar items: nearestNeighbors' cosine ranking of an item
 * embedding, without the item itself or ids the data set does not list,
 * checked against the CPU reference.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cpu, memory, tensor } from '../../src/index.js';
import { similarItems } from '../../src/lab/similar.js';
import { syntheticMovieLens } from '../../src/lab/synthetic.js';
import { setupGpu } from '../support/gpu.js';
import { freshSeed, randomFloats, seeded } from '../support/random.js';

beforeAll(() => setupGpu('lab similar items'));

const data = syntheticMovieLens({ users: 40, items: 90, ratings: 900, seed: 5 });

describe('similarItems', () => {
  it("ranks items by cosine as the CPU reference does, leaving out the item itself and row 0", async () => {
    const seed = freshSeed(process.env.TEST_SEED);
    const d = 13;
    const values = randomFloats(seeded(seed), (data.maxItemId + 1) * d);
    // Row 0 (no item) points exactly like item 50: it must still not be listed.
    values.copyWithin(0, 50 * d, 51 * d);
    const table = tensor(values, [data.maxItemId + 1, d]);
    const before = memory();
    const found = await similarItems(table, data, 50, 7);
    expect(memory()).toEqual(before);
    const reference = cpu.nearestNeighbors({ data: values, shape: [data.maxItemId + 1, d] }, { data: values.slice(50 * d, 51 * d), shape: [1, d] }, 10, { metric: 'cosine' });
    const expected = [...reference.indices.data].filter((id) => id !== 50 && id !== 0).slice(0, 7);
    expect(found.map((n) => n.item), `seed ${seed}`).toEqual(expected);
    found.forEach((n, r) => {
      expect(n.title).toBe(data.titles[n.item]);
      expect(n.score).toBeCloseTo(reference.scores.data[[...reference.indices.data].indexOf(n.item)], 5);
      if (r > 0) expect(n.score).toBeLessThanOrEqual(found[r - 1].score);
    });
    table.dispose();
  });

  it('refuses an item the data set does not list', async () => {
    const table = tensor(new Float32Array((data.maxItemId + 1) * 2).fill(1), [data.maxItemId + 1, 2]);
    for (const bad of [0, 91, 2.5]) {
      await expect(similarItems(table, data, bad)).rejects.toThrow(`similarItems: expected an item id of the data set (1 to 90), received ${bad}.`);
    }
    table.dispose();
  });
});
