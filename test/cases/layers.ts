/**
 * Layer and model cases: shapes, names, initialisers, checks, masks, graphs
 * with several inputs and outputs, weights shared across models, and
 * predictions compared with the CPU reference on the model's own weights.
 * Shared by the Node tier and the browser tier.
 */
import {
  cpu,
  Embedding,
  Flatten,
  Input,
  memory,
  Model,
  Sequential,
  tensor,
  type Initializer,
  type Tensor,
} from '../../src/index.js';
import { assert, assertAllClose, assertShape } from '../support/close.js';
import { randomFloats, randomInts, type Random } from '../support/random.js';
import type { Case } from './case.js';

/** The layer's weights read back, as the CPU reference's table. */
async function hostWeights(source: { getWeights(): Tensor[] }): Promise<{ data: Float32Array; shape: number[] }> {
  const [w] = source.getWeights();
  const data = (await w.data()) as Float32Array;
  const shape = [...w.shape];
  w.dispose();
  return { data, shape };
}

/** Reads `t`, disposes it, and compares it with the expected shape and values. */
async function expectTensor(t: Tensor, expected: { data: ArrayLike<number>; shape: readonly number[] }, label: string): Promise<void> {
  try {
    assertShape(t.shape, expected.shape, label);
    assertAllClose(await t.data(), expected.data, label);
  } finally {
    t.dispose();
  }
}

function expectThrows(fn: () => unknown, type: ErrorConstructor, pattern: string | RegExp, label: string): void {
  try {
    fn();
  } catch (error) {
    assert(error instanceof type, `${label}: expected a ${type.name}, received ${(error as Error).name}: ${(error as Error).message}`);
    const message = (error as Error).message;
    const matches = typeof pattern === 'string' ? message.includes(pattern) : pattern.test(message);
    assert(matches, `${label}: message ${JSON.stringify(message)} does not match ${String(pattern)}`);
    return;
  }
  throw new Error(`${label}: expected a ${type.name}, nothing was thrown`);
}

