/**
 * Issue 11's embedding-backward case: the gradient of a lookup, a batch's
 * output gradients dy [N, D] summed into the rows their indices name, as a
 * dense [V, D] table gradient (what a Keras-equal optimizer step takes).
 * Ours: segmentSumRows (sort + segmented sum, deterministic) then
 * scatterRows; `ours-rows`: segmentSumRows alone (the reduced rows a sparse
 * optimizer takes). TensorFlow.js: tf.unsortedSegmentSum, on the same device
 * and buffers.
 */
import * as tf from '@tensorflow/tfjs-core';
import { scatterRows, segmentSumRows, tensor } from '../../src/index.js';
import { seeded } from '../../test/support/random.js';
import { gpuRunner, tfjsInputs } from './tfjs.js';
import type { Entry, Runner, Workload } from './runner.js';

/** The output gradient of the workload's lookup: N rows of D random values. */
function outputGradient(w: Workload): Float32Array {
  const rng = seeded(99);
  return Float32Array.from({ length: w.shape.N * w.shape.D }, () => rng() * 2 - 1);
}

function ours(impl: 'ours' | 'ours-rows'): Entry {
  return {
    op: 'embedding-backward',
    impl,
    groups: ['standard'],
    setup(w): Runner {
      const { V, D, N } = w.shape;
      const dy = tensor(outputGradient(w), [N, D], 'float32');
      return {
        clock: 'gpu',
        run: () => {
          const rows = segmentSumRows(w.indices, dy, V);
          if (impl === 'ours') scatterRows(rows, [V, D]).dispose();
          rows.indices.dispose();
          rows.rows.dispose();
        },
        dispose: () => dy.dispose(),
      };
    },
  };
}

const tfjsEntry: Entry = {
  op: 'embedding-backward',
  impl: 'tfjs-webgpu',
  groups: ['standard'],
  async setup(w, device) {
    const t = await tfjsInputs(w, device);
    const dy = tf.tensor2d(outputGradient(w), [w.shape.N, w.shape.D]);
    return gpuRunner(t, () => void tf.unsortedSegmentSum(dy, t.indices, w.shape.V), [dy]);
  },
};

/** Issue 11's entries (the embedding gradient). */
export const embeddingBackwardEntries: Entry[] = [ours('ours'), ours('ours-rows'), tfjsEntry];
