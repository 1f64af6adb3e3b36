/**
 * The binary half of a layers model: the weights' bytes one after another
 * in manifest order, split into shard files (a weight may straddle two).
 * Reading finds each weight's bytes without copying (unless it straddles
 * shards or sits off a 4-byte boundary) and decodes stored forms (float16,
 * uint8/uint16 affine, int8 with row scales) to float32.
 */
import { halfToFloat } from './half.js';
import { entryBytes, type WeightsManifestEntry } from './model-json.js';
import { problem } from './problems.js';

/** TF.js's converter splits weights into files of at most 4 MiB; so does saving here by default. */
export const DEFAULT_SHARD_BYTES = 4 * 1024 * 1024;

/**
 * Consecutive views of `data`, each at most `shardBytes` long (at least one, even when empty).
 *
 * @example
 * ```ts
 * shards(new Uint8Array(10), 4).map((s) => s.byteLength); // [4, 4, 2]
 * ```
 */
export function shards(data: Uint8Array, shardBytes: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let start = 0; start < data.byteLength; start += shardBytes) out.push(data.subarray(start, Math.min(start + shardBytes, data.byteLength)));
  return out.length ? out : [data];
}

/**
 * File names for `count` shards: `weights.bin` for one, TF.js's converter's
 * `group1-shard1of3.bin` ... for several.
 *
 * @example
 * ```ts
 * shardNames(2, 'weights'); // ['group1-shard1of2.bin', 'group1-shard2of2.bin']
 * ```
 */
export function shardNames(count: number, single: string): string[] {
  if (count === 1) return [`${single}.bin`];
  return Array.from({ length: count }, (_, i) => `group1-shard${i + 1}of${count}.bin`);
}

/**
 * Throws unless the files of one manifest group hold exactly its weights' bytes.
 *
 * @example
 * ```ts
 * checkGroupBytes(group.weights, pieces, 'model.json', 'weightsManifest[0]');
 * ```
 */
export function checkGroupBytes(weights: readonly WeightsManifestEntry[], pieces: readonly Uint8Array[], file: string, field: string): void {
  const needed = weights.reduce((n, w) => n + entryBytes(w), 0);
  const found = pieces.reduce((n, p) => n + p.byteLength, 0);
  if (needed !== found) {
    throw problem(
      file,
      `${field}.paths`,
      `${found} bytes`,
      `the weights of ${field} (${weights.map((w) => w.name).join(', ') || 'none'}) need ${needed} bytes, but its files hold ${found} bytes${found < needed ? ' (truncated)' : ''}.`,
    );
  }
}

/** One weight's entry and its stored bytes. */
export interface StoredWeight {
  entry: WeightsManifestEntry;
  bytes: Uint8Array;
}

/**
 * Each entry's bytes, in order, from the pieces the files arrived in; the
 * pieces must hold exactly the entries' bytes.
 *
 * @example
 * ```ts
 * const stored = locateWeights(entries, [shard1, shard2], 'model.json');
 * ```
 */
export function locateWeights(entries: readonly WeightsManifestEntry[], pieces: readonly Uint8Array[], file: string): StoredWeight[] {
  checkGroupBytes(entries, pieces, file, 'weightsManifest');
  const starts: number[] = [];
  let total = 0;
  for (const piece of pieces) {
    starts.push(total);
    total += piece.byteLength;
  }
  let offset = 0;
  return entries.map((entry) => {
    const length = entryBytes(entry);
    const bytes = slice(pieces, starts, offset, offset + length);
    offset += length;
    return { entry, bytes };
  });
}

/** Bytes [start, end) of the pieces read as one: a view when inside one piece, else a copy. */
function slice(pieces: readonly Uint8Array[], starts: readonly number[], start: number, end: number): Uint8Array {
  let i = starts.findIndex((s, k) => start >= s && start < s + pieces[k].byteLength);
  if (i < 0 || end === start) return new Uint8Array(0);
  if (end <= starts[i] + pieces[i].byteLength) return pieces[i].subarray(start - starts[i], end - starts[i]);
  const out = new Uint8Array(end - start);
  for (let at = start; at < end; i++) {
    const part = pieces[i].subarray(at - starts[i], Math.min(end, starts[i] + pieces[i].byteLength) - starts[i]);
    out.set(part, at - start);
    at += part.byteLength;
  }
  return out;
}

/**
 * A stored weight's values as float32 (float16, uint8/uint16 decoded as TF.js
 * does; float32 as a view of the file's bytes when aligned). int8 is left to
 * {@link int8Values}.
 *
 * @example
 * ```ts
 * const values = floatValues(stored); // Float32Array of the weight's size
 * ```
 */
export function floatValues({ entry, bytes }: StoredWeight): Float32Array {
  const count = entry.shape.reduce((a, b) => a * b, 1);
  const q = entry.quantization;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!q) {
    if (entry.dtype === 'int32') return Float32Array.from({ length: count }, (_, i) => view.getInt32(i * 4, true));
    return bytes.byteOffset % 4 === 0 ? new Float32Array(bytes.buffer, bytes.byteOffset, count) : new Float32Array(bytes.slice().buffer, 0, count);
  }
  const out = new Float32Array(count);
  if (q.dtype === 'float16') for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(i * 2, true));
  else if (q.dtype === 'uint8') for (let i = 0; i < count; i++) out[i] = bytes[i] * q.scale! + q.min!;
  else if (q.dtype === 'uint16') for (let i = 0; i < count; i++) out[i] = view.getUint16(i * 2, true) * q.scale! + q.min!;
  else throw new TypeError(`${entry.name}: int8 values need their row scales (int8Values).`);
  return out;
}

/**
 * The int8 values of a weight stored with one scale per row (its entry's
 * `quantization.dtype` is `'int8'`), as signed bytes.
 *
 * @example
 * ```ts
 * const values = int8Values(stored); // Int8Array, row-major
 * ```
 */
export function int8Values({ bytes }: StoredWeight): Int8Array {
  return new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
