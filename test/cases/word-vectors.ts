/**
 * loadWordVectors on GloVe and word2vec text written by the tests (with
 * and without the word2vec header, CRLF lines, bytes or a string), the
 * demo page's analogies on the GPU against the CPU reference, and bad
 * files refused with a FormatError naming the line and the value.
 */
import { loadWordVectors } from '../../src/index.js';
import { analogy, demoVectorsText, neighboursOf, readVectors } from '../../src/notebook/word-vectors-demo.js';
import { assert } from '../support/close.js';
import { expectFormatError } from '../support/expect-format.js';
import { expectTensor } from '../support/expect.js';
import { randomFloats } from '../support/random.js';
import type { Case } from './case.js';

const words = ['the', 'cat', 'sat', 'on', 'mat', 'über', 'naïve'];

/** GloVe text for random vectors, five decimals per value; the values as parsed from that text. */
function gloveText(values: Float32Array, dim: number, lineEnd = '\n'): { text: string; expected: number[] } {
  const lines = words.map((w, i) => `${w} ${Array.from(values.subarray(i * dim, (i + 1) * dim), (v) => v.toFixed(5)).join(' ')}`);
  const expected = lines.flatMap((line) => line.split(' ').slice(1).map((v) => Math.fround(Number(v))));
  return { text: lines.join(lineEnd) + lineEnd, expected };
}

const bad: { name: string; text: string; field: string; value: string; text2?: string }[] = [
  { name: 'a line with a missing value', text: 'a 1 2 3\nb 4 5\n', field: 'line 2', value: '2 values', text2: 'expected a word and 3 numbers' },
  { name: 'a line with an extra value', text: 'a 1 2\nb 3 4 5\n', field: 'line 2', value: '3 values' },
  { name: 'a value that is not a number', text: 'a 1 2\nb 3 x\n', field: 'line 2', value: '"x"' },
  { name: 'NaN', text: 'a 1 nan\n', field: 'line 1', value: '"nan"' },
  { name: 'an infinite value', text: 'a 1 1e999\n', field: 'line 1', value: '"1e999"' },
  { name: 'a hexadecimal value', text: 'a 0x10 1\n', field: 'line 1', value: '"0x10"' },
  { name: 'a word given twice', text: 'a 1 2\nb 3 4\na 5 6\n', field: 'line 3', value: '"a"', text2: 'already given on line 1' },
  { name: 'a header count that disagrees', text: '3 2\na 1 2\nb 3 4\n', field: 'header', value: '3 2', text2: '2 follow' },
  { name: 'a header dimension that disagrees', text: '2 3\na 1 2\nb 3 4\n', field: 'line 2', value: '2 values' },
  { name: 'an empty text', text: '', field: 'lines', value: 'no vectors' },
  { name: 'a word without numbers', text: 'lonely\n', field: 'line 1', value: '0 values' },
  { name: 'a line with one value where two were expected', text: 'a 1 2\nb 3\n', field: 'line 2', value: '1 value' },
];

export const cases: Case[] = [
  {
    name: 'loadWordVectors: GloVe text (string, bytes, CRLF) and word2vec text with its "count dim" header give the vocabulary and table',
    run: async (rng) => {
      const dim = 9;
      const { text, expected } = gloveText(randomFloats(rng, words.length * dim), dim);
      for (const [label, input] of [
        ['GloVe string', text],
        ['GloVe bytes', new TextEncoder().encode(text)],
        ['CRLF', text.replace(/\n/g, '\r\n')],
        ['word2vec header', `${words.length} ${dim}\n${text}`],
        ['blank lines', `\n${text}\n\n`],
      ] as const) {
        const { vocabulary, table } = loadWordVectors(input);
        assert(JSON.stringify(vocabulary) === JSON.stringify(words), `${label}: ${vocabulary}`);
        await expectTensor(table, { data: expected, shape: [words.length, dim] }, label);
      }
    },
  },
  ...bad.map(
    (b): Case => ({
      name: `loadWordVectors refuses ${b.name}: FormatError naming "${b.field}" and the value`,
      run: async () => {
        expectFormatError(() => loadWordVectors(b.text, { name: 'vectors.txt' }), { file: 'vectors.txt', field: b.field, value: b.value, text: b.text2 }, b.name);
      },
    }),
  ),
  {
    name: 'loadWordVectors refuses bytes that are not UTF-8 (e.g. word2vec\'s binary format)',
    run: async () => {
      expectFormatError(() => loadWordVectors(new Uint8Array([0x32, 0x20, 0x31, 0x0a, 0xff, 0xfe, 0x80])), { file: 'word vectors', field: 'text', value: 'invalid UTF-8', text: 'binary' }, 'binary');
    },
  },
  {
    name: 'the demo vectors: king - man + woman = queen and paris - france + italy = rome on the GPU, neighbours of paris share a trait with it, as on the CPU',
    run: async () => {
      const vectors = await readVectors(demoVectorsText(), 'demo-vectors.txt');
      try {
        for (const [a, b, c, want] of [['king', 'man', 'woman', 'queen'], ['paris', 'france', 'italy', 'rome'], ['boy', 'man', 'woman', 'girl']]) {
          const answer = await analogy(vectors, a, b, c, 3);
          assert(answer.words[0].word === want && answer.sameOnCpu, `${a} - ${b} + ${c}: ${JSON.stringify(answer)}`);
        }
        const near = await neighboursOf(vectors, 'paris', 4);
        assert(near.words.every((w) => ['rome', 'tokyo', 'madrid', 'france'].includes(w.word)) && near.sameOnCpu, JSON.stringify(near));
      } finally {
        vectors.table.dispose();
      }
    },
  },
];
