/**
 * compile / fit / evaluate against the CPU reference fit (same engine over
 * traceCpu, CPU losses and optimizer twins, same batching and sample order):
 * histories and weights over several epochs, in order and shuffled with a
 * seed; determinism; evaluate; frozen layers; callbacks and history names;
 * no buffer created per batch in steady state; memory flat across fits and
 * across 100 epochs; a learnable problem's loss going down. Shared by both tiers.
 */
import { Adagrad, Adam, Concatenate, cpu, Dense, Dot, Dropout, Embedding, EmbeddingBag, Flatten, Input, memory, Model, RMSprop, Sequential, SGD, tensor, type Optimizer } from '../../src/index.js';
import { fitCpu } from '../../src/train/cpu-fit.js';
import { assert, assertAllClose } from '../support/close.js';
import { startCountingGpuCalls } from '../support/gpu-calls.js';
import { randomFloats, randomInts, seeded, type Random } from '../support/random.js';
import type { Case } from './case.js';

/** `Input([1]) -> Embedding(V, D) -> Flatten`, with random initial weights. */
export function tableModel(rng: Random, rows: number, dim: number, name = 'table'): { model: Model; layer: Embedding; initial: Float32Array } {
  const initial = randomFloats(rng, rows * dim).map((v) => v * 0.1);
  const layer = new Embedding({ inputDim: rows, outputDim: dim, weights: [tensor(initial, [rows, dim], 'float32')], name });
  const x = Input({ shape: [1], name: `${name}_ids` });
  return { model: new Model({ inputs: x, outputs: new Flatten().apply(layer.apply(x)) }), layer, initial };
}

/** Indices and float targets for a table model. */
export function tableData(rng: Random, samples: number, rows: number, dim: number): { ids: Int32Array; y: Float32Array } {
  return { ids: randomInts(rng, samples, rows), y: randomFloats(rng, samples * dim) };
}

export async function weightsOf(model: Model): Promise<Float32Array[]> {
  const copies = model.getWeights();
  try {
    return await Promise.all(copies.map((t) => t.data()));
  } finally {
    for (const t of copies) t.dispose();
  }
}

function dispose(model: Model): void {
  const layers = model.layers;
  model.dispose();
  for (const layer of layers) layer.dispose();
}

const tolerance = { atol: 2e-5, rtol: 1e-4 };

async function againstReference(rng: Random, optimizer: () => Optimizer, loss: 'mse' | 'mae', options: { shuffle: boolean; validationSplit?: number; batchSize: number; epochs: number }): Promise<void> {
  const { model } = tableModel(rng, 13, 5);
  const { ids, y } = tableData(rng, 45, 13, 5);
  model.compile({ optimizer: optimizer(), loss, metrics: ['mse', 'mae'] });
  const args = { ...options, seed: Math.floor(rng() * 1000), verbose: 0 as const };
  const reference = await fitCpu(model, ids, y, args);
  const history = await model.fit(ids, y, args);
  const label = `${model.optimizer!.className} ${loss} ${JSON.stringify(options)}`;
  for (const key of Object.keys(reference.history.history)) {
    assertAllClose(history.history[key], reference.history.history[key], `${label}: history ${key}`, tolerance);
  }
  assert(Object.keys(history.history).join() === Object.keys(reference.history.history).join(), `${label}: history keys ${Object.keys(history.history)}`);
  const got = await weightsOf(model);
  got.forEach((w, i) => assertAllClose(w, reference.weights[i], `${label}: weight ${i}`, tolerance));
  dispose(model);
}

/**
 * Two id inputs; one Embedding applied to both (one table, two lookups) and
 * another to the second; the first lookup feeds Concatenate twice (its
 * gradient is a sum): output `[null, 4 * dim]`.
 */
