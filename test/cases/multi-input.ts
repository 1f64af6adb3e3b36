/**
 * Layers with several inputs and models that branch: Concatenate (forward
 * and backward, GPU vs CPU twin, central differences), `apply([a, b])` on
 * symbolic tensors, GPU tensors and host data, multi-input `predict` against
 * the CPU reference, summary's "Connected to" column, and the order of
 * `model.layers`. Shared by the Node tier and the browser tier.
 */
import { Concatenate, cpu, Embedding, Flatten, Input, InputLayer, Model, tensor, type AnyHostTensor, type Tensor } from '../../src/index.js';
import { assert, assertAllClose, assertShape } from '../support/close.js';
import { expectThrowsWithoutLeak } from '../support/expect.js';
import { checkFiniteDifferences, checkTraceAgainstCpu, hostWeights } from '../support/gradients.js';
import { randomFloats, randomInts, type Random } from '../support/random.js';
import type { Case } from './case.js';

const fitOptions = { training: true, seed: 3, step: 1 };

function hostFloats(rng: Random, shape: number[]): AnyHostTensor {
  return { data: randomFloats(rng, shape.reduce((a, b) => a * b, 1)), shape };
}

function sameShape(actual: unknown, expected: unknown, label: string): void {
  assert(JSON.stringify(actual) === JSON.stringify(expected), `${label}: ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
}

/** [axis, input shapes]: last axis with D not a multiple of 4, a middle axis, three inputs, one row, empty batch. */
const concatCases: [number, number[][]][] = [
  [-1, [[4, 3], [4, 5]]],
  [1, [[2, 3, 2], [2, 1, 2], [2, 4, 2]]],
  [-1, [[3, 2, 1], [3, 2, 6]]],
  [-1, [[1, 7], [1, 1]]],
  [-1, [[0, 3], [0, 2]]],
];

export const cases: Case[] = [
  ...concatCases.map(([axis, shapes]): Case => ({
    name: `Concatenate axis ${axis} of ${shapes.map((s) => `[${s}]`).join(' + ')}: backward vs central differences, GPU vs CPU twin`,
    run: async (rng) => {
      const layer = new Concatenate({ axis });
      const inputs = shapes.map((s) => hostFloats(rng, s));
      if (shapes[0][0] > 0) checkFiniteDifferences(layer, inputs, [], fitOptions, rng, `Concatenate axis ${axis}`);
      await checkTraceAgainstCpu(layer, inputs, fitOptions, rng, `Concatenate axis ${axis}`, {});
    },
  })),
  {
    name: 'Concatenate checks its inputs: at least two, matching shapes, one dtype, an axis other than the batch',
    run: async () => {
      const c = new Concatenate({ name: 'join' });
      expectThrowsWithoutLeak(() => c.computeOutputShape([[null, 3]]), TypeError, "Concatenate 'join': expected a list of at least 2 inputs");
      expectThrowsWithoutLeak(() => c.computeOutputShape([[null, 3, 2], [null, 4, 3]]), RangeError, "Concatenate 'join': expected inputs with matching shapes except along the concatenation axis, received (None, 3, 2), (None, 4, 3)");
      expectThrowsWithoutLeak(() => new Concatenate({ axis: 0 }).computeOutputShape([[null, 3], [null, 3]]), RangeError, 'the batch axis cannot be joined');
      expectThrowsWithoutLeak(() => new Concatenate({ axis: 2 }).computeOutputShape([[null, 3], [null, 3]]), RangeError, 'axis 2 is out of range');
      expectThrowsWithoutLeak(() => c.apply([Input({ shape: [2] }), Input({ shape: [2], dtype: 'float32' })]), TypeError, 'expected inputs of one dtype, received int32, float32');
      expectThrowsWithoutLeak(() => c.apply(Input({ shape: [2] }) as never), TypeError, 'expected a list of inputs, e.g. apply([a, b])');
      expectThrowsWithoutLeak(() => new Flatten().apply([Input({ shape: [2] }), Input({ shape: [2] })]), TypeError, 'expected one input, received a list of 2');
      const t = tensor([[1, 2]]);
      expectThrowsWithoutLeak(() => c.apply([Input({ shape: [2], dtype: 'float32' }), t] as never), TypeError, 'received a mix');
      t.dispose();
      sameShape(c.computeOutputShape([[null, 3], [null, null]]), [null, null], 'unknown length joins to unknown');
      sameShape(new Concatenate({ axis: 1 }).computeOutputShape([[null, 2, 5], [null, 3, 5]]), [null, 5, 5], 'axis 1');
      c.dispose();
    },
  },
  {
    name: 'apply([a, b]) works on symbolic tensors, GPU tensors and host data alike',
    run: async (rng) => {
      const layer = new Concatenate();
      const a = randomFloats(rng, 6);
      const b = randomFloats(rng, 4);
      const expected = cpu.concatenate([{ data: a, shape: [2, 3] }, { data: b, shape: [2, 2] }], 1);
      const symbolic = layer.apply([Input({ shape: [3], dtype: 'float32' }), Input({ shape: [2], dtype: 'float32' })]);
      sameShape(symbolic.shape, [null, 5], 'symbolic output');
      const ta = tensor(a, [2, 3]);
      const tb = tensor(b, [2, 2]);
      const onGpu = layer.apply([ta, tb]);
      assertShape(onGpu.shape, [2, 5], 'GPU output');
      assertAllClose(await onGpu.data(), expected.data, 'GPU tensors');
      const nested = [[...a.subarray(0, 3)], [...a.subarray(3)]];
      const fromHost = layer.apply([nested, tb]);
      assertAllClose(await fromHost.data(), expected.data, 'host data and a tensor');
      assert(!ta.isDisposed && !tb.isDisposed, "the caller's tensors stay alive");
      [onGpu, fromHost, ta, tb].forEach((t) => t.dispose());
    },
  },
  {
    name: 'a two-input model (user, item -> Embedding -> Flatten -> Concatenate) predicts the CPU reference, in batches too',
    run: async (rng) => {
      const user = Input({ shape: [1], name: 'user' });
      const item = Input({ shape: [2], name: 'item' });
      const users = new Embedding({ inputDim: 11, outputDim: 3, name: 'user_embedding', seed: Math.floor(rng() * 1e9) });
      const items = new Embedding({ inputDim: 17, outputDim: 5, name: 'item_embedding', seed: Math.floor(rng() * 1e9) });
      const joined = new Concatenate({ name: 'joined' }).apply([new Flatten().apply(users.apply(user)), new Flatten().apply(items.apply(item))]);
      const model = new Model({ inputs: [user, item], outputs: joined });
      sameShape(model.outputShape, [null, 13], 'output shape');
      const n = 1 + Math.floor(rng() * 30);
      const u = randomInts(rng, n, 11);
      const i = randomInts(rng, 2 * n, 17);
      const [uw] = await hostWeights(users);
      const [iw] = await hostWeights(items);
      const expected = cpu.concatenate([cpu.gather(uw as never, u, { shape: [n, 1] }), { ...cpu.gather(iw as never, i, { shape: [n, 2] }), shape: [n, 10] }].map((t) => ({ data: t.data, shape: [n, t.data.length / n] })), 1);
      for (const batchSize of [undefined, 4]) {
        const out = model.predict([u, i], { batchSize }) as Tensor;
        assertShape(out.shape, [n, 13], 'predict shape');
        assertAllClose(await out.data(), expected.data, `predict batchSize ${batchSize}`);
        out.dispose();
      }
      sameShape(model.layers.map((l) => l.name).slice(0, 4), ['user', 'item', 'user_embedding', 'item_embedding'], 'TF.js layer order');
      assert(model.layers[model.layers.length - 1].name === 'joined', 'the output layer last');
      model.dispose();
    },
  },
  {
    name: "summary of a branching model has Keras's Connected to column; a chain keeps the short table",
    run: async () => {
      const user = Input({ shape: [1], name: 'sum_user' });
      const item = Input({ shape: [1], name: 'sum_item' });
      const table = new Embedding({ inputDim: 10, outputDim: 4, name: 'shared_table' });
      const u = new Flatten({ name: 'sum_flat_u' }).apply(table.apply(user));
      const v = new Flatten({ name: 'sum_flat_v' }).apply(table.apply(item));
      const model = new Model({ inputs: [user, item], outputs: new Concatenate({ name: 'sum_join' }).apply([u, v]), name: 'two_towers' });
      const text = model.summary(() => undefined);
      const lines = text.split('\n');
      assert(lines[2].startsWith(' Layer (type)') && lines[2].includes('Connected to'), `header:\n${text}`);
      assert(lines[1] === '_'.repeat(98), `line length 98:\n${text}`);
      for (const part of ["sum_user (InputLayer)", "[]", "shared_table (Embedding)", "(None, 1, 4)", "['sum_user[0][0]',", "'sum_item[0][0]']", "['shared_table[0][0]']", "['shared_table[1][0]']", "['sum_flat_u[0][0]',", "'sum_flat_v[0][0]']", '(None, 8)', 'Total params: 40']) {
        assert(text.includes(part), `summary lacks ${JSON.stringify(part)}:\n${text}`);
      }
      const order = ['sum_user', 'sum_item', 'shared_table', 'sum_flat_u', 'sum_flat_v', 'sum_join'].map((n) => text.indexOf(` ${n} (`));
      assert(order.every((at, k) => at > 0 && (k === 0 || at > order[k - 1])), `rows in TF.js order:\n${text}`);
      const joinRow = lines.findIndex((l) => l.startsWith(' sum_join (Concatenate)'));
      assert(lines[joinRow].indexOf('(None, 8)') === 32 && lines[joinRow].indexOf("['sum_flat_u[0][0]',") === 65, `columns at 32 and 65:\n${text}`);
      assert(lines[joinRow + 1].trim() === "'sum_flat_v[0][0]']", `the second connection wraps onto the next line:\n${text}`);
      model.dispose();
      const x = Input({ shape: [1] });
      const chain = new Model({ inputs: x, outputs: new Flatten().apply(new Embedding({ inputDim: 3, outputDim: 2 }).apply(x)) });
      const short = chain.summary(() => undefined);
      assert(!short.includes('Connected to') && short.split('\n')[1] === '_'.repeat(65), `a chain keeps the 65-column table:\n${short}`);
      chain.dispose();
    },
  },
  {
    name: 'getConfig round-trips Concatenate, Flatten and InputLayer through fromConfig',
    run: async () => {
      const input = Input({ shape: [3, null], dtype: 'float32', name: 'cfg_input' }).layer as InputLayer;
      const config = input.getConfig();
      assert(JSON.stringify(config) === JSON.stringify({ name: 'cfg_input', trainable: true, batchInputShape: [null, 3, null], dtype: 'float32' }), JSON.stringify(config));
      assert(JSON.stringify(InputLayer.fromConfig(config).getConfig()) === JSON.stringify(config), 'InputLayer round trip');
      const c = new Concatenate({ axis: 1, name: 'cfg_concat', trainable: false });
      const twin = Concatenate.fromConfig(c.getConfig());
      sameShape(twin.getConfig(), { name: 'cfg_concat', trainable: false, axis: 1 }, 'Concatenate config');
      const f = Flatten.fromConfig(new Flatten({ name: 'cfg_flatten' }).getConfig());
      assert(f.name === 'cfg_flatten' && f.className === 'Flatten', 'Flatten config');
    },
  },
];
