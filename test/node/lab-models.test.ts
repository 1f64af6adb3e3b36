/**
 * The lab's models and what it does with them, on the GPU against plain
 * host arithmetic: the two architectures (shapes, parameters, predictions
 * from set weights), recommend(), cosine(), and trainModel's callbacks
 * and history on a small synthetic set.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { memory, type Model, type Tensor } from '../../src/index.js';
import { itemEmbedding } from '../../src/lab/lab.js';
import { deepRegressionModel, regressionModel } from '../../src/lab/models.js';
import { recommend } from '../../src/lab/recommend.js';
import { cosine } from '../../src/lab/similar.js';
import { trainTestSplit } from '../../src/lab/split.js';
import { syntheticMovieLens } from '../../src/lab/synthetic.js';
import { scoreModel, trainModel } from '../../src/lab/train.js';
import { setupGpu } from '../support/gpu.js';
import { freshSeed, randomFloats, seeded } from '../support/random.js';

beforeAll(() => setupGpu('lab models'));

const seed = freshSeed(process.env.TEST_SEED);
const rng = seeded(seed);
const data = syntheticMovieLens({ users: 50, items: 80, ratings: 2000, seed: 3 });
const sizes = { maxUserId: data.maxUserId, maxItemId: data.maxItemId, embeddingSize: 6, seed: 1 };

async function predictions(model: Model, users: Int32Array, items: Int32Array): Promise<Float32Array> {
  const out = model.predict([users, items]) as Tensor;
  try {
    return (await out.data()) as Float32Array;
  } finally {
    out.dispose();
  }
}

/** A RegressionModel whose two tables hold fresh random values (returned too). */
function regressionWithRandomTables() {
  const model = regressionModel(sizes);
  const d = sizes.embeddingSize;
  const users = randomFloats(rng, (data.maxUserId + 1) * d);
  const items = randomFloats(rng, (data.maxItemId + 1) * d);
  model.getLayer('user_embedding').setWeights([users]);
  model.getLayer('item_embedding').setWeights([items]);
  return { model, users, items, d };
}

function dot(a: Float32Array, i: number, b: Float32Array, j: number, d: number): number {
  let s = 0;
  for (let k = 0; k < d; k++) s += a[i * d + k] * b[j * d + k];
  return s;
}

describe('the two models', () => {
  it('RegressionModel: [null, 1], (users + 1 + items + 1) x 64 parameters at full size, the dot product of the two rows', async () => {
    const full = regressionModel({ maxUserId: 943, maxItemId: 1682 });
    expect(full.outputShape).toEqual([null, 1]);
    expect(full.summary(() => undefined)).toMatch(/Total params: 168,?128\n/);
    full.dispose();
    const { model, users, items, d } = regressionWithRandomTables();
    const u = Int32Array.of(1, 50, 7, 7);
    const i = Int32Array.of(80, 1, 3, 4);
    const got = await predictions(model, u, i);
    got.forEach((p, k) => expect(p, `seed ${seed}`).toBeCloseTo(dot(users, u[k], items, i[k], d), 5));
    model.dispose();
  });

  it('DeepRegressionModel: 176,449 parameters at full size; predict (no Dropout) is Dense(relu(Dense(concat)))', async () => {
    const full = deepRegressionModel({ maxUserId: 943, maxItemId: 1682 });
    expect(full.summary(() => undefined)).toMatch(/Total params: 176,?449\n/);
    expect(full.layers.map((l) => l.constructor.name)).toEqual(['InputLayer', 'InputLayer', 'Embedding', 'Embedding', 'Flatten', 'Flatten', 'Concatenate', 'Dropout', 'Dense', 'Dropout', 'Dense']);
    full.dispose();
    const model = deepRegressionModel(sizes);
    // One seed fixes every initial weight: a second model starts identical.
    const twin = deepRegressionModel(sizes);
    const [mine, theirs] = [model, twin].map((m) => m.getWeights());
    for (let w = 0; w < mine.length; w++) expect(await theirs[w].data(), `weight ${w}`).toEqual(await mine[w].data());
    [...mine, ...theirs].forEach((t) => t.dispose());
    twin.dispose();
    const d = 6;
    const weights = model.getWeights();
    const values = weights.map((w) => randomFloats(rng, w.size));
    weights.forEach((w) => w.dispose());
    model.setWeights(values);
    const [users, items, kernel, bias, out, outBias] = values;
    const u = Int32Array.of(3, 9);
    const i = Int32Array.of(70, 2);
    const got = await predictions(model, u, i);
    got.forEach((p, k) => {
      const x = [...users.slice(u[k] * d, (u[k] + 1) * d), ...items.slice(i[k] * d, (i[k] + 1) * d)];
      const hidden = Array.from({ length: 64 }, (_, h) => Math.max(0, bias[h] + x.reduce((s, v, j) => s + v * kernel[j * 64 + h], 0)));
      expect(p, `seed ${seed}`).toBeCloseTo(outBias[0] + hidden.reduce((s, v, h) => s + v * out[h], 0), 4);
    });
    model.dispose();
  });
});

