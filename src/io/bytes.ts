/**
 * Bytes in and out: every reader takes an ArrayBuffer or any view of one
 * (a Node `Buffer` included, which may sit at an offset in a shared pool).
 */
import { formatValue } from '../validate/position.js';

/** What byte-reading functions accept. */
export type Bytes = ArrayBuffer | ArrayBufferView;

/**
 * A `Uint8Array` over exactly the bytes given (no copy); a TypeError for
 * anything that is not bytes.
 *
 * @example
 * ```ts
 * asBytes(readFileSync('table.npy')); // a view of the Buffer's own bytes
 * ```
 */
export function asBytes(bytes: Bytes, what: string): Uint8Array {
  if (bytes instanceof Uint8Array) return bytes;
  if (ArrayBuffer.isView(bytes)) return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const buffer = bytes as unknown;
  if (buffer instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && buffer instanceof SharedArrayBuffer)) return new Uint8Array(buffer);
  throw new TypeError(`${what}: expected bytes (an ArrayBuffer, Uint8Array or Buffer), received ${formatValue(bytes)}.`);
}

/**
 * The bytes of several parts, one after the other, in one new array.
 *
 * @example
 * ```ts
 * concatBytes([header, data]).byteLength; // header.byteLength + data.byteLength
 * ```
 */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}
