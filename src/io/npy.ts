/**
 * NumPy's `.npy` format (versions 1.0, 2.0 and 3.0): a magic string, a
 * version, a header length, a Python dict literal header (`descr`,
 * `fortran_order`, `shape`) padded to 64 bytes, then the elements.
 * https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */
import { Tensor } from '../tensor/tensor.js';
import { formatValue } from '../validate/position.js';
import { asBytes, concatBytes, type Bytes } from './bytes.js';
import { checkFits, elementSource, fortranOrder, itemBytes, loadedDType, type StoredArray, type StoredType } from './elements.js';
import { expected, problem, raw } from './problems.js';
import { parseDict, type PyEntry } from './python-literal.js';
import { checkUploadable, uploadElements } from './upload.js';

/** Options of the readers: `name` is how errors call the file (default e.g. `npy bytes`). */
export interface ReadOptions {
  name?: string;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
/** Headers are refused beyond this size, whatever the file says (a real one is a few hundred bytes). */
export const MAX_HEADER_BYTES = 100 * 2 ** 20;
const TYPES: Readonly<Record<string, StoredType>> = { f2: 'f2', f4: 'f4', f8: 'f8', i4: 'i4', i8: 'i8' };
const SUPPORTED = "'<f4', '<f2', '<f8', '<i4' or '<i8' (or '>' for big-endian)";

/** A parsed `.npy`: its elements as stored, and whether they are in Fortran order. */
export interface NpyArray extends StoredArray {
  fortranOrder: boolean;
}

/**
 * Reads and checks a `.npy` file's header and locates its data, without
 * copying or uploading anything. Throws a `FormatError` naming the field.
 *
 * @example
 * ```ts
 * const { type, shape } = readNpy(bytes, 'table.npy'); // 'f4', [1000, 64]
 * ```
 */
export function readNpy(input: Bytes, file: string): NpyArray {
  const bytes = asBytes(input, `loadNpy(${file})`);
  if (bytes.byteLength < 10) throw problem(file, 'magic', `${bytes.byteLength} bytes`, `expected a .npy file (at least 10 bytes: magic, version, header length), received ${bytes.byteLength} bytes.`);
  if (MAGIC.some((b, i) => bytes[i] !== b)) {
    const found = Array.from(bytes.subarray(0, 6), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw problem(file, 'magic', found, `expected the .npy magic string \\x93NUMPY, received bytes ${found}.`);
  }
  const major = bytes[6];
  const minor = bytes[7];
  if (![1, 2, 3].includes(major) || minor !== 0) throw expected(file, 'version', '1.0, 2.0 or 3.0', raw(`${major}.${minor}`));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const prefix = major === 1 ? 10 : 12;
  if (bytes.byteLength < prefix) throw problem(file, 'header length', `${bytes.byteLength} bytes`, `the file ends inside the header length (${bytes.byteLength} bytes).`);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (headerLength > MAX_HEADER_BYTES) throw expected(file, 'header length', `at most ${MAX_HEADER_BYTES} bytes (100 MB)`, headerLength);
  if (prefix + headerLength > bytes.byteLength) {
    throw problem(file, 'header length', String(headerLength), `the header length says ${headerLength} bytes, but only ${bytes.byteLength - prefix} follow.`);
  }
  const headerBytes = bytes.subarray(prefix, prefix + headerLength);
  const header = parseDict(decodeHeader(headerBytes, major, file), file, 'header');
  const keys = [...header.keys()].sort().join(', ');
  if (keys !== 'descr, fortran_order, shape') throw expected(file, 'header keys', "'descr', 'fortran_order' and 'shape'", [...header.keys()]);
  const { type, littleEndian } = parseDescr(header.get('descr')!, file);
  const fortran = header.get('fortran_order')!;
  if (typeof fortran.value !== 'boolean') throw expected(file, 'header.fortran_order', 'True or False', raw(fortran.text));
  const shape = parseShape(header.get('shape')!, file);
  const size = shape.reduce((a, b) => a * b, 1);
  const dataLength = size * itemBytes[type];
  const available = bytes.byteLength - prefix - headerLength;
  if (available !== dataLength) {
    throw problem(
      file,
      'data',
      `${available} bytes`,
      `expected ${dataLength} bytes of data for shape (${shape.join(', ')}) of '${header.get('descr')!.value}', received ${available} bytes${available < dataLength ? ' (the file is truncated)' : ''}.`,
    );
  }
  const start = prefix + headerLength;
  return { type, littleEndian, shape, bytes: bytes.subarray(start, start + dataLength), fortranOrder: fortran.value };
}

function decodeHeader(bytes: Uint8Array, major: number, file: string): string {
  if (major === 3) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw problem(file, 'header', 'invalid UTF-8', 'expected a UTF-8 header (version 3.0), received bytes that are not UTF-8.');
    }
  }
  // Versions 1 and 2 are latin-1: one character per byte.
  let text = '';
  for (let i = 0; i < bytes.length; i += 4096) text += String.fromCharCode(...bytes.subarray(i, i + 4096));
  return text;
}

