/** Helpers for save/load tests: an in-memory IOHandler, and comparing two models' predictions and weights. */
import type { IOHandler, Model, ModelArtifacts, ModelInput, Tensor } from '../../src/index.js';
import { assert, assertAllClose, assertShape, type Tolerance } from './close.js';

/** A TF.js-style IOHandler that keeps what is saved and loads it back; `saves` counts the saves. */
export function memoryHandler(): IOHandler & { artifacts: ModelArtifacts | null; saves: number } {
  const handler = {
    artifacts: null as ModelArtifacts | null,
    saves: 0,
    async save(artifacts: ModelArtifacts) {
      handler.artifacts = artifacts;
      handler.saves++;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' as const, modelTopologyBytes: 0, weightSpecsBytes: 0, weightDataBytes: 0 } };
    },
    async load() {
      assert(handler.artifacts, 'nothing was saved');
      return handler.artifacts!;
    },
  };
  return handler;
}

async function read(t: Tensor | Tensor[]): Promise<{ data: Float32Array; shape: number[] }[]> {
  const list = Array.isArray(t) ? t : [t];
  try {
    return await Promise.all(list.map(async (x) => ({ data: (await x.data()) as Float32Array, shape: [...x.shape] })));
  } finally {
    for (const x of list) x.dispose();
  }
}

/** Throws unless both models predict the same (within `tol`) for `input`. */
export async function expectSamePredictions(a: Model, b: Model, input: ModelInput | ModelInput[], label: string, tol: Tolerance = {}): Promise<void> {
  const [left, right] = [await read(a.predict(input)), await read(b.predict(input))];
  assert(left.length === right.length, `${label}: ${left.length} outputs vs ${right.length}`);
  left.forEach((l, i) => {
    assertShape(right[i].shape, l.shape, `${label} output ${i}`);
    assertAllClose(right[i].data, l.data, `${label} output ${i}`, tol);
  });
}

/** Throws unless both models hold the same weights (names, shapes, values). */
export async function expectSameWeights(a: Model, b: Model, label: string): Promise<void> {
  assert(JSON.stringify(a.weights.map((w) => w.name)) === JSON.stringify(b.weights.map((w) => w.name)), `${label}: weight names ${a.weights.map((w) => w.name)} vs ${b.weights.map((w) => w.name)}`);
  const [left, right] = [await read(a.getWeights()), await read(b.getWeights())];
  left.forEach((l, i) => {
    assertShape(right[i].shape, l.shape, `${label} weight ${i}`);
    assertAllClose(right[i].data, l.data, `${label} weight ${i}`);
  });
}
