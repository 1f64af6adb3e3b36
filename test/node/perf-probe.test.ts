import { beforeAll, describe, it } from 'vitest';
import { Embedding, Flatten, Input, Model, Adam, debug } from '../../src/index.js';
import { setupGpu } from '../support/gpu.js';

describe('perf probe', () => {
  beforeAll(() => setupGpu('Node tier'));
  it('runs', async () => {
    debug.poisonOutputs = false;
    const x = Input({ shape: [1], name: 'ids' });
    const emb = new Embedding({ inputDim: 1683, outputDim: 64, seed: 1, name: 'e' });
    const model = new Model({ inputs: x, outputs: new Flatten().apply(emb.apply(x)) });
    model.compile({ optimizer: new Adam({ learningRate: 0.001 }), loss: 'mae' });
    const n = 6400;
    const ids = new Int32Array(n).map((_, i) => (i * 7) % 1683);
    const y = new Float32Array(n * 64).map((_, i) => Math.sin(i));
    for (const lazy of [false, true]) {
      model.compile({ optimizer: new Adam({ learningRate: 0.001, lazy }), loss: 'mae' });
      await model.fit(ids, y, { epochs: 1, batchSize: 64, verbose: 0 });
      const t0 = performance.now();
      await model.fit(ids, y, { epochs: 1, batchSize: 64, verbose: 0 });
      console.log('lazy', lazy, 'ms per epoch of', n, performance.now() - t0, 'per batch', (performance.now() - t0) / 100);
    }
  });
});
