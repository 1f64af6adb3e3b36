/**
 * A model's input data (Keras 3's data adapters), for `predict`, `fit` and
 * `evaluate`: host data (nested arrays, typed arrays) or tensors, checked
 * against the model's input (shape, dtype, and, for an input that feeds an
 * Embedding, the index range with the layer named) before any GPU work, and
 * cut into batches.
 */
import { Embedding } from '../layers/embedding.js';
import { EmbeddingBag } from '../layers/embedding-bag.js';
import { sliceRows } from '../tensor/copy.js';
import { Flatten } from '../layers/flatten.js';
import { formatTuple } from '../layers/shape.js';
import type { SymbolicTensor } from '../layers/symbolic.js';
import { hostTensor, toHostData, type TensorLike } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';
import { toIndices, type IndexData } from '../validate/indices.js';
import { formatShape, formatValue } from '../validate/position.js';

/** One model input's data, checked: host values not yet uploaded, or a tensor. */
export type Feed =
  | { kind: 'host'; data: Int32Array | Float32Array; shape: number[] }
  | { kind: 'tensor'; tensor: Tensor; owned: boolean };

/** A layer that looks rows up by its first input's values: what host indices are checked against. */
export type IndexReader = Embedding | EmbeddingBag;

/**
 * The layers that look rows up by `input`'s values in a graph of `steps`:
 * Embeddings and EmbeddingBags whose (first) input it is, directly or
 * through a Flatten (which passes values on unchanged), so that indices are
 * checked by the layer that will read them.
 *
 * @example
 * ```ts
 * indexReaders(user, model.steps); // [Embedding 'user_embedding']
 * ```
 */
export function indexReaders(input: SymbolicTensor, steps: readonly SymbolicTensor[]): IndexReader[] {
  return steps
    .filter((t) => t.inputs[0] === input)
    .flatMap((t) => (t.layer instanceof Flatten ? indexReaders(t, steps) : t.layer instanceof Embedding || t.layer instanceof EmbeddingBag ? [t.layer] : []));
}

/**
 * Checks host indices for `layer`; the error names the layer, the position, the value and the range.
 *
 * @example
 * ```ts
 * checkIndicesFor(bagLayer, [[1, 2], [3, 0]]); // { data: Int32Array, shape: [2, 2] }
 * ```
 */
export function checkIndicesFor(layer: IndexReader, value: IndexData, shape?: readonly number[]): { data: Int32Array; shape: number[] } {
  if (layer instanceof Embedding) return layer.checkIndices(value, shape);
  return toIndices(value, { op: layer.describe(), upper: layer.inputDim, shape });
}

/**
 * Batch size of a feed.
 *
 * @example
 * ```ts
 * batchOf(checkFeed([[0], [3]], x, [layer], "Model 'model'")); // 2
 * ```
 */
export function batchOf(feed: Feed): number {
  return feed.kind === 'host' ? feed.shape[0] : feed.tensor.shape[0];
}

/**
 * The shape a batch of `received` shape takes for `input`: equal to
 * `[n, ...sample]` (null matches any extent), or a 1-D batch `[n]` when one
 * sample is a single value (Keras accepts `predict([3])` for `Input([1])`).
 */
function conform(received: readonly number[], input: SymbolicTensor, owner: string): number[] {
  const sample = input.shape.slice(1);
  if (received.length === input.rank && sample.every((d, i) => d === null || d === received[i + 1])) return [...received];
  if (received.length === 1 && sample.every((d) => d === 1)) return [received[0], ...sample.map(() => 1)];
  throw new RangeError(`${owner}: input '${input.layer.name}' expects shape ${formatTuple(input.shape)}, received shape ${formatShape(received)}.`);
}

/** A flat typed array's shape: the batch is its length over the sample size. */
function flatShape(length: number, input: SymbolicTensor, owner: string): number[] {
  const sample = input.shape.slice(1);
  if (sample.some((d) => d === null)) {
    throw new RangeError(`${owner}: input '${input.layer.name}' has shape ${formatTuple(input.shape)}, so a flat typed array cannot be split into samples; pass nested arrays or tensor(data, shape).`);
  }
  const size = (sample as number[]).reduce((a, b) => a * b, 1);
  if (size === 0 || length % size !== 0) {
    throw new RangeError(`${owner}: input '${input.layer.name}' expects samples of ${formatTuple(input.shape)}; ${length} values do not make whole samples of ${size}.`);
  }
  return [length / size, ...(sample as number[])];
}

/**
 * Checks one input's data: host indices for Embedding layers against every
 * such layer it feeds (the error names the layer), other host data by dtype,
 * tensors by dtype and shape.
 *
 * @example
 * ```ts
 * const feed = checkFeed([[0], [3]], x, [embedding], "Model 'model'");
 * ```
 */
