/**
 * Hugging Face's safetensors format: an 8-byte little-endian header length,
 * a JSON header (`{"name": {"dtype", "shape", "data_offsets"}, "__metadata__": {...}}`)
 * and the tensors' bytes, which the offsets must cover exactly, in any
 * order, without overlaps or holes. https://github.com/huggingface/safetensors
 */
import { Tensor } from '../tensor/tensor.js';
import { asBytes, concatBytes, type Bytes } from './bytes.js';
import { checkFits, elementSource, itemBytes, loadedDType, type StoredArray, type StoredType } from './elements.js';
import { MAX_HEADER_BYTES, type ReadOptions } from './npy.js';
import { formatValue } from '../validate/position.js';
import { expected, problem } from './problems.js';
import { checkUploadable, uploadElements } from './upload.js';

const DTYPES: Readonly<Record<string, StoredType>> = { F32: 'f4', F16: 'f2', BF16: 'bf16', F64: 'f8', I32: 'i4', I64: 'i8' };
const SUPPORTED = '"F32", "F16", "BF16", "F64", "I32" or "I64"';

/** One tensor of a safetensors file, checked, with its bytes. */
export interface SafetensorsEntry extends StoredArray {
  name: string;
  dtype: string;
  begin: number;
  end: number;
}

/** A checked safetensors file: its tensors in header order and its metadata. */
export interface SafetensorsFile {
  entries: SafetensorsEntry[];
  metadata: Record<string, string>;
}

/**
 * Reads and checks a safetensors file's header and locates every tensor's
 * bytes, without copying or uploading anything. Throws a `FormatError`.
 *
 * @example
 * ```ts
 * readSafetensors(bytes, 'model.safetensors').entries.map((e) => e.name);
 * ```
 */
