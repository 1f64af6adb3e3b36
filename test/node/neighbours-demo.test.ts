/** The demo page's table has the structure the page promises: neighbours come from the item's own group(s). */
import { describe, expect, it } from 'vitest';
import { cpu } from '../../src/index.js';
import { demoTable } from '../../src/notebook/neighbours.js';

const demo = demoTable();
const neighbours = (name: string, k: number) => {
  const row = demo.names.indexOf(name);
  const query = { data: demo.data.slice(row * demo.shape[1], (row + 1) * demo.shape[1]), shape: [1, demo.shape[1]] };
  const { indices } = cpu.nearestNeighbors({ data: demo.data, shape: demo.shape }, query, k, { metric: 'cosine' });
  return [...indices.data].map((i) => demo.labels[i]);
};

describe('demo table for the nearest-neighbours section', () => {
  it('gives every plain item neighbours of its own group first', () => {
    for (const name of ['apple', 'dog', 'teal', 'ferry', 'harp']) {
      const labels = neighbours(name, 6);
      expect(labels.slice(0, 5).every((l) => l === labels[0])).toBe(true);
    }
  });
  it('gives an in-between item neighbours from both of its groups', () => {
    for (const [name, a, b] of [['orange', 'fruit', 'colour'], ['jaguar', 'animal', 'vehicle'], ['cymbal', 'instrument', 'vehicle']]) {
      const labels = neighbours(name, 8);
      expect(labels, name).toContain(a);
      expect(labels, name).toContain(b);
    }
  });
});
