/** TF.js's side of save/load tests: a TF.js model's artifacts, as its own save writes them. */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { ModelArtifacts } from '../../src/index.js';

/** Saves a TF.js model (with `config`, e.g. `{ includeOptimizer: true }`) and returns its artifacts as TF.js wrote them. */
export async function tfjsArtifacts(model: tfl.LayersModel, config?: tf.io.SaveConfig): Promise<ModelArtifacts> {
  let saved: ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts as ModelArtifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
    config,
  );
  return saved!;
}
