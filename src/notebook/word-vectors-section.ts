/**
 * The demo page's word-vector section: a vector file (the generated demo
 * file, or one the reader picks) parsed with `loadWordVectors`; the nearest
 * neighbours of a word and the answer to an analogy (`king - man + woman`),
 * found on the GPU and checked against the CPU reference.
 */
import { analogy, demoVectorsText, neighboursOf, readVectors, type Answer, type DemoVectors } from './word-vectors-demo.js';

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text = '', className = ''): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.textContent = text;
  if (className) node.className = className;
  return node;
}

function showAnswer(list: HTMLOListElement, check: HTMLElement, answer: Answer): void {
  list.replaceChildren(...answer.words.map(({ word, score }) => element('li', `${word}: score ${score.toFixed(4)}`)));
  check.textContent = answer.sameOnCpu ? 'The CPU reference finds the same words.' : 'The CPU reference finds other words.';
}

/**
 * Renders the section into `root`. Call after `getDevice()`; resolves once
 * the demo file's answers are shown (and rejects if that fails); later
 * errors (a file that is not word vectors, an unknown word) are shown in
 * the section, and the vectors in use stay.
 *
 * @example
 * ```ts
 * await mountWordVectors(document.getElementById('word-vectors')!);
 * ```
 */
export async function mountWordVectors(root: HTMLElement): Promise<void> {
  let vectors: DemoVectors = await readVectors(demoVectorsText(), 'demo-vectors.txt');
  const status = element('p', '', 'status');
  const file = element('input');
  file.type = 'file';
  file.accept = '.txt,.vec,text/plain';
  const picker = element('select');
  const neighbours = element('ol', '', 'neighbours');
  const neighboursCheck = element('p', '', 'check');
  const [a, b, c] = ['king', 'man', 'woman'].map((word) => Object.assign(element('input'), { value: word, size: 10 }));
  const answers = element('ol', '', 'analogy');
  const analogyCheck = element('p', '', 'check');
  const error = element('p', '', 'error');
  const line = (...parts: (string | Node)[]) => {
    const p = element('p');
    p.append(...parts);
    return p;
  };
  root.append(
    line('Vector file (GloVe or word2vec text): ', file),
    status,
    line('Neighbours of ', picker),
    neighbours,
    neighboursCheck,
    line(a, ' - ', b, ' + ', c, ' ='),
    answers,
    analogyCheck,
    error,
  );

  // data-state tells a reader (and the page's test) whether the answers shown are for the current inputs.
  const refresh = async () => {
    root.dataset.state = 'busy';
    error.textContent = '';
    showAnswer(neighbours, neighboursCheck, await neighboursOf(vectors, picker.value, 5));
    showAnswer(answers, analogyCheck, await analogy(vectors, a.value.trim(), b.value.trim(), c.value.trim(), 5));
    root.dataset.state = 'ready';
  };
  const use = (next: DemoVectors, name: string) => {
    vectors = next;
    status.textContent = `Loaded ${next.vocabulary.length} words of ${next.dim} dimensions from ${name}.`;
    const keep = next.vocabulary.includes(picker.value) ? picker.value : next.vocabulary[0];
    picker.replaceChildren(...next.vocabulary.map((word) => Object.assign(element('option', word), { value: word })));
    picker.value = keep;
  };
  const report = (e: Error) => {
    error.textContent = `${e.name}: ${e.message}`;
    root.dataset.state = 'ready';
  };
  const update = () => void refresh().catch(report);
  file.addEventListener('change', () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    root.dataset.state = 'busy';
    chosen
      .text()
      .then((text) => readVectors(text, chosen.name))
      .then((next) => {
        const previous = vectors.table;
        use(next, chosen.name);
        previous.dispose();
        return refresh();
      })
      .catch(report);
  });
  for (const input of [picker, a, b, c]) input.addEventListener('change', update);
  use(vectors, 'the generated demo file');
  picker.value = 'paris';
  await refresh();
}