export function sharedModel(rng: Random, rows: number, dim: number): Model {
  const a = Input({ shape: [1], name: 'a' });
  const b = Input({ shape: [1], name: 'b' });
  const shared = new Embedding({ inputDim: rows, outputDim: dim, weights: [randomFloats(rng, rows * dim).map((v) => v * 0.1)], name: 'shared' });
  const other = new Embedding({ inputDim: rows, outputDim: dim, weights: [randomFloats(rng, rows * dim).map((v) => v * 0.1)], name: 'other' });
  const u = new Flatten().apply(shared.apply(a));
  const v = new Flatten().apply(shared.apply(b));
  const w = new Flatten().apply(other.apply(b));
  return new Model({ inputs: [a, b], outputs: new Concatenate().apply([u, v, u, w]) });
}

/** The lab's models at small sizes: user and item tables -> Dot (cosine or not), or Concatenate -> Dense(relu) -> Dense(1). */
export function labModel(rng: Random, kind: 'dot' | 'cosine' | 'deep', users = 9, items = 14, dim = 4): Model {
  const user = Input({ shape: [1], name: 'user' });
  const item = Input({ shape: [1], name: 'item' });
  const table = (rows: number, name: string) => new Embedding({ inputDim: rows, outputDim: dim, weights: [randomFloats(rng, rows * dim).map((v) => v * 0.5)], name });
  const u = new Flatten().apply(table(users, 'user_embedding').apply(user));
  const v = new Flatten().apply(table(items, 'item_embedding').apply(item));
  const seed = Math.floor(rng() * 1e6);
  const output =
    kind === 'deep'
      ? new Dense({ units: 1, seed }).apply(new Dense({ units: 5, activation: 'relu', seed: seed + 2 }).apply(new Concatenate().apply([u, v])))
      : new Dot({ axes: 1, normalize: kind === 'cosine' }).apply([u, v]);
  return new Model({ inputs: [user, item], outputs: output });
}

/**
 * users, items, bags of 3 items -> an Embedding each for users and items,
 * EmbeddingBag('max') for the bags -> [cosine(u, v), Dropout(Dense(relu)(concat(u, v, bag)))] -> Dense(1).
 */
function everyLayerModel(rng: Random): Model {
  const user = Input({ shape: [1], name: 'user' });
  const item = Input({ shape: [1], name: 'item' });
  const basket = Input({ shape: [3], name: 'basket' });
  const table = (name: string) => new Embedding({ inputDim: 20, outputDim: 4, weights: [randomFloats(rng, 80).map((v) => v * 0.5)], name });
  const u = new Flatten().apply(table('user_embedding').apply(user));
  const v = new Flatten().apply(table('item_embedding').apply(item));
  const bag = new EmbeddingBag({ inputDim: 20, outputDim: 4, mode: 'max', weights: [randomFloats(rng, 80)], name: 'basket_bag' }).apply(basket);
  const seed = Math.floor(rng() * 1e6);
  const cosine = new Dot({ axes: 1, normalize: true }).apply([u, v]);
  const hidden = new Dropout({ rate: 0.3 }).apply(new Dense({ units: 6, activation: 'relu', seed }).apply(new Concatenate().apply([u, v, bag])));
  return new Model({ inputs: [user, item, basket], outputs: new Dense({ units: 1, seed: seed + 2 }).apply(new Concatenate().apply([cosine, hidden])) });
}

/** Float features -> Dense(6, tanh) -> Dense(units, activation): a classifier. */
function classifier(rng: Random, units: number, activation: 'softmax' | 'sigmoid'): Model {
  const x = Input({ shape: [4], dtype: 'float32', name: 'features' });
  const seed = Math.floor(rng() * 1e6);
  return new Model({ inputs: x, outputs: new Dense({ units, activation, seed }).apply(new Dense({ units: 6, activation: 'tanh', seed: seed + 2 }).apply(x)) });
}

