/**
 * The lab's two explicit-feedback models, as the notebook writes them in
 * Keras: user and item embeddings (`inputDim` = max id + 1) and either a
 * dot product (RegressionModel) or an MLP on their concatenation
 * (DeepRegressionModel). Both are compiled as the notebook does: MAE loss,
 * Adam; MSE is tracked as a metric.
 */
import { Concatenate, Dense, Dot, Dropout, Embedding, Flatten, Input, Model, type SymbolicTensor } from '../index.js';

/** What the models need to know of the data, and their sizes. */
export interface ModelSizes {
  maxUserId: number;
  maxItemId: number;
  /** Length of each embedding (the notebook's 64). */
  embeddingSize?: number;
  /** Seeds the initial weights (embeddings, Dense kernels and biases); unseeded: random. */
  seed?: number;
}

/** The two inputs and their flattened embeddings, named as in the notebook. */
function embeddings({ maxUserId, maxItemId, embeddingSize = 64, seed }: ModelSizes) {
  const user = Input({ shape: [1], name: 'user' });
  const item = Input({ shape: [1], name: 'item' });
  const embed = (input: SymbolicTensor, inputDim: number, name: string, offset: number) =>
    new Flatten().apply(new Embedding({ inputDim, outputDim: embeddingSize, inputLength: 1, name, seed: seed === undefined ? undefined : seed + offset }).apply(input));
  return { user, item, userVector: embed(user, maxUserId + 1, 'user_embedding', 0), itemVector: embed(item, maxItemId + 1, 'item_embedding', 1) };
}

/**
 * RegressionModel: `Embedding(64)` for users and for items -> Flatten ->
 * `Dot(axes=1)`: the predicted rating is the dot product of the two
 * vectors. Compiled with MAE loss, Adam and an MSE metric.
 *
 * @example
 * ```ts
 * const model = regressionModel({ maxUserId: 943, maxItemId: 1682 });
 * model.predict([Int32Array.of(5), Int32Array.of(50)]); // [1, 1]
 * ```
 */
export function regressionModel(sizes: ModelSizes): Model {
  const { user, item, userVector, itemVector } = embeddings(sizes);
  const rating = new Dot({ axes: 1 }).apply([userVector, itemVector]);
  return compiled(new Model({ inputs: [user, item], outputs: rating, name: 'regression_model' }));
}

/**
 * DeepRegressionModel: the two embeddings -> Concatenate -> Dropout(0.5)
 * -> Dense(64, relu) -> Dropout(0.5) -> Dense(1). Compiled with MAE loss,
 * Adam and an MSE metric.
 *
 * @example
 * ```ts
 * const model = deepRegressionModel({ maxUserId: 943, maxItemId: 1682 });
 * ```
 */
export function deepRegressionModel(sizes: ModelSizes): Model {
  const { user, item, userVector, itemVector } = embeddings(sizes);
  // Dense draws its kernel from `seed` and its bias from `seed + 1`; Dropout's masks come from fit's seed.
  const denseSeed = (offset: number) => (sizes.seed === undefined ? undefined : sizes.seed + offset);
  let y = new Concatenate().apply([userVector, itemVector]);
  y = new Dropout({ rate: 0.5 }).apply(y);
  y = new Dense({ units: 64, activation: 'relu', seed: denseSeed(2) }).apply(y);
  y = new Dropout({ rate: 0.5 }).apply(y);
  y = new Dense({ units: 1, seed: denseSeed(4) }).apply(y);
  return compiled(new Model({ inputs: [user, item], outputs: y, name: 'deep_regression_model' }));
}

function compiled(model: Model): Model {
  model.compile({ optimizer: 'adam', loss: 'mae', metrics: ['mse'] });
  return model;
}
