/**
 * lab.html: the recommender lab in the browser. Load MovieLens 100k from
 * your own files or use the synthetic set, train both models with live loss
 * curves, see their test figures, search a movie's nearest neighbours, the
 * 2-D map of the item embeddings, and a user's recommendations. What the
 * page did is published on `window.__lab` for the headless test.
 */
import { adapterInfo, getDevice } from '../index.js';
import { summarize, type Dataset } from './dataset.js';
import { formatScores, formatSummary } from './format.js';
import { modelTitles, runLab, type LabEvents, type LabReport, type LabResult, type ModelName } from './lab.js';
import { ItemMap, LossChart } from './page-charts.js';
import { dataFromDrop, dataFromFiles } from './page-data.js';
import { recommend } from './recommend.js';
import { similarItems, type ScoredItem } from './similar.js';
import { syntheticMovieLens } from './synthetic.js';

/** What the page reports to the headless test. */
export interface LabPageReport {
  adapter: string;
  errors: string[];
  report: LabReport | null;
  /** Points on each model's loss curves: [running batches, epochs, validation]. */
  curves: Record<string, number[]>;
  mapItems: number;
  neighbours: string[];
  recommendations: string[];
  /** The longest wait of a 50 ms page timer while training (ms): how responsive the page stayed. */
  longestPause: number;
}

declare global {
  interface Window {
    __lab?: LabPageReport;
  }
}

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const params = new URLSearchParams(location.search);
const status = byId<HTMLParagraphElement>('status');
const errors: string[] = [];
let data: Dataset = syntheticMovieLens();
let lab: LabResult | null = null;
let map: ItemMap | null = null;
const curves: Record<string, LossChart> = {};

function showError(where: string, error: unknown): void {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  errors.push(`${where}: ${message}`);
  const pre = document.createElement('pre');
  pre.className = 'error';
  pre.textContent = `${where}: ${message}`;
  byId('errors').append(pre);
}

function list(target: HTMLElement, items: readonly ScoredItem[], scoreName: string): void {
  target.replaceChildren(
    ...items.map((n) => {
      const li = document.createElement('li');
      li.textContent = `${n.title} (${scoreName} ${n.score.toFixed(3)})`;
      return li;
    }),
  );
}

/** Frees the last run's models and clears what was shown of them (they belong to the data they were trained on). */
function clearResults(): void {
  if (lab) {
    lab.itemTable.dispose();
    Object.values(lab.runs).forEach((run) => run.model.dispose());
  }
  lab = null;
  map?.destroy();
  map = null;
  for (const name of Object.keys(curves)) {
    curves[name].destroy();
    delete curves[name];
  }
  for (const id of ['curves', 'figures', 'neighbours', 'map-chart', 'recommendations', 'neighbours-of']) byId(id).replaceChildren();
}

function useData(next: Dataset): void {
  clearResults();
  data = next;
  byId('data-status').textContent = `Using ${formatSummary(next.name, summarize(next))}.`;
  const titles = byId<HTMLDataListElement>('titles');
  titles.replaceChildren(...next.titles.flatMap((t, id) => (t ? [Object.assign(document.createElement('option'), { value: `${t} [${id}]` })] : [])));
  byId<HTMLButtonElement>('train').disabled = false;
}

async function loadFrom(what: string, read: () => Promise<Dataset>): Promise<void> {
  byId('data-status').textContent = `Reading ${what}…`;
  try {
    useData(await read());
  } catch (error) {
    byId('data-status').textContent = `Could not read ${what}: ${(error as Error).message}`;
  }
}

/** The item a search text names: "Title [id]" from the list, an id, or the first title containing the text. */
function searched(text: string): number | null {
  const tagged = /\[(\d+)\]\s*$/.exec(text) ?? /^\s*(\d+)\s*$/.exec(text);
  if (tagged) return data.titles[Number(tagged[1])] ? Number(tagged[1]) : null;
  const needle = text.trim().toLowerCase();
  const found = needle ? data.titles.findIndex((t) => t.toLowerCase().includes(needle)) : -1;
  return found > 0 ? found : null;
}

async function showNeighbours(text: string): Promise<void> {
  const target = byId('neighbours');
  const item = searched(text);
  if (!lab || item === null) {
    target.replaceChildren(Object.assign(document.createElement('li'), { textContent: lab ? `No movie matches "${text}".` : 'Train the models first.' }));
    return;
  }
  const found = await similarItems(lab.itemTable, data, item, 10);
  byId('neighbours-of').textContent = `Most similar to ${data.titles[item]}:`;
  list(target, found, 'cosine');
  map?.highlight([item, ...found.map((n) => n.item)]);
}

async function showRecommendations(user: number): Promise<void> {
  if (!lab) return;
  list(byId('recommendations'), await recommend(lab.runs.regression.model, data, user, 10), 'predicted rating');
}

function figuresRow(name: ModelName, when: string, text: string): void {
  const row = document.createElement('tr');
  for (const cell of [name === 'regression' ? 'RegressionModel' : 'DeepRegressionModel', when, text]) row.append(Object.assign(document.createElement('td'), { textContent: cell }));
  byId('figures').append(row);
}

