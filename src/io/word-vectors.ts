/**
 * Word vectors in the text format of GloVe and word2vec: one word per line
 * followed by its numbers, separated by spaces; word2vec files start with a
 * `count dim` line.
 */
import { tensor } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { formatValue } from '../validate/position.js';
import { asBytes, type Bytes } from './bytes.js';
import type { ReadOptions } from './npy.js';
import { problem } from './problems.js';

/** Words and their vectors: row `i` of `table` is the vector of `vocabulary[i]`. */
export interface WordVectors {
  vocabulary: string[];
  table: Tensor<'float32'>;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses GloVe / word2vec text (`word v1 v2 ...` per line, with or without
 * a word2vec `count dim` first line) into a vocabulary and a float32 table
 * `[words, dim]` on the GPU. Every line is checked first: the same number
 * of values on each line, decimal numbers only, no word twice, and the
 * header's counts; a `FormatError` names the line and what it found.
 *
 * @example
 * ```ts
 * const { vocabulary, table } = loadWordVectors('king 0.5 0.1\nqueen 0.5 0.9\n');
 * vocabulary; // ['king', 'queen'];  table: Tensor float32 [2, 2]
 * ```
 */
export function loadWordVectors(text: string | Bytes, options: ReadOptions = {}): WordVectors {
  const file = options.name ?? 'word vectors';
  const content = typeof text === 'string' ? text : decode(asBytes(text, `loadWordVectors(${file})`), file);
  const lines = content.split('\n');
  let first = lines.findIndex((line) => line.trim() !== '');
  if (first < 0) throw problem(file, 'lines', 'no vectors', `expected lines of "word v1 v2 ...", received no vectors (${lines.length > 1 ? 'only blank lines' : 'an empty text'}).`);
  let declared: { count: number; dim: number } | null = null;
  const head = lines[first].trim().split(/\s+/);
  if (head.length === 2 && head.every((t) => /^\d+$/.test(t))) {
    declared = { count: Number(head[0]), dim: Number(head[1]) };
    first++;
  }
  const vocabulary: string[] = [];
  const seen = new Map<string, number>();
  // Grown by doubling: a plain array of numbers would take several times the table's bytes.
  let values: Float32Array = new Float32Array(declared ? Math.min(declared.count * declared.dim, 2 ** 26) : 1024);
  let filled = 0;
  let dim = declared?.dim ?? -1;
  for (let i = first; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const tokens = line.split(/\s+/);
    const where = `line ${i + 1}`;
    if (dim < 0) dim = tokens.length - 1;
    if (tokens.length !== dim + 1 || dim < 1) {
      const count = `${tokens.length - 1} value${tokens.length === 2 ? '' : 's'}`;
      throw problem(file, where, count, `${where}: expected a word and ${Math.max(dim, 1)} number${dim === 1 ? '' : 's'}, received ${count} after ${JSON.stringify(tokens[0].slice(0, 40))}.`);
    }
    const word = tokens[0];
    if (seen.has(word)) throw problem(file, where, JSON.stringify(word), `${where}: the word ${JSON.stringify(word)} was already given on line ${seen.get(word)}.`);
    seen.set(word, i + 1);
    vocabulary.push(word);
    for (let t = 1; t <= dim; t++) {
      const token = tokens[t];
      const value = NUMBER.test(token) ? Number(token) : NaN;
      if (!Number.isFinite(value)) throw problem(file, where, JSON.stringify(token), `${where}: expected a finite decimal number for value ${t} of ${formatValue(word)}, received ${JSON.stringify(token.slice(0, 40))}.`);
      if (filled === values.length) values = grown(values);
      values[filled++] = value;
    }
  }
  if (vocabulary.length === 0) throw problem(file, 'lines', 'no vectors', 'expected at least one "word v1 v2 ..." line after the header, received no vectors.');
  if (declared && declared.count !== vocabulary.length) {
    throw problem(file, 'header', `${declared.count} ${declared.dim}`, `the header "${declared.count} ${declared.dim}" says ${declared.count} words, but ${vocabulary.length} follow.`);
  }
  return { vocabulary, table: tensor(values.subarray(0, filled), [vocabulary.length, dim], 'float32') };
}

function grown(values: Float32Array): Float32Array {
  const next = new Float32Array(Math.max(1024, values.length * 2));
  next.set(values);
  return next;
}

function decode(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw problem(file, 'text', 'invalid UTF-8', "expected UTF-8 text, received invalid UTF-8 (word2vec's binary format is not supported; save the vectors as text).");
  }
}