export function readSafetensors(input: Bytes, file: string): SafetensorsFile {
  const bytes = asBytes(input, `loadSafetensors(${file})`);
  if (bytes.byteLength < 8) throw problem(file, 'header length', `${bytes.byteLength} bytes`, `expected at least 8 bytes (the header length), received ${bytes.byteLength} bytes.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(4, true) * 2 ** 32 + view.getUint32(0, true);
  if (length > MAX_HEADER_BYTES) throw expected(file, 'header length', `at most ${MAX_HEADER_BYTES} bytes (100 MB)`, length);
  if (8 + length > bytes.byteLength) {
    throw problem(file, 'header length', String(length), `the header length says ${length} bytes, but only ${bytes.byteLength - 8} follow.`);
  }
  const header = parseHeader(bytes.subarray(8, 8 + length), file);
  const data = bytes.subarray(8 + length);
  const entries: SafetensorsEntry[] = [];
  let metadata: Record<string, string> = {};
  for (const name of Object.keys(header)) {
    const value = header[name];
    if (name === '__metadata__') metadata = checkMetadata(value, file);
    else entries.push(checkEntry(name, value, data, file));
  }
  checkCoverage(entries, data.byteLength, file);
  return { entries, metadata };
}

function parseHeader(bytes: Uint8Array, file: string): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw problem(file, 'header', 'invalid UTF-8', 'expected a UTF-8 JSON header, received bytes that are not UTF-8.');
  }
  if (!text.startsWith('{')) throw expected(file, 'header', 'a JSON object starting with "{"', text.slice(0, 20));
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (error) {
    const start = formatValue(text.slice(0, 20));
    throw problem(file, 'header', start, `expected the header to be JSON, received ${start}...: ${(error as Error).message}.`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw expected(file, 'header', 'a JSON object', header);
  return header as Record<string, unknown>;
}

function checkMetadata(value: unknown, file: string): Record<string, string> {
  const valid = typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
  if (!valid) throw expected(file, 'header.__metadata__', 'an object of strings', value);
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value as Record<string, string>)) define(out, key, v);
  return out;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function checkEntry(name: string, value: unknown, data: Uint8Array, file: string): SafetensorsEntry {
  const field = `header[${JSON.stringify(name)}]`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw expected(file, field, 'an object { dtype, shape, data_offsets }', value);
  const { dtype, shape, data_offsets: offsets } = value as Record<string, unknown>;
  const type = typeof dtype === 'string' && Object.hasOwn(DTYPES, dtype) ? DTYPES[dtype] : undefined;
  if (!type) throw expected(file, `${field}.dtype`, SUPPORTED, dtype);
  if (!Array.isArray(shape) || !shape.every(isCount)) throw expected(file, `${field}.shape`, 'an array of non-negative integers', shape);
  const size = (shape as number[]).reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(size * 8)) throw expected(file, `${field}.shape`, 'a shape whose size fits in memory', shape);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount) || offsets[0] > offsets[1]) {
    throw expected(file, `${field}.data_offsets`, 'two byte offsets [begin, end] with begin <= end', offsets);
  }
  const [begin, end] = offsets as number[];
  if (end - begin !== size * itemBytes[type]) {
    throw problem(
      file,
      `${field}.data_offsets`,
      `[${begin}, ${end}]`,
      `tensor ${JSON.stringify(name)}: shape [${(shape as number[]).join(', ')}] of ${dtype} needs ${size * itemBytes[type]} bytes, but data_offsets [${begin}, ${end}] hold ${end - begin}.`,
    );
  }
  if (end > data.byteLength) {
    throw problem(file, `${field}.data_offsets`, `[${begin}, ${end}]`, `tensor ${JSON.stringify(name)}: data_offsets [${begin}, ${end}] go past the end of the data (${data.byteLength} bytes; the file is truncated).`);
  }
  return { name, dtype: dtype as string, type, littleEndian: true, shape: shape as number[], bytes: data.subarray(begin, end), begin, end };
}

/** The tensors must cover the data exactly: sorted by offset, each starts where the previous one ends. */
function checkCoverage(entries: readonly SafetensorsEntry[], dataLength: number, file: string): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  let previous: SafetensorsEntry | null = null;
  for (const entry of sorted) {
    const field = `header[${JSON.stringify(entry.name)}].data_offsets`;
    const offsets = `[${entry.begin}, ${entry.end}]`;
    if (entry.begin < covered) {
      throw problem(file, field, offsets, `tensors ${JSON.stringify(previous!.name)} [${previous!.begin}, ${previous!.end}] and ${JSON.stringify(entry.name)} ${offsets} overlap.`);
    }
    if (entry.begin > covered) throw problem(file, field, offsets, `bytes [${covered}, ${entry.begin}) of the data belong to no tensor (a hole before ${JSON.stringify(entry.name)} ${offsets}).`);
    covered = entry.end;
    previous = entry;
  }
  if (covered !== dataLength) {
    throw problem(file, 'data', `${dataLength} bytes`, `the tensors cover ${covered} bytes of data, but ${dataLength} bytes follow the header.`);
  }
}

/** Sets a property even when the name is `__proto__`, so names from a file never touch a prototype. */
function define<T>(target: Record<string, T>, name: string, value: T): void {
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Loads every tensor of a safetensors file onto the GPU: F32, F16, BF16 and
 * F64 as float32, I32 and I64 (each value checked to fit) as int32. The
 * whole file is checked before anything is uploaded; tensors larger than
 * one GPU buffer are split across several, filled from views of `bytes`
 * (F32/I32) or a chunk at a time (conversions). `safetensorsMetadata`
 * reads the `__metadata__`.
 *
 * @example
 * ```ts
 * const { embeddings } = loadSafetensors(readFileSync('table.safetensors'));
 * ```
 */
export function loadSafetensors(bytes: Bytes, options: ReadOptions = {}): Record<string, Tensor> {
  const file = options.name ?? 'safetensors bytes';
  const { entries } = readSafetensors(bytes, file);
  for (const entry of entries) {
    checkFits(entry, file, `header[${JSON.stringify(entry.name)}]`);
    checkUploadable(entry.shape, `${file} ${entry.name}`);
  }
  const out: Record<string, Tensor> = {};
  try {
    for (const entry of entries) define(out, entry.name, uploadElements(entry.shape, loadedDType(entry.type), elementSource(entry), `${file} ${entry.name}`));
  } catch (error) {
    for (const t of Object.values(out)) t.dispose();
    throw error;
  }
  return out;
}

/**
 * The `__metadata__` of a safetensors file (string to string; empty when
 * there is none), after checking the whole header.
 *
 * @example
 * ```ts
 * safetensorsMetadata(bytes); // { format: 'pt' }
 * ```
 */
export function safetensorsMetadata(bytes: Bytes, options: ReadOptions = {}): Record<string, string> {
  return readSafetensors(bytes, options.name ?? 'safetensors bytes').metadata;
}

/**
 * Writes tensors as a safetensors file (float32 as F32, int32 as I32, in
 * the order given), with optional string metadata.
 *
 * @example
 * ```ts
 * const bytes = await saveSafetensors({ embeddings: table }, { metadata: { format: 'pt' } });
 * ```
 */
export async function saveSafetensors(named: Record<string, Tensor>, options: { metadata?: Record<string, string> } = {}): Promise<Uint8Array> {
  if (typeof named !== 'object' || named === null) throw new TypeError(`saveSafetensors: expected an object of named tensors, received ${formatValue(named)}.`);
  const names = Object.keys(named);
  for (const name of names) {
    if (name === '__metadata__') throw new TypeError('saveSafetensors: "__metadata__" is reserved for the metadata; pass it as options.metadata.');
    if (!(named[name] instanceof Tensor)) throw new TypeError(`saveSafetensors: expected "${name}" to be a Tensor, received ${formatValue(named[name])}.`);
  }
  const metadata = options.metadata;
  const strings = typeof metadata === 'object' && metadata !== null && Object.values(metadata).every((v) => typeof v === 'string');
  if (metadata !== undefined && !strings) throw new TypeError(`saveSafetensors: expected options.metadata to be an object of strings, received ${formatValue(metadata)}.`);
  const data = await Promise.all(names.map((name) => named[name].data()));
  const header: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length) define(header, '__metadata__', metadata);
  let offset = 0;
  names.forEach((name, i) => {
    const t = named[name];
    define(header, name, { dtype: t.dtype === 'int32' ? 'I32' : 'F32', shape: t.shape, data_offsets: [offset, offset + data[i].byteLength] });
    offset += data[i].byteLength;
  });
  const json = new TextEncoder().encode(JSON.stringify(header));
  // Spaces pad the header to a multiple of 8 bytes, so that the data is aligned (as the reference writer does).
  const padded = new Uint8Array(Math.ceil(json.byteLength / 8) * 8).fill(0x20);
  padded.set(json);
  const length = new Uint8Array(8);
  new DataView(length.buffer).setUint32(0, padded.byteLength, true);
  return concatBytes([length, padded, ...data.map((d) => new Uint8Array(d.buffer, d.byteOffset, d.byteLength))]);
}