/** Records the longest gap between ticks of a 50 ms timer: a blocked page shows up as a long gap. */
function watchPauses(): () => number {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 50);
  return () => {
    clearInterval(timer);
    return longest;
  };
}

async function train(): Promise<number> {
  const epochs = Number(byId<HTMLInputElement>('epochs').value) || 1;
  byId<HTMLButtonElement>('train').disabled = true;
  clearResults();
  const stopWatching = watchPauses();
  let running = 0;
  let seen = 0;
  // onBatch comes every 10th batch (one read of the GPU per call) with that batch's own loss, as TF.js's batch logs;
  // the curve shows the running mean of those samples within the epoch.
  const onBatch: LabEvents['onBatch'] = (name, batch, batches, logs) => {
    running += (logs.loss - running) / ++seen;
    curves[name].batch(curves[name].points[1] + (batch + 1) / batches, running);
    if (batch + 1 === batches) running = seen = 0;
  };
  try {
    lab = await runLab(data, { epochs, items: [50, 181].filter((id) => data.titles[id]) }, {
      onModel: (name) => {
        curves[name] = new LossChart(byId('curves'), modelTitles[name]);
        status.textContent = `Training ${modelTitles[name]}…`;
        running = seen = 0;
      },
      onScores: (name, when, scores) => figuresRow(name, when, formatScores(scores)),
      ...(byId<HTMLInputElement>('live').checked && { onBatch }),
      onEpoch: (name, epoch, logs, seconds) => {
        curves[name].epoch(epoch, logs);
        status.textContent = `${modelTitles[name]}: epoch ${epoch + 1}/${epochs} took ${seconds.toFixed(1)} s.`;
      },
    });
  } finally {
    byId<HTMLButtonElement>('train').disabled = false;
  }
  const pause = stopWatching();
  for (const [name, run] of Object.entries(lab.runs)) {
    if (run.secondsPerEpoch !== null) figuresRow(name as ModelName, 'seconds per epoch', run.secondsPerEpoch.toFixed(2));
  }
  map = new ItemMap(byId('map-chart'), data, lab.map);
  const first = Object.keys(lab.report.similar)[0];
  const search = byId<HTMLInputElement>('search');
  search.value = first ? `${data.titles[Number(first)]} [${first}]` : '';
  await showNeighbours(search.value);
  await showRecommendations(Number(byId<HTMLInputElement>('user').value));
  status.textContent = `Done: both models trained for ${epochs} epoch${epochs === 1 ? '' : 's'} on ${data.name} data.`;
  return pause;
}

function report(adapter: string, longestPause: number): LabPageReport {
  const texts = (id: string) => Array.from(byId(id).querySelectorAll('li'), (li) => li.textContent ?? '');
  return {
    adapter,
    errors,
    report: lab?.report ?? null,
    curves: Object.fromEntries(Object.entries(curves).map(([name, chart]) => [name, chart.points])),
    mapItems: map?.size ?? 0,
    neighbours: texts('neighbours'),
    recommendations: texts('recommendations'),
    longestPause,
  };
}

function wire(): void {
  const run = (where: string, task: () => Promise<unknown>) => task().catch((error: unknown) => showError(where, error));
  byId('synthetic').addEventListener('click', () => useData(syntheticMovieLens()));
  const picker = byId<HTMLInputElement>('files');
  picker.addEventListener('change', () => picker.files?.length && run('loading files', () => loadFrom('the chosen files', () => dataFromFiles(picker.files!))));
  const folder = byId<HTMLInputElement>('folder');
  folder.addEventListener('change', () => folder.files?.length && run('loading a folder', () => loadFrom('the folder', () => dataFromFiles(folder.files!))));
  const zone = byId('drop');
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    if (event.dataTransfer) run('loading dropped files', () => loadFrom('the dropped files', () => dataFromDrop(event.dataTransfer!)));
  });
  byId('train').addEventListener('click', () => run('training', train));
  byId('search').addEventListener('change', (event) => run('searching', () => showNeighbours((event.target as HTMLInputElement).value)));
  byId('recommend').addEventListener('click', () => run('recommending', () => showRecommendations(Number(byId<HTMLInputElement>('user').value))));
}

window.addEventListener('error', (event) => showError('uncaught error', event.error ?? event.message));
window.addEventListener('unhandledrejection', (event) => showError('unhandled rejection', event.reason));

async function main(): Promise<LabPageReport> {
  wire();
  useData(data);
  byId<HTMLInputElement>('epochs').value = params.get('epochs') ?? '10';
  await getDevice();
  const info = adapterInfo();
  const adapter = `${info.description || 'WebGPU adapter'} (${info.vendor}/${info.architecture})`;
  status.textContent = `Ready on ${adapter}: press "Train both models".`;
  // ?auto trains at once (the headless test); otherwise the reader starts it.
  const pause = params.has('auto') ? await train() : 0;
  return report(adapter, pause);
}

main()
  .catch((error: unknown) => {
    showError('The lab could not run', error);
    status.textContent = 'The lab could not run: see the error below.';
    return report('', 0);
  })
  .then((result) => {
    window.__lab = result;
  });
