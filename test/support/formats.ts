/**
 * File fixtures written from the formats' specifications, independently of
 * the library's readers and writers: NumPy's .npy (format.html, versions
 * 1.0-3.0) and safetensors (8-byte little-endian header length, JSON
 * header, data). Element encoders for every stored type, and a float16
 * decoder written from IEEE 754's definition.
 */

import type { Random } from './random.js';

/** Stored element kinds: float16/bfloat16 take raw 16-bit patterns, the others numbers (int64: bigint). */
export type Kind = 'f2' | 'bf16' | 'f4' | 'f8' | 'i4' | 'i8';

const SIZE: Record<Kind, number> = { f2: 2, bf16: 2, f4: 4, f8: 8, i4: 4, i8: 8 };

/** The bytes of `values` stored as `kind`, little- or big-endian. */
export function elementBytes(kind: Kind, values: ArrayLike<number | bigint>, littleEndian = true): Uint8Array {
  const out = new Uint8Array(values.length * SIZE[kind]);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const at = i * SIZE[kind];
    if (kind === 'f2' || kind === 'bf16') view.setUint16(at, Number(v), littleEndian);
    else if (kind === 'f4') view.setFloat32(at, Number(v), littleEndian);
    else if (kind === 'f8') view.setFloat64(at, Number(v), littleEndian);
    else if (kind === 'i4') view.setInt32(at, Number(v), littleEndian);
    else view.setBigInt64(at, BigInt(v), littleEndian);
  }
  return out;
}

/** The value of IEEE 754 binary16 bits: (-1)^s x 2^(e-15) x 1.f, subnormals 2^-14 x 0.f. */
export function halfValue(bits: number): number {
  const sign = bits >> 15 ? -1 : 1;
  const e = (bits >> 10) & 31;
  const f = bits & 1023;
  if (e === 31) return f ? NaN : sign * Infinity;
  return e === 0 ? sign * 2 ** -14 * (f / 1024) : sign * 2 ** (e - 15) * (1 + f / 1024);
}

/** The value of bfloat16 bits: the top 16 bits of a float32. */
export function bfloat16Value(bits: number): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setUint16(0, bits);
  return view.getFloat32(0);
}

/** A .npy header dict as NumPy writes it, e.g. `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`. */
export function npyDict(descr: string, shape: readonly number[], fortran = false): string {
  const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  return `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${tuple}, }`;
}

/**
 * A .npy file: magic, version, header length (uint16 for 1.0, uint32 for
 * 2.0 and 3.0), the header padded with spaces and a newline to a multiple
 * of 64 bytes, then `data`. `headerLength` overrides the length field.
 */
