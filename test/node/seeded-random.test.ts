/**
 * seededRandom and standardNormal, the public face of the generator the
 * initialisers draw from: the same seed gives the same numbers, and an
 * Embedding seeded with s holds exactly the values they give.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Embedding, seededRandom, standardNormal } from '../../src/index.js';
import { setupGpu } from '../support/gpu.js';
import { freshSeed } from '../support/random.js';

const seed = freshSeed(process.env.TEST_SEED) % 2 ** 31;

async function weightsOf(layer: Embedding): Promise<Float32Array> {
  layer.build([null, 1]);
  const [w] = layer.getWeights();
  try {
    return (await w.data()) as Float32Array;
  } finally {
    w.dispose();
    layer.dispose();
  }
}

describe(`seededRandom and standardNormal, seed ${seed}`, () => {
  beforeAll(() => setupGpu('seededRandom'));

  it('the same seed gives the same numbers in [0, 1); another seed others', () => {
    const [a, b, c] = [seededRandom(seed), seededRandom(seed), seededRandom(seed + 1)];
    const first = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(first);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(first).size).toBe(1000);
    const mean = first.reduce((s, x) => s + x, 0) / first.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05);
  });

  it('standardNormal draws N(0, 1) samples from a source', () => {
    const random = seededRandom(seed);
    const z = Array.from({ length: 20000 }, () => standardNormal(random));
    const mean = z.reduce((s, x) => s + x, 0) / z.length;
    const variance = z.reduce((s, x) => s + (x - mean) ** 2, 0) / z.length;
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it("is the initialisers' generator: an Embedding seeded with s holds its numbers ('uniform' and 'normal')", async () => {
    const uniform = seededRandom(seed);
    const expectUniform = Float32Array.from({ length: 12 }, () => (uniform() * 2 - 1) * 0.05);
    expect(await weightsOf(new Embedding({ inputDim: 4, outputDim: 3, seed }))).toEqual(expectUniform);
    const normal = seededRandom(seed);
    const expectNormal = Float32Array.from({ length: 12 }, () => standardNormal(normal) * 0.05);
    expect(await weightsOf(new Embedding({ inputDim: 4, outputDim: 3, seed, embeddingsInitializer: 'normal' }))).toEqual(expectNormal);
  });

  it('a seed that is not an integer is a TypeError', () => {
    expect(() => seededRandom(1.5)).toThrow(new TypeError('seededRandom: expected seed to be an integer, received 1.5.'));
    expect(() => seededRandom(NaN)).toThrow(TypeError);
    expect(() => seededRandom('3' as never)).toThrow('received "3"');
  });
});