function parseDescr(entry: PyEntry, file: string): { type: StoredType; littleEndian: boolean } {
  const match = typeof entry.value === 'string' ? /^([<>])([fi]\d)$/.exec(entry.value) : null;
  const type = match ? TYPES[match[2]] : undefined;
  if (!match || !type) throw expected(file, 'header.descr', SUPPORTED, raw(entry.text));
  return { type, littleEndian: match[1] === '<' };
}

function parseShape(entry: PyEntry, file: string): number[] {
  const shape = entry.value;
  const valid = Array.isArray(shape) && shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0);
  if (!valid || !/^\(.*\)$/s.test(entry.text)) throw expected(file, 'header.shape', 'a tuple of non-negative integers', raw(entry.text));
  const dims = shape as number[];
  if (!Number.isSafeInteger(dims.reduce((a, b) => a * b, 1) * 8)) throw expected(file, 'header.shape', 'a shape whose size fits in memory', raw(entry.text));
  return dims;
}

/**
 * Loads a `.npy` file as a GPU tensor: '<f4', '<f2' and '<f8' as float32,
 * '<i4' and '<i8' as int32 (each int64 checked to fit), big-endian too.
 * A Fortran-order array is transposed into C order. The file is checked
 * completely before anything is uploaded; a table larger than one GPU buffer
 * is split across several, filled from views of `bytes` (float32/int32) or
 * a chunk at a time (conversions), never from a second full copy.
 *
 * @example
 * ```ts
 * const table = loadNpy(readFileSync('table.npy'), { name: 'table.npy' }); // Tensor float32 [V, D]
 * ```
 */
export function loadNpy(bytes: Bytes, options: ReadOptions = {}): Tensor {
  const file = options.name ?? 'npy bytes';
  const array = readNpy(bytes, file);
  const order = array.fortranOrder && array.shape.length > 1 ? fortranOrder(array.shape) : undefined;
  checkFits(array, file, 'data', order);
  checkUploadable(array.shape, file);
  return uploadElements(array.shape, loadedDType(array.type), elementSource(array, order), file);
}

/**
 * Writes a tensor as a `.npy` file (version 1.0, or 2.0 for a header over
 * 64 KiB): '<f4' for float32, '<i4' for int32, C order.
 *
 * @example
 * ```ts
 * writeFileSync('table.npy', await saveNpy(table)); // np.load('table.npy') reads it
 * ```
 */
export async function saveNpy(t: Tensor): Promise<Uint8Array> {
  if (!(t instanceof Tensor)) throw new TypeError(`saveNpy: expected a Tensor, received ${formatValue(t)}.`);
  const data = await t.data();
  const shape = t.shape.length === 1 ? `(${t.shape[0]},)` : `(${t.shape.join(', ')})`;
  const dict = `{'descr': '${t.dtype === 'int32' ? '<i4' : '<f4'}', 'fortran_order': False, 'shape': ${shape}, }`;
  const version = dict.length + 11 > 0xffff ? 2 : 1;
  const prefix = version === 1 ? 10 : 12;
  // Spaces and a newline pad the header so that the data starts at a multiple of 64 bytes.
  const padded = dict.padEnd(Math.ceil((prefix + dict.length + 1) / 64) * 64 - prefix - 1, ' ') + '\n';
  const head = new Uint8Array(prefix + padded.length);
  head.set(MAGIC);
  head[6] = version;
  const view = new DataView(head.buffer);
  if (version === 1) view.setUint16(8, padded.length, true);
  else view.setUint32(8, padded.length, true);
  for (let i = 0; i < padded.length; i++) head[prefix + i] = padded.charCodeAt(i);
  return concatBytes([head, new Uint8Array(data.buffer, data.byteOffset, data.byteLength)]);
}