export function npyFile(dict: string, data: Uint8Array, options: { version?: 1 | 2 | 3; headerLength?: number } = {}): Uint8Array {
  const version = options.version ?? 1;
  const prefix = version === 1 ? 10 : 12;
  let header = dict;
  while ((prefix + header.length + 1) % 64 !== 0) header += ' ';
  header += '\n';
  const text = new TextEncoder().encode(header);
  const out = new Uint8Array(prefix + text.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  const length = options.headerLength ?? text.length;
  if (version === 1) view.setUint16(8, length, true);
  else view.setUint32(8, length, true);
  out.set(text, prefix);
  out.set(data, prefix + text.length);
  return out;
}

/** Reads a .npy file the way the spec describes it (for checking what the library writes). */
export function parseNpyFile(bytes: Uint8Array): { version: number; header: string; dataOffset: number } {
  const magic = String.fromCharCode(...bytes.subarray(1, 6));
  if (bytes[0] !== 0x93 || magic !== 'NUMPY') throw new Error('not a .npy file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = bytes[6];
  const prefix = version === 1 ? 10 : 12;
  const length = version === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const header = new TextDecoder().decode(bytes.subarray(prefix, prefix + length));
  return { version, header, dataOffset: prefix + length };
}

/** One tensor of a safetensors fixture. */
export interface SafetensorsTensor {
  dtype: string;
  shape: number[];
  bytes: Uint8Array;
}

/**
 * A safetensors file holding `tensors`, their data laid out in `order`
 * (names; default: as given), header padded with spaces to 8 bytes.
 * `edit` may change the header object before it is written.
 */
export function safetensorsFile(
  tensors: Record<string, SafetensorsTensor>,
  options: { order?: string[]; metadata?: Record<string, string>; edit?: (header: Record<string, unknown>) => void } = {},
): Uint8Array {
  const order = options.order ?? Object.keys(tensors);
  const header: Record<string, unknown> = {};
  if (options.metadata) header.__metadata__ = options.metadata;
  const offsets = new Map<string, [number, number]>();
  let offset = 0;
  for (const name of order) {
    offsets.set(name, [offset, offset + tensors[name].bytes.length]);
    offset += tensors[name].bytes.length;
  }
  for (const [name, t] of Object.entries(tensors)) {
    Object.defineProperty(header, name, { value: { dtype: t.dtype, shape: t.shape, data_offsets: offsets.get(name) }, enumerable: true, writable: true, configurable: true });
  }
  options.edit?.(header);
  let json = JSON.stringify(header);
  while (json.length % 8) json += ' ';
  const text = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + text.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
  out.set(text, 8);
  let at = 8 + text.length;
  for (const name of order) {
    out.set(tensors[name].bytes, at);
    at += tensors[name].bytes.length;
  }
  return out;
}

/** Reads a safetensors file's header the way the spec describes it (for checking what the library writes). */
export function parseSafetensorsFile(bytes: Uint8Array): { header: Record<string, any>; data: Uint8Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = Number(view.getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)));
  return { header, data: bytes.subarray(8 + length) };
}

/** Random values of a stored kind and the numbers a float32/int32 tensor must hold for them. */
export function storedValues(rng: Random, kind: Kind, count: number): { stored: (number | bigint)[]; expected: number[] } {
  const stored: (number | bigint)[] = [];
  const expected: number[] = [];
  for (let i = 0; i < count; i++) {
    if (kind === 'f2' || kind === 'bf16') {
      // Any bit pattern but NaN (exponent all ones, fraction not zero): subnormals, zeros and infinities included.
      let bits = Math.floor(rng() * 65536);
      if ((bits & 0x7c00) === 0x7c00 && (bits & 0x3ff) !== 0 && kind === 'f2') bits &= 0xfc00;
      if ((bits & 0x7f80) === 0x7f80 && (bits & 0x7f) !== 0 && kind === 'bf16') bits &= 0xff80;
      stored.push(bits);
      expected.push(kind === 'f2' ? halfValue(bits) : bfloat16Value(bits));
    } else if (kind === 'f4' || kind === 'f8') {
      const v = (rng() * 2 - 1) * 10 ** Math.floor(rng() * 6 - 3);
      stored.push(v);
      expected.push(Math.fround(v));
    } else {
      const edges = [0, -1, 2147483647, -2147483648];
      const v = rng() < 0.2 ? edges[Math.floor(rng() * 4)] : Math.floor((rng() * 2 - 1) * 2 ** 31);
      stored.push(kind === 'i8' ? BigInt(v) : v);
      expected.push(v);
    }
  }
  return { stored, expected };
}

/** A safetensors file holding only `json` as its header (whatever it is) and no data. */
export function safetensorsWithHeader(json: string): Uint8Array {
  const text = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + text.length);
  new DataView(out.buffer).setUint32(0, text.length, true);
  out.set(text, 8);
  return out;
}

/** The bytes of `a`, then those of `b`. */
export function joined(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** For each stored position of a Fortran-order file, the C-order index of the element stored there. */
export function fortranPositions(shape: readonly number[]): number[] {
  const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
  const n = size(shape);
  return Array.from({ length: n }, (_, stored) => {
    let rest = stored;
    let c = 0;
    shape.forEach((extent, axis) => {
      c += (rest % extent) * size(shape.slice(axis + 1));
      rest = Math.floor(rest / extent);
    });
    return c;
  });
}
