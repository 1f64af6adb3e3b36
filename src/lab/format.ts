/**
 * Text forms of the lab's figures, shared by `npm run lab` and lab.html.
 */
import type { DatasetSummary } from './dataset.js';
import type { ScoredItem } from './similar.js';
import type { Scores } from './train.js';

const figure = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : String(x));

/**
 * "train MSE 13.712 MAE 3.531, test MSE 13.690 MAE 3.529".
 *
 * @example
 * ```ts
 * formatScores({ trainMAE: 0.7, trainMSE: 0.8, testMAE: 0.73, testMSE: 0.9 });
 * ```
 */
export function formatScores(s: Scores): string {
  return `train MSE ${figure(s.trainMSE)} MAE ${figure(s.trainMAE)}, test MSE ${figure(s.testMSE)} MAE ${figure(s.testMAE)}`;
}

/**
 * One line per item: rank, id, title, score.
 *
 * @example
 * ```ts
 * formatItems([{ item: 181, title: 'Return of the Jedi (1983)', score: 0.93 }]);
 * ```
 */
export function formatItems(items: readonly ScoredItem[], scoreName: string): string {
  return items.map((n, r) => `${String(r + 1).padStart(3)}. ${String(n.item).padStart(4)}  ${n.title}  (${scoreName} ${n.score.toFixed(3)})`).join('\n');
}

/**
 * "synthetic: 100,000 ratings of 1,682 items by 943 users, mean 3.53".
 *
 * @example
 * ```ts
 * formatSummary('synthetic', summarize(data));
 * ```
 */
export function formatSummary(name: string, s: DatasetSummary): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return `${name}: ${n(s.ratings)} ratings of ${n(s.items)} items by ${n(s.users)} users, mean rating ${s.meanRating.toFixed(2)} (ids up to ${s.maxUserId} and ${s.maxItemId})`;
}

/** The part of a bench results file (`bench/results/<runtime>.json`) the lab reads. */
export interface BenchFile {
  runtime: string;
  date: string;
  adapter: { description: string };
  cases: { op: string; impl: string; N: number; msMedian: number }[];
}

/**
 * The training cases of a bench run (`fit-regression`, `fit-deep`: one
 * epoch of N samples of the lab's models, ours and TF.js WebGPU on the same
 * adapter), one line per model; none when the run has no training cases.
 *
 * @example
 * ```ts
 * formatBenchTraining(JSON.parse(readFileSync('bench/results/node.json', 'utf8')));
 * ```
 */
export function formatBenchTraining(run: BenchFile): string[] {
  return ['fit-regression', 'fit-deep'].flatMap((op) => {
    const ours = run.cases.find((c) => c.op === op && c.impl === 'ours');
    const tfjs = run.cases.find((c) => c.op === op && c.impl === 'tfjs-webgpu');
    if (!ours) return [];
    const versus = tfjs ? ` vs TF.js WebGPU ${tfjs.msMedian.toFixed(0)} ms (${(tfjs.msMedian / ours.msMedian).toFixed(1)}x)` : '';
    return [`${op}: ${ours.msMedian.toFixed(0)} ms per epoch of ${ours.N.toLocaleString('en-US')} samples${versus} [${run.runtime}, ${run.adapter.description}, ${run.date.slice(0, 10)}]`];
  });
}
