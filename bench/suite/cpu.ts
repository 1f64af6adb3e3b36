/**
 * CPU baselines: our CPU reference (validates the indices, allocates the
 * output) and a plain row copy with `Float32Array.set`, the CPU's bound.
 */
import { cpu } from '../../src/index.js';
import type { Entry } from './runner.js';

const reference: Entry = {
  op: 'gather',
  impl: 'cpu-reference',
  groups: ['standard', 'sweep'],
  setup: (w) => ({
    clock: 'host',
    run: () => void cpu.gather({ data: w.hostTable, shape: [w.shape.V, w.shape.D] }, w.hostIndices),
    dispose: () => undefined,
  }),
};

const rowCopy: Entry = {
  op: 'gather',
  impl: 'js-rowcopy',
  groups: ['standard', 'sweep'],
  setup(w) {
    const { D, N } = w.shape;
    const out = new Float32Array(N * D);
    return {
      clock: 'host',
      run() {
        for (let i = 0; i < N; i++) {
          const row = w.hostIndices[i] * D;
          out.set(w.hostTable.subarray(row, row + D), i * D);
        }
      },
      dispose: () => undefined,
    };
  },
};

/** The CPU entries. */
export const cpuEntries: Entry[] = [reference, rowCopy];
