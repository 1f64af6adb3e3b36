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
import { recycle } from '../gpu/buffer-pool.js';
import { createStorageBuffer, readRanges } from '../gpu/buffers.js';
import { positionOf } from '../validate/position.js';
import type { Tensor } from './tensor.js';

/** @internal The status words a kernel starts from: no bad index, first position "none". */
export const CLEAN = new Uint32Array([0, 0xffffffff, 0, 0]);
/** Bytes of one status buffer. */
export const STATUS_BYTES = CLEAN.byteLength;

/**
 * The out-of-range report of one op over a GPU-resident index tensor. Shared
 * (reference-counted) by the op's result and everything computed from it.
 *
 * The kernel counts bad indices and keeps the lowest bad position; the bad
 * value itself is fetched only when a read finds one, from the index tensor.
 * Should the index tensor be released before the report is read, `capture`
 * first has the GPU copy that value into the status (`index-status.wgsl`).
 * So a call whose indices are all in range, the usual case, costs no
 * dispatch beyond the op's own.
 */
export class IndexStatus {
  readonly buffer: GPUBuffer;
  /** Shape of the index tensor, to print positions. */
  readonly shape: readonly number[];
  readonly #device: GPUDevice;
  readonly #indices: GPUBuffer;
  #users = 0;
  #words: Uint32Array | null = null;
  #settling: Promise<void> | null = null;
  /** Cancels the capture while the index tensor is alive and the bad value unknown; null after. */
  #detach: (() => void) | null;
  /** The verdict of the capture dispatch, once the index tensor went first (null until then). */
  #captured: Promise<Error | null> | null = null;

  /**
   * `capture(indices, status)` submits the dispatch that copies the bad
   * value into the status; it runs at most once, just before `indices` is
   * released if the report is still unread then.
   */
  constructor(
    readonly op: string,
    indices: Tensor<'int32'>,
    /** Valid indices are `[0, upper)`. */
    readonly upper: number,
    capture: (indices: GPUBuffer, status: GPUBuffer) => Promise<Error | null>,
  ) {
    this.#device = indices.device;
    this.#indices = indices.buffer;
    this.shape = indices.shape;
    // Pooled like any storage buffer: a report per call must not cost a buffer creation. A refused one fails
    // the op's dispatch that binds it, whose verdict the result carries.
    this.buffer = createStorageBuffer(this.#device, `${op}.index-status`, STATUS_BYTES, CLEAN).buffer;
    this.#detach = indices.beforeRelease(() => {
      this.#detach = null;
      // Runs inside a dispose, which must not throw: a capture that could not even be submitted is its verdict.
      try {
        this.#captured = capture(this.#indices, this.buffer);
      } catch (error) {
        this.#captured = Promise.resolve(error as Error);
      }
    });
  }

  /** True once a read found no bad index: the check can be dropped. */
  get clean(): boolean {
    return this.#words !== null && this.#words[0] === 0;
  }

  /** True until a read has settled the status. */
  get pending(): boolean {
    return this.#words === null;
  }

  /** Settles the status from the words a read copied from `buffer`, fetching the bad value if there is one. */
  settle(words: Uint32Array): Promise<void> {
    this.#settling ??= this.#settleFrom(words).catch((error: unknown) => {
      // A failed fetch (e.g. a lost device) leaves the status pending for the next read to retry.
      this.#settling = null;
      throw error;
    });
    return this.#settling;
  }

  async #settleFrom(words: Uint32Array): Promise<void> {
    // The capture wrote this status: like any work behind a read, its failure fails the read.
    const failed = await this.#captured;
    if (failed) throw failed;
    const [count, first] = words;
    const size = this.shape.reduce((a, b) => a * b, 1);
    const settled = words.slice();
    if (count > 0 && first < size) settled[2] = await this.#badValue(first);
    this.#words = settled;
    this.#forget();
  }

  /** The index at `first`: from the index tensor while it lives, else from the status the capture filled. */
  async #badValue(first: number): Promise<number> {
    const range = this.#detach ? { buffer: this.#indices, offset: first * 4, byteLength: 4 } : { buffer: this.buffer, offset: 8, byteLength: 4 };
    const [bytes] = await readRanges(this.#device, [range]);
    return new Uint32Array(bytes)[0];
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
    if (--this.#users === 0) this.#free();
  }

  /** Frees a status no result took (the op failed before making one). */
  discard(): void {
    if (this.#users === 0) this.#free();
  }

  /** Stops watching the index tensor: the bad value is known, or nobody will read the report. */
  #forget(): void {
    this.#detach?.();
    this.#detach = null;
  }

  #free(): void {
    this.#forget();
    // Queued work that binds the buffer still runs first: a reuse is ordered after it.
    recycle(this.#device, this.buffer);
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