export function checkFeed(value: Tensor | TensorLike, input: SymbolicTensor, readers: readonly IndexReader[], owner: string): Feed {
  if (value instanceof Tensor) {
    if (value.dtype !== input.dtype) {
      const hint = input.dtype === 'int32' ? ` Make indices with tensor(values, shape, 'int32').` : '';
      throw new TypeError(`${owner}: input '${input.layer.name}' expects ${input.dtype} data, received a ${value.dtype} tensor.${hint}`);
    }
    const shape = conform(value.shape, input, owner);
    const same = shape.length === value.rank && shape.every((d, i) => d === value.shape[i]);
    return same ? { kind: 'tensor', tensor: value, owned: false } : { kind: 'tensor', tensor: value.reshape(shape), owned: true };
  }
  const typedShape = ArrayBuffer.isView(value) ? flatShape((value as ArrayLike<number>).length, input, owner) : undefined;
  let checked: { data: Int32Array | Float32Array; shape: number[] } | undefined;
  if (input.dtype === 'int32' && readers.length) {
    for (const layer of readers) checked = checkIndicesFor(layer, value as IndexData, typedShape);
  } else {
    checked = toHostData(value, typedShape, input.dtype, `${owner}: input '${input.layer.name}'`);
  }
  return { kind: 'host', data: checked!.data, shape: conform(checked!.shape, input, owner) };
}

/**
 * Samples `[start, start + count)` of a feed as a tensor, and whether the
 * caller must dispose it. Host data is uploaded (a small part keeping its
 * values on the host too, which spares its lookups an index report and
 * lets a layer with a host copy answer them there); a tensor is used whole
 * or copied in part.
 *
 * @example
 * ```ts
 * const { tensor: part, owned } = feedSlice(feed, 0, 32);
 * ```
 */
export function feedSlice(feed: Feed, start: number, count: number): { tensor: Tensor; owned: boolean } {
  if (feed.kind === 'host') {
    const sample = feed.shape.slice(1).reduce((a, b) => a * b, 1);
    const part = feed.data.subarray(start * sample, (start + count) * sample);
    return { tensor: hostTensor(part, [count, ...feed.shape.slice(1)], feed.data instanceof Int32Array ? 'int32' : 'float32'), owned: true };
  }
  if (start === 0 && count === batchOf(feed)) return { tensor: feed.tensor, owned: false };
  return { tensor: sliceRows(feed.tensor, start, count, 'predict batch'), owned: true };
}

/** How deep nested arrays go, following first entries (`[]` is 1 deep). */
function depthOf(value: readonly unknown[]): number {
  let depth = 1;
  for (let level: unknown = value[0]; Array.isArray(level); level = level[0]) depth++;
  return depth;
}

/**
 * The data of a model's single input (or single output's targets) from
 * `x`: `x` itself, or the entry of a one-entry list `[data]`, as Keras and
 * TensorFlow.js accept for any model, when that entry can only be the whole
 * data: a tensor, a typed array, or nested arrays as deep as the data's
 * `rank` (so they carry the batch axis). Each of these read as data would
 * be rejected, so the rule never changes the meaning of data that was
 * accepted: `[[1], [2]]` for `Input({ shape: [1] })` stays two samples
 * (two entries), and `[[3]]` one sample (its entry `[3]` is one level
 * short of the rank).
 *
 * @example
 * ```ts
 * oneEntry([ids], 2);      // ids, an Int32Array
 * oneEntry([[[1], [2]]], 2); // [[1], [2]]
 * oneEntry([[3]], 2);      // [[3]]: one sample
 * ```
 */
export function oneEntry(x: unknown, rank: number): unknown {
  if (!Array.isArray(x) || x.length !== 1) return x;
  const [entry] = x;
  if (entry instanceof Tensor || ArrayBuffer.isView(entry)) return entry;
  return Array.isArray(entry) && depthOf(entry) === rank ? entry : x;
}

/**
 * Checks a model's input data: one entry per input (a single value for a
 * model with one input, or a list of one: see {@link oneEntry}), each
 * checked by {@link checkFeed}, all with the same number of samples. Feeds
 * made on the way are disposed if a later check fails.
 *
 * @example
 * ```ts
 * const feeds = checkFeeds([users, items], model.inputs, model.steps, "Model 'm'.fit");
 * ```
 */
export function checkFeeds(x: unknown, inputs: readonly SymbolicTensor[], steps: readonly SymbolicTensor[], owner: string): Feed[] {
  if (inputs.length > 1 && (!Array.isArray(x) || x.length !== inputs.length)) {
    throw new RangeError(`${owner}: expected a list of ${inputs.length} inputs (${inputs.map((t) => `'${t.layer.name}'`).join(', ')}), received ${Array.isArray(x) ? x.length : formatValue(x)}.`);
  }
  const values = inputs.length === 1 ? [oneEntry(x, inputs[0].rank)] : (x as unknown[]);
  const feeds: Feed[] = [];
  try {
    inputs.forEach((input, i) => feeds.push(checkFeed(values[i] as Tensor | TensorLike, input, indexReaders(input, steps), owner)));
    const total = batchOf(feeds[0]);
    feeds.forEach((feed, i) => {
      if (batchOf(feed) !== total) {
        throw new RangeError(`${owner}: all inputs need the same batch size; '${inputs[0].layer.name}' has ${total}, '${inputs[i].layer.name}' has ${batchOf(feed)}.`);
      }
    });
    return feeds;
  } catch (error) {
    for (const feed of feeds) if (feed.kind === 'tensor' && feed.owned) feed.tensor.dispose();
    throw error;
  }
}
