/**
 * The cases of issue 6, ours against the baseline a TensorFlow.js user would
 * write: EmbeddingBag (one fused kernel) vs gather + sum; float16 and int8
 * tables vs the float32 gather; exact top-k nearest neighbours vs
 * matMul + topk. All on the suite's workload and device.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Embedding, embeddingBag, nearestNeighbors, tensor, type Tensor } from '../../src/index.js';
import { gpuRunner, tfjsInputs } from './tfjs.js';
import type { Entry, Runner, Workload } from './runner.js';

/** Indices per bag: the workload's N indices make N / BAG bags. */
export const BAG = 8;
/** Queries (the table's first rows) and neighbours per query of the top-k case. */
export const QUERIES = 16;
export const K = 10;

const gpu = (run: () => void, dispose: () => void = () => undefined): Runner => ({ clock: 'gpu', run, dispose });

const bagOurs: Entry = {
  op: 'embedding-bag',
  impl: 'ours',
  groups: ['standard'],
  setup(w) {
    const bags = w.indices.reshape([w.shape.N / BAG, BAG]);
    return gpu(() => embeddingBag(w.table, bags, { mode: 'sum' }).dispose(), () => bags.dispose());
  },
};

const bagTfjs: Entry = {
  op: 'embedding-bag',
  impl: 'tfjs-webgpu',
  groups: ['standard'],
  async setup(w, device) {
    const t = await tfjsInputs(w, device);
    const bags = tf.reshape(t.indices, [w.shape.N / BAG, BAG]);
    return gpuRunner(t, () => void tf.sum(tf.gather(t.table, bags), 1), [bags]);
  },
};

/** A gather through an Embedding whose table is stored as `dtype` (the f32 row is the plain gather's). */
function compactGather(dtype: 'float16' | 'int8'): Entry {
  return {
    op: `gather-${dtype}`,
    impl: 'ours',
    groups: ['standard'],
    setup(w: Workload) {
      const { V, D } = w.shape;
      const layer = new Embedding({ inputDim: V, outputDim: D, dtype, weights: [w.hostTable] });
      layer.build([null]);
      return gpu(() => (layer.apply(w.indices) as Tensor).dispose(), () => layer.dispose());
    },
  };
}

/** The top-k case's queries: the table's first QUERIES rows, as a tensor of their own. */
function nearestQueries(w: Workload): Tensor<'float32'> {
  return tensor(w.hostTable.subarray(0, QUERIES * w.shape.D), [QUERIES, w.shape.D], 'float32');
}

const topKOurs: Entry = {
  op: 'top-k',
  impl: 'ours',
  groups: ['standard'],
  setup(w) {
    const queries = nearestQueries(w);
    return gpu(() => {
      const { indices, scores } = nearestNeighbors(w.table, queries, K, { metric: 'dot' });
      indices.dispose();
      scores.dispose();
    }, () => queries.dispose());
  },
};

const topKTfjs: Entry = {
  op: 'top-k',
  impl: 'tfjs-webgpu',
  groups: ['standard'],
  async setup(w, device) {
    const t = await tfjsInputs(w, device);
    const queries = tf.slice(t.table, [0, 0], [QUERIES, w.shape.D]);
    return gpuRunner(t, () => void tf.topk(tf.matMul(queries, t.table, false, true), K), [queries]);
  },
};

/** Issue 6's entries. */
export const beyondEntries: Entry[] = [bagOurs, bagTfjs, compactGather('float16'), compactGather('int8'), topKOurs, topKTfjs];
