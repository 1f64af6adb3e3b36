/**
 * `npm run lab`: the recommender lab in Node.js on the GPU. By default on
 * the synthetic MovieLens-shaped set; `--data <dir|zip>` on the user's
 * MovieLens 100k. Prints the notebook's figures, similar items and
 * recommendations; `--json` prints one JSON object last.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { adapterInfo, getDevice } from '../index.js';
import { summarize } from './dataset.js';
import { formatBenchTraining, formatItems, formatScores, formatSummary, type BenchFile } from './format.js';
import { modelTitles, runLab, type LabResult } from './lab.js';
import { readMovieLens } from './node-files.js';
import { cosine } from './similar.js';
import { syntheticMovieLens } from './synthetic.js';

const usage = `Usage: npm run lab -- [--data <ml-100k folder or ml-100k.zip>] [--epochs N] [--item ID]... [--user ID] [--seed N] [--json]
  --data    MovieLens 100k (u.data, u.item) from its folder or zip; default: a synthetic MovieLens-shaped set
  --epochs  epochs per model (default 10, as the notebook)
  --item    an item whose most similar items are listed (repeatable; default 50 and 181)
  --user    the user recommendations are for (default 5)
  --seed    seeds the split, initial weights, shuffling and Dropout (default 0)
  --json    print one JSON object last: { data, models, similar, recommendations }`;

function integerOption(value: string | undefined, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new RangeError(`--${name}: expected an integer >= ${min}, received ${JSON.stringify(value)}.`);
  return n;
}

function options() {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      epochs: { type: 'string' },
      item: { type: 'string', multiple: true },
      user: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  return {
    help: values.help,
    json: values.json,
    data: values.data,
    epochs: integerOption(values.epochs, 'epochs', 10, 0),
    items: values.item ? values.item.map((v) => integerOption(v, 'item', 0, 1)) : [50, 181],
    user: integerOption(values.user, 'user', 5, 1),
    seed: integerOption(values.seed, 'seed', 0, 0),
  };
}

/** The training cases of the last `npm run bench` runs in this checkout (bench/results/), if any. */
function benchTraining(): string[] {
  return ['node', 'chromium'].flatMap((runtime) => {
    const file = `bench/results/${runtime}.json`;
    return existsSync(file) ? formatBenchTraining(JSON.parse(readFileSync(file, 'utf8')) as BenchFile) : [];
  });
}

async function main(): Promise<void> {
  let opts: ReturnType<typeof options>;
  try {
    opts = options();
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    process.exit(2);
  }
  if (opts.help) {
    console.log(usage);
    return;
  }
  const data = opts.data ? readMovieLens(opts.data) : syntheticMovieLens();
  await getDevice({ log: false });
  const adapter = adapterInfo();
  console.log(`WebGPU adapter: ${adapter.description || 'unnamed'} (${adapter.vendor || 'unknown vendor'}/${adapter.architecture || 'unknown architecture'}${adapter.software ? ', software' : ''})`);
  console.log(`Data: ${formatSummary(data.name, summarize(data))}`);
  if (!opts.data) console.log('(the synthetic set: pass --data <ml-100k folder or zip> for MovieLens 100k)');
  console.log(`Train/test split 80/20 (seed ${opts.seed}); each model: MAE loss, Adam, batch 64, ${opts.epochs} epochs, validationSplit 0.1.`);

  // fit's own progress bar (verbose 1), Keras-style, one per epoch.
  const result: LabResult = await runLab(data, { ...opts, verbose: 1 }, {
    onModel: (name, model) => {
      console.log(`\n== ${modelTitles[name]}`);
      model.summary();
    },
    onScores: (_, when, scores) => console.log(`${when === 'untrained' ? 'Untrained (random init)' : 'Trained'}: ${formatScores(scores)}`),
  });
  const { report, itemTable, map } = result;
  console.log('\n== Speed');
  for (const [name, figures] of Object.entries(report.models)) {
    if (figures.secondsPerEpoch !== null) console.log(`${name}: ${figures.secondsPerEpoch.toFixed(2)} s per epoch here (training + validation, ${Math.floor(result.split.train.ratings.length * 0.9).toLocaleString('en-US')} samples)`);
  }
  for (const line of benchTraining()) console.log(`bench: ${line}`);
  console.log("\n== Similar items (cosine of the RegressionModel's item embeddings, nearestNeighbors on the GPU)");
  for (const [item, list] of Object.entries(report.similar)) console.log(`${item}. ${data.titles[Number(item)]}:\n${formatItems(list, 'cosine')}`);
  if (data.titles[50] && data.titles[181]) console.log(`cosine(50, 181) = ${(await cosine(itemTable, 50, 181)).toFixed(3)}  (${data.titles[50]} vs ${data.titles[181]})`);
  for (const [user, list] of Object.entries(report.recommendations)) {
    console.log(`\n== Top 10 unseen items for user ${user} (RegressionModel's predicted rating)\n${formatItems(list, 'predicted')}`);
  }
  const order = Array.from(map.popularity.keys()).filter((id) => map.popularity[id] > 0).sort((a, b) => map.points[2 * a] - map.points[2 * b]);
  console.log(`\n== 2-D map: PCA of the item embeddings explains ${(100 * map.explained[0]).toFixed(1)}% + ${(100 * map.explained[1]).toFixed(1)}% of the variance`);
  console.log(`  one end of the first axis: ${order.slice(0, 3).map((id) => data.titles[id]).join('; ')}`);
  console.log(`  the other end: ${order.slice(-3).map((id) => data.titles[id]).join('; ')}`);
  itemTable.dispose();
  Object.values(result.runs).forEach((run) => run.model.dispose());
  if (opts.json) console.log(JSON.stringify(report));
}

main().then(
  // Dawn keeps Node alive while its instance is referenced; the lab is done.
  () => process.exit(0),
  (error: Error) => {
    console.error(error.name === 'MovieLensFormatError' ? `Could not read MovieLens: ${error.message}` : (error.stack ?? error.message));
    process.exit(1);
  },
);