async function sameAsReference(model: Model, x: unknown, y: unknown, args: Parameters<Model['fit']>[2], label: string): Promise<void> {
  const reference = await fitCpu(model, x, y, args!);
  const history = await model.fit(x, y, args);
  assert(Object.keys(history.history).join() === Object.keys(reference.history.history).join(), `${label}: history keys ${Object.keys(history.history)}`);
  for (const key of Object.keys(reference.history.history)) assertAllClose(history.history[key], reference.history.history[key], `${label}: history ${key}`, tolerance);
  const got = await weightsOf(model);
  got.forEach((w, i) => assertAllClose(w, reference.weights[i], `${label}: weight ${i}`, tolerance));
}

export const cases: Case[] = [
  {
    name: 'fit equals the CPU reference fit over 3 epochs in order (shuffle: false), for SGD with momentum, Adam, Adagrad and RMSprop, mse and mae',
    run: async (rng) => {
      const options = { shuffle: false, batchSize: 8, epochs: 3 };
      await againstReference(rng, () => new SGD({ learningRate: 0.1, momentum: 0.9 }), 'mse', options);
      await againstReference(rng, () => new Adam({ learningRate: 0.02 }), 'mae', options);
      await againstReference(rng, () => new Adagrad({ learningRate: 0.1 }), 'mse', options);
      await againstReference(rng, () => new RMSprop({ learningRate: 0.01, centered: true }), 'mae', options);
    },
  },
  {
    name: 'fit equals the CPU reference fit with shuffling (same seed) and validationSplit, Keras semantics and lazy rows',
    run: async (rng) => {
      const options = { shuffle: true, batchSize: 7, epochs: 3, validationSplit: 0.2 };
      await againstReference(rng, () => new Adam({ learningRate: 0.05 }), 'mae', options);
      await againstReference(rng, () => new Adam({ learningRate: 0.05, lazy: true }), 'mse', options);
      await againstReference(rng, () => new SGD({ learningRate: 0.2 }), 'mse', options);
    },
  },
  {
    name: 'fit equals the CPU reference with two inputs, a table looked up twice (row gradients of one weight reduced once) and a value feeding two layers (gradients summed)',
    run: async (rng) => {
      for (const optimizer of [new Adam({ learningRate: 0.05 }), new SGD({ learningRate: 0.5 }), new Adam({ learningRate: 0.05, lazy: true })]) {
        const model = sharedModel(rng, 11, 3);
        model.compile({ optimizer, loss: 'mse', metrics: ['mae'] });
        const a = randomInts(rng, 40, 11);
        const b = randomInts(rng, 40, 11);
        const y = randomFloats(rng, 40 * 12);
        const args = { epochs: 2, batchSize: 6, seed: 5, verbose: 0 as const, validationSplit: 0.1 };
        const reference = await fitCpu(model, [a, b], y, args);
        const history = await model.fit([a, b], y, args);
        for (const key of Object.keys(reference.history.history)) assertAllClose(history.history[key], reference.history.history[key], `shared: ${key}`, tolerance);
        const got = await weightsOf(model);
        got.forEach((w, i) => assertAllClose(w, reference.weights[i], `shared ${optimizer.className} lazy ${optimizer.lazy}: weight ${i}`, tolerance));
        dispose(model);
        optimizer.dispose();
      }
    },
  },
  {
    name: "fit equals the CPU reference on the lab's models: Dot, cosine Dot, and Concatenate -> Dense(relu) -> Dense(1), with Adam and MAE",
    run: async (rng) => {
      for (const kind of ['dot', 'cosine', 'deep'] as const) {
        const model = labModel(rng, kind);
        // MAE's gradients cancel to (nearly) zero for some weights, where the GPU's and the CPU's summation orders
        // leave rounding noise of either sign; at Keras's epsilon (1e-7) Adam turns a 1e-9 gradient into a step of
        // ~lr / 100, so the two fits part by 1e-4 over a sign. A larger epsilon keeps such steps at the noise's size
        // (both fits use it; the other cases keep the default).
        model.compile({ optimizer: new Adam({ learningRate: 0.01, epsilon: 1e-4 }), loss: 'mae', metrics: ['mse'] });
        const users = randomInts(rng, 50, 9);
        const items = randomInts(rng, 50, 14);
        const ratings = Float32Array.from({ length: 50 }, () => Math.floor(rng() * 5) - 2);
        await sameAsReference(model, [users, items], ratings, { epochs: 3, batchSize: 8, seed: 7, verbose: 0, validationSplit: 0.2 }, kind);
        dispose(model);
      }
    },
  },
  {
    name: 'fit equals the CPU reference on classifiers: softmax with categorical and sparse categorical cross-entropy, sigmoid with binary cross-entropy, accuracy metrics',
    run: async (rng) => {
      const samples = 36;
      const features = randomFloats(rng, samples * 4);
      const classes = randomInts(rng, samples, 3);
      const oneHot = new Float32Array(samples * 3);
      classes.forEach((k, i) => (oneHot[i * 3 + k] = 1));
      const args = { epochs: 3, batchSize: 5, seed: 3, verbose: 0 as const, validationSplit: 0.25 };
      const softmax = classifier(rng, 3, 'softmax');
      softmax.compile({ optimizer: new SGD({ learningRate: 0.5, momentum: 0.5 }), loss: 'categoricalCrossentropy', metrics: ['accuracy', 'ce'] });
      await sameAsReference(softmax, features, oneHot, args, 'categorical');
      softmax.compile({ optimizer: new RMSprop({ learningRate: 0.01 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
      await sameAsReference(softmax, features, Float32Array.from(classes), args, 'sparse categorical');
      dispose(softmax);
      const sigmoid = classifier(rng, 2, 'sigmoid');
      sigmoid.compile({ optimizer: new Adam({ learningRate: 0.05 }), loss: 'binaryCrossentropy', metrics: ['accuracy', 'mse'] });
      const labels = Float32Array.from({ length: samples * 2 }, () => (rng() < 0.5 ? 0 : 1));
      await sameAsReference(sigmoid, features, labels, args, 'binary');
      dispose(sigmoid);
    },
  },
  {
    name: "Dropout acts only in fit, with fit's seed: the GPU fit equals the CPU reference (same masks), evaluate and predict see no dropout",
    run: async (rng) => {
      const x = Input({ shape: [5], dtype: 'float32', name: 'x' });
      const seed = Math.floor(rng() * 1e6);
      const hidden = new Dropout({ rate: 0.4 }).apply(new Dense({ units: 8, activation: 'relu', seed }).apply(x));
      const model = new Model({ inputs: x, outputs: new Dense({ units: 2, seed: seed + 5 }).apply(hidden) });
      model.compile({ optimizer: new Adam({ learningRate: 0.02 }), loss: 'mse' });
      const features = randomFloats(rng, 30 * 5);
      const y = randomFloats(rng, 30 * 2);
      await sameAsReference(model, features, y, { epochs: 3, batchSize: 7, seed: 11, verbose: 0, validationSplit: 0.2 }, 'dropout');
      const first = await model.evaluate(features, y);
      const second = await model.evaluate(features, y);
      assert(first.loss === second.loss, `evaluate is deterministic without dropout: ${first.loss} ${second.loss}`);
      dispose(model);
    },
  },
  {
    name: 'fit equals the CPU reference with EmbeddingBag tables (sum with padding, mean, max) feeding Dense',
    run: async (rng) => {
      for (const mode of ['sum', 'mean', 'max'] as const) {
        const x = Input({ shape: [4], name: 'bag' });
        const bag = new EmbeddingBag({ inputDim: 12, outputDim: 3, mode, paddingIdx: mode === 'max' ? undefined : 0, weights: [randomFloats(rng, 36)], name: 'bag_table' });
        const model = new Model({ inputs: x, outputs: new Dense({ units: 1, seed: 3 }).apply(bag.apply(x)) });
        model.compile({ optimizer: new Adam({ learningRate: 0.05, lazy: mode === 'mean' }), loss: 'mse' });
        const ids = randomInts(rng, 24 * 4, 12);
        const y = randomFloats(rng, 24);
        await sameAsReference(model, ids, y, { epochs: 2, batchSize: 5, seed: 2, verbose: 0 }, `EmbeddingBag ${mode}`);
        dispose(model);
      }
    },
  },
  {
    name: 'two fits with the same seed give bit-identical weights and histories',
    run: async (rng) => {
      const seed = Math.floor(rng() * 1e6);
      const data = tableData(rng, 70, 17, 6);
      const runs = [];
      for (let run = 0; run < 2; run++) {
        const { model } = tableModel(seeded(seed), 17, 6);
        model.compile({ optimizer: new Adam({ learningRate: 0.03 }), loss: 'mse', metrics: ['mae'] });
        const history = await model.fit(data.ids, data.y, { epochs: 3, batchSize: 9, seed, verbose: 0 });
        runs.push({ history: history.history, weights: await weightsOf(model) });
        dispose(model);
      }
      assertAllClose(runs[1].weights[0], runs[0].weights[0], 'weights of two runs (exact)');
      assert(JSON.stringify(runs[1].history) === JSON.stringify(runs[0].history), 'histories of two runs (exact)');
    },
  },
  {
    name: 'evaluate gives the mean loss and metrics over all samples (CPU reference), in batches of any size; fit reports val_ logs of validationData the same way',
    run: async (rng) => {
      const { model, initial } = tableModel(rng, 9, 3);
      model.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['mae', 'accuracy'] });
      const { ids, y } = tableData(rng, 23, 9, 3);
      const predictions = Float32Array.from(Array.from(ids).flatMap((id) => [...initial.subarray(id * 3, id * 3 + 3)]));
      const pred = { data: predictions, shape: [23, 3] };
      const target = { data: y, shape: [23, 3] };
      const mean = (v: Float32Array) => v.reduce((a, b) => a + b, 0) / v.length;
      const expected = { loss: mean(cpu.rowValues('meanSquaredError', pred, target)), mae: mean(cpu.rowValues('meanAbsoluteError', pred, target)), acc: mean(cpu.rowValues('categoricalAccuracy', pred, target)) };
      for (const batchSize of [1, 5, 32]) {
        const got = await model.evaluate(ids, y, { batchSize });
        assert(Object.keys(got).join() === 'loss,mae,acc', `evaluate keys ${Object.keys(got)}`);
        for (const key of ['loss', 'mae', 'acc'] as const) assertAllClose([got[key]], [expected[key]], `evaluate ${key} batch ${batchSize}`, tolerance);
      }
      const history = await model.fit(ids.subarray(0, 4), y.subarray(0, 12), { epochs: 1, batchSize: 4, validationData: [ids, y], verbose: 0 });
      assert(Object.keys(history.history).join() === 'loss,mae,acc,val_loss,val_mae,val_acc', `history keys ${Object.keys(history.history)}`);
      const after = await model.evaluate(ids, y);
      assertAllClose([history.history.val_loss[0]], [after.loss], 'val_loss is evaluate after the epoch', tolerance);
      dispose(model);
    },
  },
  {
    name: 'a layer with trainable: false is not updated; the history has one entry per epoch; callbacks run in order with TF.js logs; stopTraining ends fit',
    run: async (rng) => {
      const { model, layer, initial } = tableModel(rng, 6, 2);
      layer.trainable = false;
      model.compile({ optimizer: new SGD({ learningRate: 1 }), loss: 'mse' });
      const { ids, y } = tableData(rng, 10, 6, 2);
      const events: string[] = [];
      let batchLoss = NaN;
      const history = await model.fit(ids, y, {
        epochs: 2,
        batchSize: 4,
        verbose: 0,
        callbacks: {
          onTrainBegin: () => void events.push('train'),
          onEpochBegin: (epoch) => void events.push(`epoch ${epoch}`),
          onBatchBegin: (batch, logs) => void events.push(`batch ${batch} size ${logs?.size}`),
          onBatchEnd: async (batch, logs) => {
            events.push(`end ${batch}`);
            batchLoss = logs!.loss;
            await new Promise((resolve) => setTimeout(resolve, 1));
          },
          onEpochEnd: (epoch, logs) => void events.push(`epoch end ${epoch} ${Object.keys(logs!).join()}`),
          onTrainEnd: () => void events.push('train end'),
        },
      });
      const expectedEvents = ['train', 'epoch 0', 'batch 0 size 4', 'end 0', 'batch 1 size 4', 'end 1', 'batch 2 size 2', 'end 2', 'epoch end 0 loss'];
      assert(events.slice(0, expectedEvents.length).join('|') === expectedEvents.join('|'), `events ${events.join('|')}`);
      assert(events[events.length - 1] === 'train end' && events.length === 2 * 8 + 2, `events ${events.join('|')}`);
      assert(Number.isFinite(batchLoss) && history.epoch.join() === '0,1' && history.history.loss.length === 2, 'history and batch logs');
      assertAllClose((await weightsOf(model))[0], initial, 'frozen weights unchanged');
      layer.trainable = true;
      let batches = 0;
      const stopped = await model.fit(ids, y, { epochs: 5, batchSize: 2, verbose: 0, callbacks: { onBatchEnd: () => {
        if (++batches === 3) model.stopTraining = true;
      } } });
      assert(batches === 3 && stopped.epoch.length === 1, `stopTraining: ${batches} batches, ${stopped.epoch.length} epochs`);
      dispose(model);
    },
  },
  {
    name: 'steady-state training creates no GPU buffer per batch (tensors from the pool, parameters from the uniform cache), for every layer: Embedding, EmbeddingBag (max, and sum with per-sample weights), Dot (normalize), Concatenate, Dense, Dropout',
    run: async (rng) => {
      const models: [string, Model, unknown][] = [];
      models.push(['Embedding', tableModel(rng, 50, 8).model, tableData(rng, 200, 50, 8).ids]);
      models.push(['every layer', everyLayerModel(rng), [randomInts(rng, 200, 20), randomInts(rng, 200, 20), randomInts(rng, 200 * 3, 20)]]);
      const bags = Input({ shape: [3], name: 'bags' });
      const weights = Input({ shape: [3], dtype: 'float32', name: 'bag_weights' });
      const weighted = new EmbeddingBag({ inputDim: 15, outputDim: 4, mode: 'sum', perSampleWeights: true, paddingIdx: 0, weights: [randomFloats(rng, 60)], name: 'weighted' });
      models.push(['EmbeddingBag sum with per-sample weights', new Model({ inputs: [bags, weights], outputs: new Dense({ units: 1, seed: 1 }).apply(weighted.apply([bags, weights])) }), [randomInts(rng, 600, 15), randomFloats(rng, 600)]]);
      for (const [label, model, x] of models) {
        const outputs = model.outputs[0].shape[1] as number;
        model.compile({ optimizer: new Adam(), loss: 'mae', metrics: ['mse'] });
        let counting: ReturnType<typeof startCountingGpuCalls> | null = null;
        const counts: { createBuffer: number; submit: number }[] = [];
        await model.fit(x, randomFloats(rng, 200 * outputs), {
          epochs: 3,
          batchSize: 16,
          verbose: 0,
          callbacks: {
            onBatchBegin: (batch) => {
              // Epochs 1 and 2, batches 1 to 11: every step, no epoch-end read.
              if (batch === 1) counting = startCountingGpuCalls();
              if (batch === 12 && counting) {
                counting.stop();
                counts.push({ ...counting.calls });
                counting = null;
              }
            },
          },
        });
        const later = counts.slice(1);
        assert(later.length === 2 && later.every((c) => c.submit > 0), `${label}: counted steps ${JSON.stringify(counts)}`);
        assert(later.every((c) => c.createBuffer === 0), `${label}: buffers created during steady-state batches: ${JSON.stringify(later)}`);
        model.optimizer!.dispose();
        dispose(model);
      }
    },
  },
  {
    name: 'memory() is the same before and after fit and evaluate, and flat over 100 epochs of a small fit',
    run: async (rng) => {
      const { model } = tableModel(rng, 8, 4);
      model.compile({ optimizer: new RMSprop({ learningRate: 0.01, momentum: 0.5 }), loss: 'mse' });
      const { ids, y } = tableData(rng, 12, 8, 4);
      const before = memory();
      const seen: string[] = [];
      await model.fit(ids, y, { epochs: 100, batchSize: 5, validationSplit: 0.25, verbose: 0, callbacks: { onEpochEnd: () => void seen.push(JSON.stringify(memory())) } });
      await model.evaluate(ids, y);
      assert(JSON.stringify(memory()) === JSON.stringify(before), `memory ${JSON.stringify(before)} -> ${JSON.stringify(memory())}`);
      assert(new Set(seen).size === 1 && seen.length === 100, `memory over 100 epochs: ${[...new Set(seen)].join(' ')}`);
      dispose(model);
    },
  },
  {
    name: 'fit yields to the event loop while it trains: timers fire between batches',
    run: async (rng) => {
      const { model } = tableModel(rng, 30, 4);
      model.compile({ optimizer: 'adam', loss: 'mse' });
      const { ids, y } = tableData(rng, 400, 30, 4);
      let ticks = 0;
      let running = true;
      const tick = () => {
        ticks++;
        if (running) setTimeout(tick, 0);
      };
      setTimeout(tick, 0);
      let ticksAtBatch = 0;
      await model.fit(ids, y, { epochs: 1, batchSize: 8, verbose: 0, callbacks: { onBatchBegin: (batch) => void (batch === 40 ? (ticksAtBatch = ticks) : undefined) } });
      running = false;
      // 50 batches, a wait for the GPU every 4: timers run during the epoch, not only after it.
      assert(ticksAtBatch >= 5, `timers fired ${ticksAtBatch} times in the first 40 batches (${ticks} in all)`);
      dispose(model);
    },
  },
  {
    name: 'a Sequential model trains like the functional one (CPU reference)',
    run: async (rng) => {
      const model = new Sequential([new Embedding({ inputDim: 7, outputDim: 3, inputLength: 1, weights: [randomFloats(rng, 21)] }), new Flatten(), new Dense({ units: 2, seed: 4 })]);
      model.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse' });
      await sameAsReference(model, randomInts(rng, 20, 7), randomFloats(rng, 40), { epochs: 2, batchSize: 6, seed: 1, verbose: 0 }, 'sequential');
      dispose(model);
    },
  },
  {
    name: 'the loss of a learnable problem goes down (each id has one target row; 30 epochs of Adam)',
    run: async (rng) => {
      const { model } = tableModel(rng, 10, 3);
      model.compile({ optimizer: new Adam({ learningRate: 0.05 }), loss: 'mse' });
      const truth = randomFloats(rng, 30);
      const ids = randomInts(rng, 100, 10);
      const y = Float32Array.from(Array.from(ids).flatMap((id) => [...truth.subarray(id * 3, id * 3 + 3)]));
      const history = await model.fit(ids, y, { epochs: 30, batchSize: 10, verbose: 0 });
      const losses = history.history.loss;
      assert(losses[29] < losses[0] * 0.05, `loss ${losses[0]} -> ${losses[29]}`);
      dispose(model);
    },
  },
];

