/**
 * Our Model.predict end to end, as a user calls it: host indices in, an
 * Input [1] -> Embedding(V, D) model, the result read back to the host;
 * `ours-host-copy` is the same model with `keepHostCopy: true`, whose small
 * predicts are answered from the host copy of the table.
 */
import { Embedding, Input, Model, type Tensor } from '../../src/index.js';
import type { Impl, Op } from './results.js';
import { smallBatch } from './results.js';
import type { Entry, Group, Workload } from './runner.js';

function predictEntry(op: Op, impl: Impl, groups: Group[], count: (w: Workload) => number): Entry {
  return {
    op,
    impl,
    groups,
    setup(w) {
      const { V, D } = w.shape;
      const input = Input({ shape: [1] });
      const layer = new Embedding({ inputDim: V, outputDim: D, inputLength: 1, keepHostCopy: impl === 'ours-host-copy' });
      const model = new Model({ inputs: input, outputs: layer.apply(input) });
      layer.setWeights([w.hostTable]);
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

/** Our predict entries; the latency sweep's run at the sweep's N (all the workload's indices). */
export const predictEntries: Entry[] = [
  predictEntry('predict-small', 'ours', ['standard'], () => smallBatch),
  predictEntry('predict-small', 'ours-host-copy', ['standard'], () => smallBatch),
  predictEntry('predict-large', 'ours', ['standard'], (w) => w.shape.N),
  predictEntry('predict-latency', 'ours', ['latency'], (w) => w.shape.N),
  predictEntry('predict-latency', 'ours-host-copy', ['latency'], (w) => w.shape.N),
];