function sameShape(actual: readonly (number | null)[] | readonly (readonly (number | null)[])[], expected: readonly (number | null)[], label: string): void {
  assert(JSON.stringify(actual) === JSON.stringify(expected), `${label}: shape ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
}

function seedOf(rng: Random): number {
  return Math.floor(rng() * 2 ** 31);
}

export const cases: Case[] = [
  {
    name: 'Input is a symbolic int32 tensor with the batch first; Embedding and Flatten shapes follow Keras',
    run: async () => {
      const x = Input({ shape: [1], name: 'input' });
      sameShape(x.shape, [null, 1], 'Input shape');
      assert(x.dtype === 'int32', `Input dtype ${x.dtype}`);
      assert(Input({ shape: [3], dtype: 'float32' }).dtype === 'float32', 'Input dtype float32');
      const layer = new Embedding({ inputDim: 10, outputDim: 4 });
      sameShape(layer.computeOutputShape([null]), [null, 4], 'rank-1 input');
      sameShape(layer.computeOutputShape([null, 7]), [null, 7, 4], 'rank-2 input');
      sameShape(layer.computeOutputShape([null, 2, 3]), [null, 2, 3, 4], 'rank-3 input');
      assert(!layer.built && layer.weights.length === 0, 'computeOutputShape must not build the layer');
      sameShape(new Flatten().computeOutputShape([null, 2, 3, 4]), [null, 24], 'Flatten');
      sameShape(new Flatten().computeOutputShape([null]), [null, 1], 'Flatten rank 1');
      const model = new Model({ inputs: x, outputs: layer.apply(x) });
      sameShape(model.outputShape, [null, 1, 4], 'model.outputShape');
      const model2 = new Model({ inputs: x, outputs: new Flatten().apply(layer.apply(x)) });
      sameShape(model2.outputShape, [null, 4], 'model2.outputShape');
      model.dispose();
      model2.dispose();
    },
  },
  {
    name: 'predict on inputs of rank 1, 2 and 3 equals the CPU reference gather on the layer weights',
    run: async (rng) => {
      const [vocab, dim] = [1 + Math.floor(rng() * 40), 1 + Math.floor(rng() * 9)];
      const layer = new Embedding({ inputDim: vocab, outputDim: dim, seed: seedOf(rng) });
      const table = await (async () => {
        const x = Input({ shape: [] });
        const model = new Model({ inputs: x, outputs: layer.apply(x) });
        const host = await hostWeights(model);
        for (const sample of [[], [5], [2, 3]]) {
          const xs = Input({ shape: sample });
          const m = new Model({ inputs: xs, outputs: layer.apply(xs) });
          const shape = [3, ...sample];
          const ids = randomInts(rng, shape.reduce((a, b) => a * b, 1), vocab);
          const input = tensor(ids, shape);
          await expectTensor(m.predict(input) as Tensor, cpu.gather(host, ids, { shape }), `rank ${shape.length}`);
          input.dispose();
          m.dispose();
        }
        model.dispose();
        return host;
      })();
      assert(table.data.some((v) => v !== 0), 'weights are not all zero');
      assert(layer.isDisposed, 'the layer is disposed with the last model that held it');
    },
  },
  {
    name: 'default names are unique and numbered like Keras (embedding, embedding_1, ...)',
    run: async () => {
      const names = [new Embedding({ inputDim: 2, outputDim: 2 }).name, new Embedding({ inputDim: 2, outputDim: 2 }).name];
      const number = (name: string) => (name === 'embedding' ? 0 : Number(/^embedding_(\d+)$/.exec(name)?.[1]));
      assert(Number.isInteger(number(names[0])) && number(names[1]) === number(names[0]) + 1, `names ${names.join(', ')}`);
      const flats = [new Flatten().name, new Flatten().name];
      assert(/^flatten(_\d+)?$/.test(flats[0]) && flats[0] !== flats[1], `Flatten names ${flats.join(', ')}`);
      assert(new Embedding({ inputDim: 2, outputDim: 2, name: 'my_embedding' }).name === 'my_embedding', 'explicit name');
      const x = Input({ shape: [1] });
      assert(/^input(_\d+)?$/.test(x.layer.name), `Input name ${x.layer.name}`);
      const models = [new Model({ inputs: x, outputs: new Flatten().apply(x) }), new Model({ inputs: x, outputs: new Flatten().apply(x) })];
      assert(/^model(_\d+)?$/.test(models[0].name) && models[0].name !== models[1].name, `model names ${models.map((m) => m.name)}`);
      models.forEach((m) => m.dispose());
    },
  },
  {
    name: 'initialisers: uniform within ±0.05, normal with stddev 0.05, zeros, ones, a function; a seed reproduces the weights',
    run: async (rng) => {
      const seed = seedOf(rng);
      const weightsOf = async (init: Initializer, s: number | undefined) => {
        const layer = new Embedding({ inputDim: 50, outputDim: 20, embeddingsInitializer: init, seed: s });
        layer.build([null, 1]);
        const host = await hostWeights(layer);
        layer.dispose();
        return host.data;
      };
      const uniform = await weightsOf('uniform', seed);
      assert(uniform.every((v) => v >= -0.05 && v <= 0.05), 'uniform values lie in [-0.05, 0.05]');
      assert(uniform.some((v) => v > 0.03) && uniform.some((v) => v < -0.03), 'uniform values spread over the range');
      assertAllClose(await weightsOf('uniform', seed), uniform, 'same seed, same weights');
      assert((await weightsOf('uniform', seed + 1)).some((v, i) => v !== uniform[i]), 'another seed gives other weights');
      const byDefault = new Embedding({ inputDim: 50, outputDim: 20, seed });
      byDefault.build([null]);
      assertAllClose((await hostWeights(byDefault)).data, uniform, "default initialiser is 'uniform'");
      byDefault.dispose();
      const normal = await weightsOf('normal', seed);
      const mean = normal.reduce((a, b) => a + b, 0) / normal.length;
      const std = Math.sqrt(normal.reduce((a, b) => a + (b - mean) ** 2, 0) / normal.length);
      assert(Math.abs(mean) < 0.01 && Math.abs(std - 0.05) < 0.01, `normal: mean ${mean}, std ${std}`);
      assert((await weightsOf('zeros', undefined)).every((v) => v === 0), 'zeros');
      assert((await weightsOf('ones', undefined)).every((v) => v === 1), 'ones');
      const custom = await weightsOf((shape) => Array.from({ length: shape[0] * shape[1] }, (_, i) => i / 7), undefined);
      assertAllClose(custom, Float32Array.from({ length: 1000 }, (_, i) => i / 7), 'function initialiser');
      expectThrows(() => new Embedding({ inputDim: 2, outputDim: 2, embeddingsInitializer: 'glorot' as Initializer }), TypeError, 'embeddingsInitializer', 'unknown initialiser');
    },
  },
  {
    name: 'inputLength is checked against the input\'s last dimension with Keras\'s message',
    run: async () => {
      const layer = new Embedding({ inputDim: 10, outputDim: 4, inputLength: 1, name: 'len_check' });
      expectThrows(() => layer.apply(Input({ shape: [3] })), RangeError, `Embedding 'len_check': "inputLength" is 1, but received input has shape (None, 3)`, 'apply');
      expectThrows(() => layer.computeOutputShape([null, 2, 5]), RangeError, '"inputLength" is 1', 'computeOutputShape');
      assert(!layer.built, 'a rejected input does not build the layer');
      sameShape(layer.computeOutputShape([null, 2, 1]), [null, 2, 1, 4], 'matching last dimension');
      sameShape(layer.computeOutputShape([null, null]), [null, null, 4], 'unknown length');
      const x = Input({ shape: [1] });
      const model = new Model({ inputs: x, outputs: layer.apply(x) });
      const wrong = tensor(new Int32Array(6), [2, 3]);
      expectThrows(() => model.predict(wrong), RangeError, 'expects shape (None, 1)', 'predict with the wrong length');
      wrong.dispose();
      model.dispose();
      expectThrows(() => new Embedding({ inputDim: 10, outputDim: 4 }).apply(Input({ shape: [1], dtype: 'float32' })), TypeError, 'expected int32 indices', 'float32 input');
      expectThrows(() => new Embedding({ inputDim: 10, outputDim: 4, inputLength: 0 }), RangeError, 'inputLength', 'inputLength 0');
      expectThrows(() => new Embedding({ inputDim: 2.5, outputDim: 4 }), RangeError, 'inputDim', 'inputDim 2.5');
    },
  },
  {
    name: 'maskZero: computeMask gives input != 0 for host and GPU indices; null without maskZero',
    run: async (rng) => {
      const layer = new Embedding({ inputDim: 6, outputDim: 3, maskZero: true });
      const ids = randomInts(rng, 24, 6);
      ids[0] = 0;
      ids[1] = 5;
      const expected = Float32Array.from(ids, (v) => (v === 0 ? 0 : 1));
      const shape = [4, 6];
      const onGpu = tensor(ids, shape);
      await expectTensor(layer.computeMask(onGpu)!, { data: expected, shape }, 'mask of a GPU tensor');
      onGpu.dispose();
      const nested = [[...ids.subarray(0, 12)], [...ids.subarray(12)]];
      await expectTensor(layer.computeMask(nested)!, { data: expected, shape: [2, 12] }, 'mask of nested arrays');
      expectThrows(() => layer.computeMask([[6]]), RangeError, 'in [0, 6)', 'mask of an out-of-range index');
      assert(new Embedding({ inputDim: 6, outputDim: 3 }).computeMask([[0, 1]]) === null, 'no mask without maskZero');
      layer.dispose();
    },
  },
  {
    name: 'a model with two inputs (user, item) and two outputs, each through its own Embedding',
    run: async (rng) => {
      const user = Input({ shape: [1], name: 'user' });
      const item = Input({ shape: [1], name: 'item' });
      const users = new Embedding({ inputDim: 13, outputDim: 5, seed: seedOf(rng), name: 'user_embedding' });
      const items = new Embedding({ inputDim: 31, outputDim: 3, seed: seedOf(rng), name: 'item_embedding', lookup: 'onehot' });
      const model = new Model({ inputs: [user, item], outputs: [new Flatten().apply(users.apply(user)), new Flatten().apply(items.apply(item))] });
      sameShape(model.outputShape, [[null, 5], [null, 3]] as never, 'two output shapes');
      assert(model.getLayer('item_embedding') === items, 'getLayer');
      assert(model.layers.length === 6, `layers: ${model.layers.map((l) => l.name)}`);
      const n = 1 + Math.floor(rng() * 20);
      const u = randomInts(rng, n, 13);
      const i = randomInts(rng, n, 31);
      const out = model.predict([u, [...i].map((v) => [v])]) as Tensor[];
      assert(Array.isArray(out) && out.length === 2, 'two outputs');
      const [uw, iw] = [await hostWeights(users), await hostWeights(items)];
      await expectTensor(out[0], { data: cpu.gather(uw, u).data, shape: [n, 5] }, 'user output');
      await expectTensor(out[1], { data: cpu.gather(iw, i).data, shape: [n, 3] }, 'item output');
      const batched = model.predict([u, i], { batchSize: 3 }) as Tensor[];
      await expectTensor(batched[0], { data: cpu.gather(uw, u).data, shape: [n, 5] }, 'user output, batchSize 3');
      await expectTensor(batched[1], { data: cpu.gather(iw, i).data, shape: [n, 3] }, 'item output, batchSize 3');
      expectThrows(() => model.predict([u]), RangeError, 'expected a list of 2 inputs', 'one input for two');
      expectThrows(() => model.predict([u, i.subarray(1)]), RangeError, 'same batch size', 'batch sizes differ');
      expectThrows(() => model.getLayer('nope'), RangeError, "no layer named 'nope'", 'getLayer unknown');
      model.dispose();
    },
  },
  {
    name: 'a layer reused in two models and a Sequential shares one weight buffer; disposing one model keeps the others working',
    run: async (rng) => {
      const layer = new Embedding({ inputDim: 10, outputDim: 4, inputLength: 1, seed: seedOf(rng) });
      const x = Input({ shape: [1] });
      const model = new Model({ inputs: x, outputs: layer.apply(x) });
      const model2 = new Model({ inputs: x, outputs: new Flatten().apply(layer.apply(x)) });
      const model3 = new Sequential([layer, new Flatten()]);
      sameShape(model3.outputShape, [null, 4], 'Sequential output shape');
      assert(model3.layers.length === 2 && model3.layers[0] === layer, 'Sequential layers are the stack');
      const values = randomFloats(rng, 40);
      const update = tensor(values, [10, 4]);
      model2.setWeights([update]);
      update.dispose();
      const ids = randomInts(rng, 7, 10);
      const expected = cpu.gather({ data: values, shape: [10, 4] }, ids);
      await expectTensor(model.predict(ids) as Tensor, { data: expected.data, shape: [7, 1, 4] }, 'model sees model2.setWeights');
      await expectTensor(model3.predict(ids) as Tensor, { data: expected.data, shape: [7, 4] }, 'model3 sees model2.setWeights');
      const model4 = new Sequential();
      expectThrows(() => model4.outputShape, RangeError, 'no input yet', 'empty Sequential');
      model4.add(layer);
      model4.add(new Flatten());
      await expectTensor(model4.predict(ids) as Tensor, { data: expected.data, shape: [7, 4] }, 'Sequential built with add()');
      model4.dispose();
      model.dispose();
      assert(!layer.isDisposed, 'the layer lives while model2 and model3 hold it');
      await expectTensor(model2.predict(ids) as Tensor, { data: expected.data, shape: [7, 4] }, 'model2 after model.dispose()');
      model2.dispose();
      model3.dispose();
      assert(layer.isDisposed, 'the last model to go frees the weights');
      expectThrows(() => model3.predict(ids), Error, 'after dispose', 'predict after dispose');
    },
  },
  {
    name: 'Sequential: an Input first, then layers (given at once or with add), equals the CPU reference',
    run: async (rng) => {
      const layer = new Embedding({ inputDim: 12, outputDim: 3, seed: seedOf(rng) });
      expectThrows(() => new Sequential([new Flatten()]), TypeError, 'input shape is unknown', 'no input shape');
      const model = new Sequential([Input({ shape: [2, 2] }), layer]);
      sameShape(model.outputShape, [null, 2, 2, 3], 'Sequential with Input');
      model.add(new Flatten());
      sameShape(model.outputShape, [null, 12], 'after add(Flatten)');
      const ids = randomInts(rng, 5 * 4, 12);
      await expectTensor(model.predict(ids) as Tensor, { data: cpu.gather(await hostWeights(layer), ids).data, shape: [5, 12] }, 'Sequential predict');
      expectThrows(() => model.add(Input({ shape: [1] })), TypeError, 'Input can only come first', 'late Input');
      model.dispose();
      assert(layer.isDisposed, 'the Sequential held its layers');
    },
  },
  {
    name: "lookup: 'onehot' gives the same numbers as 'gather' and the CPU reference",
    run: async (rng) => {
      const vocab = 1 + Math.floor(rng() * 60);
      const dim = 1 + Math.floor(rng() * 10);
      const weights = [tensor(randomFloats(rng, vocab * dim), [vocab, dim])];
      const ids = randomInts(rng, 2 * 9, vocab);
      const outputs: Float32Array[] = [];
      for (const lookup of ['gather', 'onehot'] as const) {
        const layer = new Embedding({ inputDim: vocab, outputDim: dim, weights, lookup });
        const input = tensor(ids, [2, 9]);
        const out = layer.apply(input);
        input.dispose();
        assertShape(out.shape, [2, 9, dim], lookup);
        outputs.push((await out.data()) as Float32Array);
        out.dispose();
        layer.dispose();
      }
      const host = { data: (await weights[0].data()) as Float32Array, shape: [vocab, dim] };
      weights[0].dispose();
      assertAllClose(outputs[0], cpu.gather(host, ids).data, 'gather vs CPU');
      assertAllClose(outputs[1], outputs[0], 'onehot vs gather', { atol: 1e-7, rtol: 1e-6 });
    },
  },
  {
    name: 'setWeights checks every shape first, with a clear error, and writes nothing on failure',
    run: async (rng) => {
      const a = new Embedding({ inputDim: 5, outputDim: 3, seed: seedOf(rng), name: 'first_table' });
      const b = new Embedding({ inputDim: 7, outputDim: 2, seed: seedOf(rng), name: 'second_table' });
      const ua = Input({ shape: [1] });
      const ub = Input({ shape: [1] });
      const model = new Model({ inputs: [ua, ub], outputs: [a.apply(ua), b.apply(ub)] });
      const before = [await hostWeights(a), await hostWeights(b)];
      const good = randomFloats(rng, 15);
      expectThrows(() => model.setWeights([good, randomFloats(rng, 15)]), RangeError, 'weight 1 (second_table/embeddings): expected shape [7, 2]', 'wrong size');
      const transposed = tensor(good, [3, 5]);
      expectThrows(() => model.setWeights([transposed, randomFloats(rng, 14)]), RangeError, 'expected shape [5, 3], received shape [3, 5]', 'transposed');
      transposed.dispose();
      expectThrows(() => model.setWeights([good]), RangeError, 'expected a list of 2', 'too few');
      expectThrows(() => a.setWeights([[[1, 2, 3]]]), RangeError, "Embedding 'first_table'.setWeights", 'layer.setWeights');
      assertAllClose((await hostWeights(a)).data, before[0].data, 'first weight unchanged');
      assertAllClose((await hostWeights(b)).data, before[1].data, 'second weight unchanged');
      const nested = Array.from({ length: 5 }, (_, r) => [...good.subarray(r * 3, r * 3 + 3)]);
      const second = tensor(randomFloats(rng, 14), [7, 2]);
      model.setWeights([nested, second]);
      second.dispose();
      assertAllClose((await hostWeights(a)).data, good, 'nested arrays written');
      model.dispose();
    },
  },
  {
    name: 'getWeights returns copies the caller owns; the weights option copies in (the caller may dispose its tensor at once)',
    run: async (rng) => {
      const values = randomFloats(rng, 12);
      const given = tensor(values, [4, 3]);
      const layer = new Embedding({ inputDim: 4, outputDim: 3, weights: [given] });
      given.dispose();
      const x = Input({ shape: [2] });
      const model = new Model({ inputs: x, outputs: layer.apply(x) });
      const [copy] = model.getWeights();
      assert(copy.buffer !== layer.embeddings!.value().buffer, 'getWeights gives a new buffer');
      copy.dispose();
      await expectTensor(model.predict([[3, 0]]) as Tensor, { data: cpu.gather({ data: values, shape: [4, 3] }, [3, 0]).data, shape: [1, 2, 3] }, 'after disposing copies');
      expectThrows(() => new Embedding({ inputDim: 4, outputDim: 3, weights: [[[1, 2, 3]]] }), RangeError, 'expected shape [4, 3]', 'weights= shape');
      model.dispose();
    },
  },
  {
    name: 'getConfig round-trips through Embedding.fromConfig',
    run: async (rng) => {
      const layer = new Embedding({ inputDim: 9, outputDim: 2, inputLength: 3, name: 'cfg', maskZero: true, lookup: 'onehot', embeddingsInitializer: 'normal', seed: seedOf(rng), trainable: false });
      const config = layer.getConfig();
      const twin = Embedding.fromConfig(config);
      assert(JSON.stringify(twin.getConfig()) === JSON.stringify(config), `${JSON.stringify(twin.getConfig())} vs ${JSON.stringify(config)}`);
      assert(config.inputDim === 9 && config.outputDim === 2 && config.inputLength === 3 && config.name === 'cfg' && config.maskZero && config.lookup === 'onehot' && config.trainable === false, JSON.stringify(config));
      twin.build([null, 3]);
      layer.build([null, 3]);
      assertAllClose((await hostWeights(twin)).data, (await hostWeights(layer)).data, 'same seed in the config, same weights');
      twin.dispose();
      layer.dispose();
    },
  },
  {
    name: 'predict with batchSize equals one-shot predict (host data and tensors, uneven last batch)',
    run: async (rng) => {
      const layer = new Embedding({ inputDim: 20, outputDim: 5, seed: seedOf(rng) });
      const x = Input({ shape: [3] });
      const model = new Model({ inputs: x, outputs: new Flatten().apply(layer.apply(x)) });
      const n = 10 + Math.floor(rng() * 30);
      const ids = randomInts(rng, n * 3, 20);
      const oneShot = model.predict(ids) as Tensor;
      const whole = (await oneShot.data()) as Float32Array;
      oneShot.dispose();
      assertAllClose(whole, cpu.gather(await hostWeights(layer), ids).data, 'one shot vs CPU');
      for (const batchSize of [1, 3, 7, n, n + 5]) {
        await expectTensor(model.predict(ids, { batchSize }) as Tensor, { data: whole, shape: [n, 15] }, `host, batchSize ${batchSize}`);
        const t = tensor(ids, [n, 3]);
        await expectTensor(model.predict(t, { batchSize }) as Tensor, { data: whole, shape: [n, 15] }, `tensor, batchSize ${batchSize}`);
        assert(!t.isDisposed, 'the caller keeps its input tensor');
        t.dispose();
      }
      expectThrows(() => model.predict(ids, { batchSize: 0 }), RangeError, 'batchSize', 'batchSize 0');
      model.dispose();
    },
  },
  {
    name: 'predict accepts nested arrays, a 1-D batch, Int32Array, Uint32Array, BigInt64Array and int32 tensors alike',
    run: async (rng) => {
      const layer = new Embedding({ inputDim: 10, outputDim: 4, inputLength: 1, seed: seedOf(rng) });
      const x = Input({ shape: [1] });
      const model = new Model({ inputs: x, outputs: new Flatten().apply(layer.apply(x)) });
      const ids = [3, 3, 0, 9];
      const expected = { data: cpu.gather(await hostWeights(layer), ids).data, shape: [4, 4] };
      const forms: [string, unknown][] = [
        ['nested', ids.map((v) => [v])],
        ['1-D batch', ids],
        ['Int32Array', new Int32Array(ids)],
        ['Uint32Array', new Uint32Array(ids)],
        ['BigInt64Array', BigInt64Array.from(ids.map(BigInt))],
        ['tensor [4, 1]', tensor(new Int32Array(ids), [4, 1])],
        ['tensor [4]', tensor(new Int32Array(ids))],
      ];
      for (const [label, value] of forms) {
        await expectTensor(model.predict(value as never) as Tensor, expected, label);
        if (typeof value === 'object' && value !== null && 'dispose' in value) (value as Tensor).dispose();
      }
      const floats = tensor([[1]]);
      expectThrows(() => model.predict(floats), TypeError, 'expects int32', 'float tensor');
      floats.dispose();
      model.dispose();
    },
  },
  {
    name: 'bad host indices throw before any GPU work, naming the layer, position, value and range',
    run: async () => {
      const layer = new Embedding({ inputDim: 10, outputDim: 4, inputLength: 1, name: 'my_embedding' });
      const x = Input({ shape: [1] });
      const model = new Model({ inputs: x, outputs: layer.apply(x) });
      const seq = Input({ shape: [2, 3] });
      const deep = new Embedding({ inputDim: 5, outputDim: 2, name: 'after_flatten' });
      const flatFirst = new Model({ inputs: seq, outputs: deep.apply(new Flatten().apply(seq)) });
      const before = memory();
      expectThrows(() => model.predict([[3], [12]]), RangeError, "Embedding 'my_embedding': expected integer indices in [0, 10), received 12 at [1, 0]", 'too large');
      expectThrows(() => model.predict([[-1]]), RangeError, 'received -1 at [0, 0]', 'negative');
      expectThrows(() => model.predict([[0], [2.5]]), TypeError, "Embedding 'my_embedding': expected integer indices in [0, 10), received 2.5 at [1, 0]", 'fraction');
      expectThrows(() => model.predict([[0], [NaN]]), TypeError, 'received NaN', 'NaN');
      expectThrows(() => model.predict(new Int32Array([1, 10])), RangeError, 'received 10 at [1, 0]', 'typed array');
      expectThrows(() => model.predict([[0, 1]]), RangeError, "input 'input", 'wrong shape');
      expectThrows(() => layer.apply([[0], [11]]), RangeError, "Embedding 'my_embedding': expected integer indices in [0, 10), received 11 at [1, 0]", 'eager apply');
      expectThrows(() => flatFirst.predict([[[0, 1, 2], [3, 4, 5]]]), RangeError, "Embedding 'after_flatten': expected integer indices in [0, 5), received 5 at [0, 1, 2]", 'checked through Flatten');
      const after = memory();
      assert(after.numTensors === before.numTensors && after.numBytes === before.numBytes, `no GPU allocation: ${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
      model.dispose();
      flatFirst.dispose();
    },
  },
  {
    name: 'Flatten is a view of the same GPU buffer; summary counts 40 parameters for 10 x 4',
    run: async (rng) => {
      const rows = tensor(randomFloats(rng, 24), [2, 3, 4]);
      const flat = new Flatten().apply(rows);
      assert(flat.buffer === rows.buffer, 'Flatten output shares the input buffer');
      assertShape(flat.shape, [2, 12], 'Flatten shape');
      flat.dispose();
      rows.dispose();
      const layer = new Embedding({ inputDim: 10, outputDim: 4, inputLength: 1, name: 'summary_embedding' });
      const x = Input({ shape: [1], name: 'summary_input' });
      const model = new Model({ inputs: x, outputs: layer.apply(x), name: 'summary_model' });
      let printed = '';
      const text = model.summary((t) => (printed = t));
      assert(text === printed, 'summary returns what it prints');
      for (const part of ['Model: "summary_model"', 'summary_input (InputLayer)', 'summary_embedding (Embedding)', '(None, 1, 4)', 'Total params: 40', 'Trainable params: 40', 'Non-trainable params: 0']) {
        assert(text.includes(part), `summary lacks ${JSON.stringify(part)}:\n${text}`);
      }
      model.dispose();
      const frozen = new Embedding({ inputDim: 7, outputDim: 3, trainable: false });
      const y = Input({ shape: [2] });
      const mixed = new Model({ inputs: y, outputs: new Flatten().apply(frozen.apply(y)) });
      const counts = mixed.summary(() => undefined);
      for (const part of ['Total params: 21', 'Trainable params: 0', 'Non-trainable params: 21', '(None, 6)']) {
        assert(counts.includes(part), `summary of a frozen layer lacks ${JSON.stringify(part)}:\n${counts}`);
      }
      mixed.dispose();
    },
  },
  {
    name: 'no GPU memory growth over 1,000 predict calls with disposal',
    run: async (rng) => {
      const layer = new Embedding({ inputDim: 50, outputDim: 8, seed: seedOf(rng) });
      const x = Input({ shape: [2] });
      const model = new Model({ inputs: x, outputs: new Flatten().apply(layer.apply(x)) });
      const ids = randomInts(rng, 2 * 16, 50);
      const onGpu = tensor(ids, [16, 2]);
      (model.predict(ids) as Tensor).dispose();
      const before = memory();
      for (let i = 0; i < 1000; i++) (model.predict(i % 2 ? ids : onGpu, { batchSize: i % 3 ? undefined : 5 }) as Tensor).dispose();
      const after = memory();
      await expectTensor(model.predict(onGpu) as Tensor, { data: cpu.gather(await hostWeights(layer), ids).data, shape: [16, 16] }, 'still right after 1,000 calls');
      onGpu.dispose();
      assert(after.numBytes === before.numBytes && after.numTensors === before.numTensors, `memory grew: ${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
      model.dispose();
    },
  },
];
