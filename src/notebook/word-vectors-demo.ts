/**
 * The word-vector demo's data and searches: a small GloVe-format file with
 * the structure word vectors are known for (gender, royalty, age; countries
 * and their capitals), parsed by `loadWordVectors`, and the two questions
 * asked of it on the GPU with `nearestNeighbors` - a word's neighbours, and
 * an analogy (`king - man + woman`) - each checked against the CPU reference.
 */
import { cpu, loadWordVectors, nearestNeighbors, seededRandom, type Tensor } from '../index.js';

/** Each demo word's traits; a word's vector is the sum of its traits' directions plus a little noise. */
const traits: Record<string, string[]> = {
  king: ['royal', 'male', 'adult'],
  queen: ['royal', 'female', 'adult'],
  prince: ['royal', 'male', 'young'],
  princess: ['royal', 'female', 'young'],
  man: ['person', 'male', 'adult'],
  woman: ['person', 'female', 'adult'],
  boy: ['person', 'male', 'young'],
  girl: ['person', 'female', 'young'],
  father: ['family', 'male', 'adult'],
  mother: ['family', 'female', 'adult'],
  son: ['family', 'male', 'young'],
  daughter: ['family', 'female', 'young'],
  france: ['country', 'french'],
  paris: ['capital', 'french'],
  italy: ['country', 'italian'],
  rome: ['capital', 'italian'],
  japan: ['country', 'japanese'],
  tokyo: ['capital', 'japanese'],
  spain: ['country', 'spanish'],
  madrid: ['capital', 'spanish'],
  apple: ['fruit', 'red'],
  cherry: ['fruit', 'red'],
  banana: ['fruit', 'yellow'],
  lemon: ['fruit', 'yellow'],
};

/**
 * The demo's vector file in GloVe's text format (`word v1 v2 ...`, five
 * decimals), from fixed random trait directions in `dim` dimensions.
 *
 * @example
 * ```ts
 * const { vocabulary, table } = loadWordVectors(demoVectorsText());
 * ```
 */
export function demoVectorsText(dim = 32, seed = 11): string {
  const uniform = seededRandom(seed);
  const random = () => uniform() * 2 - 1;
  const direction = new Map<string, number[]>();
  const of = (trait: string) => {
    if (!direction.has(trait)) direction.set(trait, Array.from({ length: dim }, random));
    return direction.get(trait)!;
  };
  return Object.entries(traits)
    .map(([word, list]) => {
      const vector = Array.from({ length: dim }, () => 0.05 * random());
      for (const trait of list) of(trait).forEach((v, i) => (vector[i] += v));
      return `${word} ${vector.map((v) => v.toFixed(5)).join(' ')}`;
    })
    .join('\n');
}

/** Parsed word vectors, with a host copy of the table for the CPU reference. */
export interface DemoVectors {
  vocabulary: string[];
  table: Tensor<'float32'>;
  host: Float32Array;
  dim: number;
}

/**
 * Parses a vector file (GloVe or word2vec text) and keeps a host copy for the CPU check.
 *
 * @example
 * ```ts
 * const vectors = await readVectors(demoVectorsText(), 'demo.txt');
 * ```
 */
export async function readVectors(text: string, name: string): Promise<DemoVectors> {
  const { vocabulary, table } = loadWordVectors(text, { name });
  return { vocabulary, table, host: await table.data(), dim: table.shape[1] };
}

/** Words found for a question, best first, and whether the CPU reference found the same. */
export interface Answer {
  words: { word: string; score: number }[];
  sameOnCpu: boolean;
}

/**
 * The `k` words nearest (cosine) to `query`, leaving out `exclude`:
 * searched on the GPU, compared with the CPU reference.
 */
async function nearest(vectors: DemoVectors, query: Float32Array, exclude: readonly number[], k: number): Promise<Answer> {
  const n = Math.min(vectors.vocabulary.length, k + exclude.length);
  const { indices, scores } = nearestNeighbors(vectors.table, [Array.from(query)], n, { metric: 'cosine' });
  let ids: Int32Array;
  let values: Float32Array;
  try {
    [ids, values] = [(await indices.data()) as Int32Array, (await scores.data()) as Float32Array];
  } finally {
    indices.dispose();
    scores.dispose();
  }
  const reference = cpu.nearestNeighbors({ data: vectors.host, shape: [vectors.vocabulary.length, vectors.dim] }, { data: query, shape: [1, vectors.dim] }, n, { metric: 'cosine' });
  const keep = (list: ArrayLike<number>) => Array.from(list).filter((id) => !exclude.includes(id)).slice(0, k);
  const found = keep(ids);
  return {
    words: found.map((id) => ({ word: vectors.vocabulary[id], score: values[Array.from(ids).indexOf(id)] })),
    sameOnCpu: keep(reference.indices.data).every((id, i) => id === found[i]),
  };
}

function row(vectors: DemoVectors, word: string): { id: number; values: Float32Array } {
  const id = vectors.vocabulary.indexOf(word);
  if (id < 0) throw new RangeError(`"${word}" is not in the vocabulary (${vectors.vocabulary.length} words).`);
  return { id, values: vectors.host.subarray(id * vectors.dim, (id + 1) * vectors.dim) };
}

/**
 * The `k` nearest words to `word` (itself left out).
 *
 * @example
 * ```ts
 * (await neighboursOf(vectors, 'paris', 3)).words[0].word; // a capital
 * ```
 */
export function neighboursOf(vectors: DemoVectors, word: string, k: number): Promise<Answer> {
  const { id, values } = row(vectors, word);
  return nearest(vectors, values, [id], k);
}

/**
 * `a - b + c`: the `k` words nearest to that vector, the three words left out.
 *
 * @example
 * ```ts
 * (await analogy(vectors, 'king', 'man', 'woman', 1)).words[0].word; // 'queen'
 * ```
 */
export function analogy(vectors: DemoVectors, a: string, b: string, c: string, k: number): Promise<Answer> {
  const [ra, rb, rc] = [row(vectors, a), row(vectors, b), row(vectors, c)];
  const query = ra.values.map((v, i) => v - rb.values[i] + rc.values[i]);
  return nearest(vectors, query, [ra.id, rb.id, rc.id], k);
}
