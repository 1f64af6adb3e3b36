/**
 * What a read must verify before it trusts a tensor's bytes. A result
 * carries the checks of everything it was computed from:
 * - scope checks: the error-scope verdict of each buffer's creation and of
 *   each dispatch that wrote it;
 * - index statuses: a 16-byte buffer a kernel fills with atomics when it
 *   meets GPU-resident indices out of range (`[count, first position,
 *   value there, 0]`), read back in the same copy as the result's bytes.
 */
import { IndexOutOfRangeError } from '../errors.js';
import { positionOf } from '../validate/position.js';

/** The status words a kernel starts from: no bad index, first position "none". */
const CLEAN = new Uint32Array([0, 0xffffffff, 0, 0]);
/** Bytes of one status buffer. */
export const STATUS_BYTES = CLEAN.byteLength;

/** Creates a status buffer in its clean state. */
function statusBuffer(device: GPUDevice, label: string): GPUBuffer {
  const buffer = device.createBuffer({
    label,
    size: STATUS_BYTES,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
    mappedAtCreation: true,
  });
  new Uint32Array(buffer.getMappedRange()).set(CLEAN);
  buffer.unmap();
  return buffer;
}

/**
 * The out-of-range report of one op over a GPU-resident index tensor. Shared
 * (reference-counted) by the op's result and everything computed from it.
 */
export class IndexStatus {
  readonly buffer: GPUBuffer;
  #users = 0;
  #words: Uint32Array | null = null;

  constructor(
    device: GPUDevice,
    readonly op: string,
    /** Shape of the index tensor, to print positions. */
    readonly shape: readonly number[],
    /** Valid indices are `[0, upper)`. */
    readonly upper: number,
  ) {
    this.buffer = statusBuffer(device, `${op}.index-status`);
  }

  /** True once a read found no bad index: the check can be dropped. */
  get clean(): boolean {
    return this.#words !== null && this.#words[0] === 0;
  }

  /** True until a read has fetched the status words. */
  get pending(): boolean {
    return this.#words === null;
  }

  /** Records the words read back from `buffer`. */
  settle(words: Uint32Array): void {
    this.#words ??= words;
  }

  /** The error to reject a read with, or null when every index was in range (or the status is still pending). */
  error(): IndexOutOfRangeError | null {
    const words = this.#words;
    if (!words || words[0] === 0) return null;
    const [count, first] = words;
    const value = new Int32Array(words.buffer, words.byteOffset, 4)[2];
    const position = positionOf(first, this.shape);
    const total = this.shape.reduce((a, b) => a * b, 1);
    return new IndexOutOfRangeError(
      `${this.op}: expected integer indices in [0, ${this.upper}), received ${value} at ${position} in an index tensor ` +
        `on the GPU (${count} of ${total} out of range; their rows were written as zeros and the table was not read). ` +
        `Fix the indices, or pass { outOfRange: 'zero' } to ${this.op} to accept zero rows.`,
      this.op,
      value,
      position,
      count,
    );
  }

  retain(): void {
    this.#users++;
  }

  release(): void {
    if (--this.#users === 0) this.buffer.destroy();
  }

  /** Destroys the buffer of a status no result took (the op failed before making one). */
  discard(): void {
    if (this.#users === 0) this.buffer.destroy();
  }
}

/** The error-scope verdict of one allocation or dispatch, readable synchronously once settled. */
export class ScopeCheck {
  #settled = false;
  #error: Error | null = null;
  /** Resolves with the error the scope caught, or null. */
  readonly verdict: Promise<Error | null>;

  constructor(failure: Promise<Error | null>) {
    this.verdict = failure.then((error) => {
      this.#settled = true;
      this.#error = error;
      return error;
    });
  }

  /** False once the buffer is known good: results computed from it need not carry the check. */
  get needed(): boolean {
    return !this.#settled || this.#error !== null;
  }

  /** The error if the scope is known to have caught one. */
  get error(): Error | null {
    return this.#error;
  }
}
