/**
 * Our implementations: the public ops as a user calls them (`ours`), and
 * each gather kernel variant dispatched into one preallocated output
 * (`ours-<variant>`), which isolates the kernel from the output's allocation.
 */
import { gather, matMul, oneHot } from '../../src/index.js';
import { dispatchAll } from '../../src/gpu/dispatch.js';
import { gatherSteps, gatherVariants, type GatherVariant } from '../../src/ops/gather.js';
import { placeholderBuffer } from '../../src/gpu/placeholder.js';
import { outputTensor } from '../../src/tensor/create.js';
import type { Entry } from './runner.js';

const gatherOp: Entry = {
  op: 'gather',
  impl: 'ours',
  groups: ['standard', 'sweep', 'crossover'],
  setup: (w) => ({ clock: 'gpu', run: () => gather(w.table, w.indices).dispose(), dispose: () => undefined }),
};

function gatherKernel(variant: GatherVariant): Entry {
  return {
    op: 'gather',
    impl: `ours-${variant}`,
    groups: ['standard', 'sweep'],
    setup(w, device) {
      if (variant !== 'scalar' && w.shape.D % 4 !== 0) throw new RangeError(`gather-${variant} needs D % 4 === 0`);
      const out = outputTensor(device, 'bench.gather', [w.shape.N, w.shape.D], 'float32');
      // The library's own dispatch path (uniform, bind group, one submit), minus the output allocation.
      const steps = gatherSteps(w.table, w.indices, out, placeholderBuffer(device), variant);
      return {
        clock: 'gpu',
        run: () => void dispatchAll(device, steps),
        dispose: () => out.dispose(),
      };
    },
  };
}

const oneHotLookup: Entry = {
  op: 'onehot-lookup',
  impl: 'ours',
  groups: ['standard', 'crossover'],
  setup: (w) => ({
    clock: 'gpu',
    run() {
      const hot = oneHot(w.indices, w.shape.V);
      matMul(hot, w.table).dispose();
      hot.dispose();
    },
    dispose: () => undefined,
  }),
};

const matMulOp: Entry = {
  op: 'matmul',
  impl: 'ours',
  groups: ['standard'],
  setup(w) {
    const hot = oneHot(w.indices, w.shape.V);
    return { clock: 'gpu', run: () => matMul(hot, w.table).dispose(), dispose: () => hot.dispose() };
  },
};

/** Our entries, in the order they run. */
export const ourEntries: Entry[] = [
  gatherOp,
  ...(Object.keys(gatherVariants) as GatherVariant[]).map(gatherKernel),
  oneHotLookup,
  matMulOp,
];
