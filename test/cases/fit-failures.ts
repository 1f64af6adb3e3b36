/**
 * Failure paths of training: one whole `fit` epoch (with a validation split)
 * and one `evaluate` of a small model with every training layer (two
 * Embeddings, one of them looked up twice, Dot with normalize, Concatenate,
 * Dense, Dropout), each
 * allocation failing in turn (test/support/failures.ts says what is
 * checked). `fit` rejects with the injected failure, and the weights are
 * exactly those after the steps the optimizer counts (`iterations`): a step
 * that failed left them as they were before it. The run that meets no
 * failure equals a fit that met none. Shared by the Node tier and the
 * browser tier.
 */
import { Concatenate, Dense, Dot, Dropout, Embedding, Flatten, Input, Model, tensor } from '../../src/index.js';
import { assert } from '../support/close.js';
import { failureCase } from '../support/failures.js';
import { randomFloats, randomInts, type Random } from '../support/random.js';
import type { Case } from './case.js';

const SAMPLES = 13;
const ROWS = 9;
/** 13 samples, the last fifth for validation: 10 training samples in batches of 4, 4 and 2. */
const fitArgs = { epochs: 1, batchSize: 4, validationSplit: 0.2, seed: 11, verbose: 0 as const };
const STEPS = 3;

/**
 * users, items -> u, v from two tables and w from the users' table looked up
 * by item (one table, two row gradients) -> [cosine(u, v), Dropout(Dense(relu)(concat(u, v, w)))]
 * -> Dense(1). u and v feed two layers each (their gradients are sums).
 */
function smallModel(rng: Random): Model {
  const user = Input({ shape: [1], name: 'user' });
  const item = Input({ shape: [1], name: 'item' });
  const table = (name: string) => new Embedding({ inputDim: ROWS, outputDim: 4, weights: [randomFloats(rng, ROWS * 4).map((v) => v * 0.5)], name });
  const users = table('user_embedding');
  const u = new Flatten().apply(users.apply(user));
  const v = new Flatten().apply(table('item_embedding').apply(item));
  const w = new Flatten().apply(users.apply(item));
  const seed = Math.floor(rng() * 1e6);
  const cosine = new Dot({ axes: 1, normalize: true }).apply([u, v]);
  const hidden = new Dropout({ rate: 0.3 }).apply(new Dense({ units: 5, activation: 'relu', seed }).apply(new Concatenate().apply([u, v, w])));
  const output = new Dense({ units: 1, seed: seed + 2 }).apply(new Concatenate().apply([cosine, hidden]));
  return new Model({ inputs: [user, item], outputs: output });
}

function data(rng: Random): { x: Int32Array[]; y: Float32Array } {
  return { x: [randomInts(rng, SAMPLES, ROWS), randomInts(rng, SAMPLES, ROWS)], y: randomFloats(rng, SAMPLES) };
}

async function weightsOf(model: Model): Promise<Float32Array[]> {
  const copies = model.getWeights();
  try {
    const out: Float32Array[] = [];
    for (const t of copies) out.push((await t.data()) as Float32Array);
    return out;
  } finally {
    for (const t of copies) t.dispose();
  }
}

function sameBits(got: readonly Float32Array[], expected: readonly Float32Array[], label: string): void {
  assert(got.length === expected.length, `${label}: ${got.length} weights, expected ${expected.length}`);
  got.forEach((w, i) => {
    const at = w.findIndex((value, j) => !Object.is(value, expected[i][j]));
    assert(w.length === expected[i].length && at < 0, `${label}: weight ${i} differs at ${at}: ${w[at]} != ${expected[i][at]}`);
  });
}

/** The whole model: layers and optimizer. */
function disposer(model: Model): { dispose(): void } {
  return {
    dispose: () => {
      const layers = model.layers;
      model.dispose();
      for (const layer of layers) layer.dispose();
    },
  };
}

export const cases: Case[] = [
  failureCase('fit: one epoch with a validation split (batch gathering, every layer forward and backward, losses, Adam, epoch-end reads)', async (rng) => {
    const model = smallModel(rng);
    const { x, y } = data(rng);
    const initial = await weightsOf(model);
    // Each attempt starts from the same weights and a new optimizer, as the references do.
    const reset = () => {
      model.setWeights(initial);
      model.compile({ optimizer: 'adam', loss: 'mse', metrics: ['mae'] });
    };
    // after[k]: the weights after k steps of a fit that met no failure.
    const after: Float32Array[][] = [initial];
    for (let k = 1; k <= STEPS; k++) {
      reset();
      let batches = 0;
      await model.fit(x, y, { ...fitArgs, callbacks: { onBatchEnd: () => void (++batches === k && (model.stopTraining = true)) } });
      after.push(await weightsOf(model));
    }
    return {
      inputs: [disposer(model)],
      least: 40,
      reset,
      attempt: async () => {
        const history = await model.fit(x, y, fitArgs);
        assert(history.history.loss.length === 1 && history.history.val_loss.length === 1, `history ${JSON.stringify(history.history)}`);
        sameBits(await weightsOf(model), after[STEPS], 'fit');
      },
      afterFailure: async () => {
        const steps = model.optimizer!.iterations;
        assert(steps >= 0 && steps <= STEPS, `fit: ${steps} optimizer steps counted`);
        sameBits(await weightsOf(model), after[steps], `fit failed after ${steps} step(s)`);
      },
    };
  }),
  failureCase('evaluate: batches forward (Dropout inactive), loss and metric sums read back once', async (rng) => {
    const model = smallModel(rng);
    const { x, y } = data(rng);
    model.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['mae'] });
    const expected = await model.evaluate(x, y, { batchSize: 4 });
    const gpuTarget = tensor(y, [SAMPLES, 1], 'float32');
    return {
      inputs: [disposer(model), gpuTarget],
      least: 20,
      attempt: async () => {
        // GPU-resident targets: their values are checked by a kernel pass before the batches.
        const logs = await model.evaluate(x, gpuTarget, { batchSize: 4 });
        assert(JSON.stringify(logs) === JSON.stringify(expected), `evaluate ${JSON.stringify(logs)}, expected ${JSON.stringify(expected)}`);
      },
    };
  }),
];
