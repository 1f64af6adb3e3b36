/**
 * Our Model.predict end to end, as a user calls it: host indices in, an
 * Input [1] -> Embedding(V, D) model, the result read back to the host.
 */
import { Embedding, Input, Model, type Tensor } from '../../src/index.js';
import { smallBatch } from './results.js';
import type { Entry, Workload } from './runner.js';

function predictEntry(op: 'predict-small' | 'predict-large', count: (w: Workload) => number): Entry {
  return {
    op,
    impl: 'ours',
    groups: ['standard'],
    setup(w) {
      const { V, D } = w.shape;
      const input = Input({ shape: [1] });
      const layer = new Embedding({ inputDim: V, outputDim: D, inputLength: 1 });
      const model = new Model({ inputs: input, outputs: layer.apply(input) });
      layer.setWeights([w.table]);
      const ids = w.hostIndices.slice(0, count(w));
      return {
        clock: 'host',
        async run() {
          const y = model.predict(ids) as Tensor;
          await y.data();
          y.dispose();
        },
        dispose: () => model.dispose(),
      };
    },
  };
}

/** Our predict entries. */
export const predictEntries: Entry[] = [
  predictEntry('predict-small', () => smallBatch),
  predictEntry('predict-large', (w) => w.shape.N),
];