describe('recommend and cosine', () => {
  it("recommends the unseen items with the highest dot product, best first, and refuses a user without ratings", async () => {
    const { model, users, items, d } = regressionWithRandomTables();
    const before = memory();
    const user = 17;
    const got = await recommend(model, data, user, 10);
    expect(memory()).toEqual(before);
    const seen = new Set(Array.from(data.ratings.items).filter((_, k) => data.ratings.users[k] === user));
    const expected = Array.from({ length: data.maxItemId }, (_, k) => k + 1)
      .filter((id) => !seen.has(id))
      .sort((a, b) => dot(users, user, items, b, d) - dot(users, user, items, a, d) || a - b)
      .slice(0, 10);
    expect(got.map((n) => n.item), `seed ${seed}`).toEqual(expected);
    got.forEach((n) => {
      expect(n.title).toBe(data.titles[n.item]);
      expect(n.score).toBeCloseTo(dot(users, user, items, n.item, d), 5);
    });
    for (const bad of [0, 51, 1.5]) await expect(recommend(model, data, bad)).rejects.toThrow(`recommend: expected a user id with ratings (1 to 50), received ${bad}.`);
    const table = itemEmbedding(model);
    const norm = (j: number) => Math.sqrt(dot(items, j, items, j, d));
    expect(await cosine(table, 4, 9)).toBeCloseTo(dot(items, 4, items, 9, d) / (norm(4) * norm(9)), 5);
    table.dispose();
    model.dispose();
  });
});

describe('trainModel', () => {
  it('fits with the lab settings, calls back every 10th batch (and each epoch\'s last) and every epoch, and lowers the MAE of both sets', async () => {
    const split = trainTestSplit(data.ratings, { seed: 2 });
    const model = regressionModel({ ...sizes, embeddingSize: 16 });
    const before = await scoreModel(model, split);
    const batches: number[] = [];
    const epochs: number[] = [];
    const seconds: number[] = [];
    const trained = await trainModel(model, split.train, {
      epochs: 3,
      seed: 4,
      onBatch: (batch, count, logs) => {
        batches.push(batch);
        expect(count).toBe(Math.ceil(Math.floor(split.train.ratings.length * 0.9) / 64));
        expect(Number.isFinite(logs.loss)).toBe(true);
      },
      onEpoch: (epoch, logs, took) => {
        epochs.push(epoch);
        seconds.push(took);
        expect(took).toBeGreaterThan(0);
        expect(Object.keys(logs).sort()).toEqual(['loss', 'mse', 'val_loss', 'val_mse']);
      },
    });
    expect(epochs).toEqual([0, 1, 2]);
    const count = Math.ceil(Math.floor(split.train.ratings.length * 0.9) / 64);
    const due = Array.from({ length: count }, (_, b) => b).filter((b) => (b + 1) % 10 === 0 || b === count - 1);
    expect(batches).toEqual([...due, ...due, ...due]);
    expect(trained.history.loss).toHaveLength(3);
    expect(trained.history.val_loss).toHaveLength(3);
    expect(trained.secondsPerEpoch).toBeCloseTo(seconds.reduce((a, b) => a + b, 0) / 3, 9);
    const after = await scoreModel(model, split);
    expect(after.trainMAE).toBeLessThan(before.trainMAE);
    expect(after.testMAE).toBeLessThan(before.testMAE);
    expect(await trainModel(model, split.train, { epochs: 0 })).toEqual({ history: {}, secondsPerEpoch: null });
    model.dispose();
  });
});
