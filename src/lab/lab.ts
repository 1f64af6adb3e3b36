/**
 * The whole lab, as `npm run lab` and lab.html run it: split the ratings,
 * train and score both models, then similar items, recommendations and the
 * 2-D map from the trained embeddings. Progress goes to `events`.
 */
import { type Model, type Tensor } from '../index.js';
import { itemPopularity, type Dataset, type Ratings } from './dataset.js';
import { deepRegressionModel, regressionModel } from './models.js';
import { pca2d, type Map2d } from './pca.js';
import { recommend } from './recommend.js';
import { similarItems, type ScoredItem } from './similar.js';
import { trainTestSplit } from './split.js';
import { scoreModel, trainModel, type EpochLogs, type Scores } from './train.js';

/** The two models of the notebook. */
export type ModelName = 'regression' | 'deep';

/** What the notebook calls each model. */
export const modelTitles: Record<ModelName, string> = {
  regression: 'RegressionModel (user and item Embedding(64) -> Flatten -> Dot)',
  deep: 'DeepRegressionModel (embeddings -> Concatenate -> Dropout(0.5) -> Dense(64, relu) -> Dropout(0.5) -> Dense(1))',
};

/** A model's figures after training, as the JSON report has them. */
export interface ModelFigures extends Scores {
  secondsPerEpoch: number | null;
}

/** `npm run lab -- --json`'s object. */
export interface LabReport {
  data: string;
  models: Record<ModelName, ModelFigures>;
  similar: Record<string, ScoredItem[]>;
  recommendations: Record<string, ScoredItem[]>;
}

/** Options of {@link runLab}; the defaults are the notebook's. */
export interface LabOptions {
  epochs?: number;
  /** Items whose most similar items are listed (the notebook's 50 and 181). */
  items?: number[];
  /** The user recommendations are for (5). */
  user?: number;
  /** Seeds the split, the initial weights, the shuffling and Dropout. */
  seed?: number;
  embeddingSize?: number;
  /** `fit`'s progress output in Node (1: a Keras-style bar per epoch). */
  verbose?: 0 | 1 | 2;
}

/** What happens, as it happens. Awaited, so a page can draw between steps. */
export interface LabEvents {
  onModel?: (name: ModelName, model: Model) => void | Promise<void>;
  onScores?: (name: ModelName, when: 'untrained' | 'trained', scores: Scores) => void | Promise<void>;
  onEpoch?: (name: ModelName, epoch: number, logs: EpochLogs, seconds: number) => void | Promise<void>;
  /** Batch losses, every 10th batch's and each epoch's last: a read of those batches' losses (see TrainOptions.onBatch). */
  onBatch?: (name: ModelName, batch: number, batches: number, logs: EpochLogs) => void | Promise<void>;
}

/** One model's run: its scores before and after, and its history. */
export interface ModelRun {
  model: Model;
  untrained: Scores;
  trained: Scores;
  history: Record<string, number[]>;
  secondsPerEpoch: number | null;
}

/** The lab's outcome. The caller owns the models and the item table (dispose them). */
export interface LabResult {
  report: LabReport;
  runs: Record<ModelName, ModelRun>;
  split: { train: Ratings; test: Ratings };
  /** The regression model's item embedding `[maxItemId + 1, D]` (similar items and the map come from it). */
  itemTable: Tensor;
  /** PCA of the rated items' embeddings; `popularity[id]` colours the map. */
  map: Map2d & { popularity: Int32Array };
}

/**
 * A model's item embedding table (a copy the caller owns).
 *
 * @example
 * ```ts
 * const table = itemEmbedding(model); // Tensor [maxItemId + 1, 64]
 * ```
 */
export function itemEmbedding(model: Model): Tensor {
  return model.getLayer('item_embedding').getWeights()[0];
}

async function runModel(name: ModelName, data: Dataset, split: LabResult['split'], options: Required<Omit<LabOptions, 'items' | 'user'>>, events: LabEvents): Promise<ModelRun> {
  const sizes = { maxUserId: data.maxUserId, maxItemId: data.maxItemId, embeddingSize: options.embeddingSize, seed: options.seed };
  const model = name === 'regression' ? regressionModel(sizes) : deepRegressionModel(sizes);
  try {
    await events.onModel?.(name, model);
    const untrained = await scoreModel(model, split);
    await events.onScores?.(name, 'untrained', untrained);
    const { history, secondsPerEpoch } = await trainModel(model, split.train, {
      epochs: options.epochs,
      seed: options.seed,
      verbose: options.verbose,
      onEpoch: (epoch, logs, seconds) => events.onEpoch?.(name, epoch, logs, seconds),
      ...(events.onBatch && { onBatch: (batch: number, batches: number, logs: EpochLogs) => events.onBatch?.(name, batch, batches, logs) }),
    });
    const trained = await scoreModel(model, split);
    await events.onScores?.(name, 'trained', trained);
    return { model, untrained, trained, history, secondsPerEpoch };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/**
 * Runs the lab on `data`: 80/20 split, both models trained and scored,
 * the similar items of `items`, the top 10 unseen items for `user`, and
 * the map.
 *
 * @example
 * ```ts
 * const { report, runs, itemTable } = await runLab(syntheticMovieLens(), { epochs: 10 });
 * console.log(report.models.regression.testMAE);
 * ```
 */
export async function runLab(data: Dataset, options: LabOptions = {}, events: LabEvents = {}): Promise<LabResult> {
  const { epochs = 10, items = [50, 181], user = 5, seed = 0, embeddingSize = 64, verbose = 0 } = options;
  const split = trainTestSplit(data.ratings, { testFraction: 0.2, seed });
  const runs = {} as Record<ModelName, ModelRun>;
  try {
    for (const name of ['regression', 'deep'] as const) runs[name] = await runModel(name, data, split, { epochs, seed, embeddingSize, verbose }, events);
    const itemTable = itemEmbedding(runs.regression.model);
    try {
      const similar: Record<string, ScoredItem[]> = {};
      for (const item of items) similar[item] = await similarItems(itemTable, data, item, 10);
      const recommendations = { [user]: await recommend(runs.regression.model, data, user, 10) };
      const popularity = itemPopularity(data);
      const rated = Array.from(popularity.keys()).filter((id) => popularity[id] > 0);
      const map = { ...(await pca2d(itemTable, rated)), popularity };
      const figures = (run: ModelRun): ModelFigures => ({ ...run.trained, secondsPerEpoch: run.secondsPerEpoch });
      const report: LabReport = { data: data.name, models: { regression: figures(runs.regression), deep: figures(runs.deep) }, similar, recommendations };
      return { report, runs, split, itemTable, map };
    } catch (error) {
      itemTable.dispose();
      throw error;
    }
  } catch (error) {
    Object.values(runs).forEach((run) => run.model.dispose());
    throw error;
  }
}
