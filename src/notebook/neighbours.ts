/**
 * The demo page's nearest-neighbours section: a table with visible structure
 * (items in themed groups, a few items between two groups), searched on the
 * GPU with nearestNeighbors for the item the reader picks, and checked
 * against the CPU reference.
 */
import { cpu, nearestNeighbors, seededRandom, tensor, type Metric } from '../index.js';

/** Items by group; the last group holds items that belong to two groups at once. */
const groups: Record<string, string[]> = {
  fruit: ['apple', 'banana', 'cherry', 'grape', 'lemon', 'mango', 'peach', 'pear'],
  animal: ['cat', 'dog', 'horse', 'lion', 'mouse', 'otter', 'tiger', 'wolf'],
  colour: ['blue', 'green', 'grey', 'purple', 'red', 'teal', 'violet', 'yellow'],
  vehicle: ['bicycle', 'bus', 'car', 'ferry', 'plane', 'scooter', 'train', 'truck'],
  instrument: ['cello', 'drum', 'flute', 'guitar', 'harp', 'oboe', 'piano', 'violin'],
};
/** Items halfway between two groups: their neighbours come from both. */
const between: [string, string, string][] = [
  ['orange', 'fruit', 'colour'],
  ['jaguar', 'animal', 'vehicle'],
  ['lime', 'fruit', 'colour'],
  ['cymbal', 'instrument', 'vehicle'],
];

/** The generated table: one row per item, its name and group(s). */
export interface DemoTable {
  names: string[];
  labels: string[];
  data: Float32Array;
  shape: [number, number];
}

/**
 * Builds the demo table: each group has a random unit direction in `dim`
 * dimensions; an item is its group's direction plus a little noise of its
 * own (an in-between item: the mean of its two groups' directions).
 *
 * @example
 * ```ts
 * const { names, data, shape } = demoTable(32, 7);
 * ```
 */
export function demoTable(dim = 32, seed = 7): DemoTable {
  const uniform = seededRandom(seed);
  const random = () => uniform() - 0.5;
  const centre: Record<string, number[]> = {};
  for (const group of Object.keys(groups)) {
    // Unit length, so an in-between item is as close to one group as to the other.
    const direction = Array.from({ length: dim }, random);
    const norm = Math.hypot(...direction);
    centre[group] = direction.map((v) => v / norm);
  }
  const names: string[] = [];
  const labels: string[] = [];
  const rows: number[][] = [];
  for (const [group, items] of Object.entries(groups)) {
    for (const item of items) {
      names.push(item);
      labels.push(group);
      rows.push(centre[group].map((v) => v + 0.1 * random()));
    }
  }
  for (const [item, a, b] of between) {
    names.push(item);
    labels.push(`${a} + ${b}`);
    rows.push(centre[a].map((v, i) => (v + centre[b][i]) / 2 + 0.05 * random()));
  }
  return { names, labels, data: Float32Array.from(rows.flat()), shape: [rows.length, dim] };
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text = ''): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.textContent = text;
  return node;
}

/**
 * Renders the section into `root`: pick an item and a metric, see its
 * nearest neighbours (computed on the GPU, compared with the CPU reference).
 * Call after `getDevice()`; resolves once the first answer is shown (and
 * rejects if it fails); later errors are shown in the section.
 *
 * @example
 * ```ts
 * await getDevice();
 * await mountNeighbours(document.getElementById('neighbours')!);
 * ```
 */
export async function mountNeighbours(root: HTMLElement): Promise<void> {
  const demo = demoTable();
  const table = tensor(demo.data, demo.shape);
  const picker = element('select');
  demo.names.forEach((name, i) => {
    const option = element('option', `${name} (${demo.labels[i]})`);
    option.value = String(i);
    picker.append(option);
  });
  const metric = element('select');
  for (const m of ['cosine', 'dot', 'euclidean']) metric.append(element('option', m));
  const list = element('ol');
  const check = element('p');
  check.className = 'check';
  const controls = element('p');
  controls.append('Item ', picker, ' metric ', metric);
  root.append(controls, list, check);

  const show = async () => {
    const row = Number(picker.value);
    const chosen = metric.value as Metric;
    const k = 6;
    const query = demo.data.slice(row * demo.shape[1], (row + 1) * demo.shape[1]);
    const { indices, scores } = nearestNeighbors(table, [Array.from(query)], k, { metric: chosen });
    let ids: Int32Array;
    let values: Float32Array;
    try {
      ids = (await indices.data()) as Int32Array;
      values = (await scores.data()) as Float32Array;
    } finally {
      indices.dispose();
      scores.dispose();
    }
    list.replaceChildren(
      ...[...ids].map((id, r) => element('li', `${demo.names[id]} (${demo.labels[id]}): ${chosen === 'euclidean' ? 'distance' : 'score'} ${values[r].toFixed(4)}`)),
    );
    const reference = cpu.nearestNeighbors({ data: demo.data, shape: demo.shape }, { data: query, shape: [1, demo.shape[1]] }, k, { metric: chosen });
    const same = reference.indices.data.every((id, r) => id === ids[r]);
    check.textContent = same ? 'The CPU reference finds the same neighbours.' : `The CPU reference differs: ${[...reference.indices.data].map((i) => demo.names[i]).join(', ')}`;
  };
  const update = () => {
    show().catch((error: Error) => (check.textContent = `Error: ${error.message}`));
  };
  picker.addEventListener('change', update);
  metric.addEventListener('change', update);
  picker.value = String(demo.names.indexOf('orange'));
  await show();
}
