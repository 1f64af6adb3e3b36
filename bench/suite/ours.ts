/**
 * Our implementations: the public ops as a user calls them (`ours`), and
 * each gather kernel variant dispatched into one preallocated output
 * (`ours-<variant>`), which isolates the kernel from the output's allocation.
 */
import { cpu, gather, matMul, oneHot } from '../../src/index.js';
import { dispatchAll } from '../../src/gpu/dispatch.js';
import { gatherSteps, gatherVariants, type GatherVariant } from '../../src/ops/gather.js';
import { placeholderBuffer } from '../../src/gpu/placeholder.js';
import { outputTensor } from '../../src/tensor/create.js';
import type { Tensor } from '../../src/index.js';
import type { Entry, Workload } from './runner.js';

/**
 * Throws unless `out` holds the table rows the workload's indices pick: an
 * entry is timed only once its work is known to be right (a dispatch the
 * device rejected, e.g. for a binding its kernel does not use, does nothing,
 * fast).
 */
async function verifyRows(out: Tensor, w: Workload, label: string): Promise<void> {
  const got = await out.data();
  const expected = cpu.gather({ data: w.hostTable, shape: [w.shape.V, w.shape.D] }, w.hostIndices).data;
  const wrong = expected.findIndex((value, i) => got[i] !== value);
  if (wrong >= 0) throw new Error(`${label}: element ${wrong} is ${got[wrong]}, the table row holds ${expected[wrong]}`);
}

const gatherOp: Entry = {
  op: 'gather',
  impl: 'ours',
  groups: ['standard', 'sweep', 'crossover'],
  async setup(w) {
    const out = gather(w.table, w.indices);
    await verifyRows(out, w, 'gather').finally(() => out.dispose());
    return { clock: 'gpu', run: () => gather(w.table, w.indices).dispose(), dispose: () => undefined };
  },
};

function gatherKernel(variant: GatherVariant): Entry {
  return {
    op: 'gather',
    impl: `ours-${variant}`,
    groups: ['standard', 'sweep'],
    async setup(w, device) {
      if (variant !== 'scalar' && w.shape.D % 4 !== 0) throw new RangeError(`gather-${variant} needs D % 4 === 0`);
      const out = outputTensor(device, 'bench.gather', [w.shape.N, w.shape.D], 'float32');
      // The library's own dispatch path (uniform, bind group, one submit), minus the output allocation.
      const steps = gatherSteps(w.table, w.indices, out, placeholderBuffer(device), variant);
      try {
        const rejected = await dispatchAll(device, steps);
        if (rejected) throw rejected;
        await verifyRows(out, w, `gather-${variant}`);
      } catch (error) {
        out.dispose();
        throw error;
      }
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
