/**
 * A host copy of a weight that is known to equal its GPU values, for small
 * lookups answered without a GPU round trip (`keepHostCopy`). Every change
 * of the GPU values bumps a version; values read back from the GPU become
 * the mirror only if the version is still the one their read started at
 * (the queue runs the read's copy after every change submitted before it).
 */
import * as cpu from '../cpu/index.js';
import { HOST_VALUES_MAX, hostTensor } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import type { OutOfRange } from '../validate/indices.js';

/**
 * @internal The mirror of one weight `[rows, dim]`.
 *
 * @example
 * ```ts
 * const mirror = new HostMirror([10, 4], 'e/embeddings');
 * mirror.set(values);                                  // after an upload of `values`
 * mirror.changing();                                   // before an in-place GPU update
 * mirror.rows(ids, 'throw') ?? gatherOnGpu(ids);       // null: no current copy (or not a small lookup)
 * ```
 */
export class HostMirror {
  #values: Float32Array | null = null;
  #version = 0;
  /** The version a read in flight started at (null: none in flight). */
  #reading: number | null = null;

  constructor(readonly shape: readonly [number, number], readonly label: string) {}

  /** The GPU now holds `values` (just uploaded, or restored from them). */
  set(values: Float32Array): void {
    this.#version++;
    this.#values = values;
  }

  /** The GPU values are about to change (a write, an optimizer step): the copy is stale from here. */
  changing(): void {
    this.#version++;
    this.#values = null;
  }

  /**
   * Reads `source` (the weight's GPU tensor) for the mirror unless a read is
   * in flight; its values are kept only if nothing changed in between.
   */
  refresh(source: Tensor<'float32'>): void {
    if (this.#reading !== null || source.deviceLost) return;
    const version = (this.#reading = this.#version);
    this.follow(source.data()).finally(() => {
      if (this.#reading === version) this.#reading = null;
    });
  }

  /** Keeps what `read` (of the GPU values, queued just now) returns, unless they change before it arrives. */
  follow(read: Promise<Float32Array>): Promise<void> {
    const version = this.#version;
    return read.then(
      (data) => {
        if (version === this.#version) this.#values = data;
      },
      () => undefined,
    );
  }

  /**
   * The rows of host-known `indices` from the copy, as a new tensor that also
   * keeps them on the host, when the copy is current and the result has at
   * most `HOST_VALUES_MAX` values; null otherwise, and for an index out of
   * range under `'throw'` (the GPU path reports it).
   */
  rows(indices: Tensor<'int32'>, outOfRange: OutOfRange): Tensor<'float32'> | null {
    const values = this.#values;
    const ids = indices.hostValues;
    const [rows, dim] = this.shape;
    if (!values || !ids || ids.length * dim > HOST_VALUES_MAX) return null;
    if (outOfRange === 'throw' && ids.some((i) => i < 0 || i >= rows)) return null;
    const picked = cpu.gather({ data: values, shape: [rows, dim] }, ids, { shape: indices.shape, outOfRange: 'zero' });
    return hostTensor(picked.data as Float32Array, picked.shape, 'float32', { label: `${this.label} rows`, adopt: true });
  }

  /** True while the copy is known to equal the GPU values. */
  get current(): boolean {
    return this.#values !== null;
  }
}
