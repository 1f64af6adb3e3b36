/**
 * The float32 storage of a weight: one GPU tensor (split over several
 * buffers when larger than one may be), optionally with a host copy that
 * survives device loss and answers small lookups (host-mirror.ts). The
 * compact float16 and int8 storages are in compact.ts.
 */
import { DeviceLostError } from '../errors.js';
import { gatherAs } from '../ops/gather.js';
import { tensor } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';
import type { OutOfRange } from '../validate/indices.js';
import { cloneTensor } from '../tensor/copy.js';
import { HostMirror } from './host-mirror.js';
import type { WeightStorage } from './weight.js';

/**
 * @internal The weight on the GPU, split by rows across several buffers when
 * it is larger than one buffer may be. After a device loss the values are
 * gone: `value()` throws a `DeviceLostError` until `write()` restores them on
 * the new device, unless a host copy is kept (`keepHostCopy`), from which
 * `value()` restores them itself.
 *
 * @example
 * ```ts
 * const storage = new GpuWeightStorage('my_embedding/embeddings', [10, 4], new Float32Array(40), true);
 * ```
 */
export class GpuWeightStorage implements WeightStorage {
  readonly dtype = 'float32';
  #tensor: Tensor<'float32'>;
  #disposed = false;
  /** The values as last written, when kept; null while a GPU-to-host refresh is pending (then it cannot restore). */
  #host: Float32Array | null;
  #keepHost: boolean;
  #refresh = 0;
  /** Values to restore once after a device loss (a training checkpoint) when no host copy is kept. */
  #restore: Float32Array | null = null;
  /**
   * With keepHostCopy: the values small lookups read instead of the GPU,
   * while known current. Unlike `#host` (a restore point, which a checkpoint
   * may set while training goes on), every in-place change drops it.
   */
  #mirror: HostMirror | null;

  /** Uploads `initial` (host values) or adopts `initial` (a tensor the storage then owns). */
  constructor(readonly label: string, readonly shape: readonly number[], initial: Float32Array | Tensor<'float32'>, keepHostCopy = false) {
    this.#keepHost = keepHostCopy;
    this.#mirror = keepHostCopy ? new HostMirror([shape[0], shape[1]], label) : null;
    if (initial instanceof Tensor) {
      this.#tensor = initial;
      this.#host = null;
      this.#refreshHost();
    } else {
      this.#tensor = tensor(initial, shape, 'float32');
      this.#host = keepHostCopy ? initial.slice() : null;
      if (this.#host) this.#mirror?.set(this.#host);
    }
  }

  value(): Tensor<'float32'> {
    if (this.#tensor.deviceLost) {
      const saved = this.#host ?? this.#restore;
      if (!saved) {
        throw new DeviceLostError(
          `Weight '${this.label}' was on a GPU device that was lost, so its values are gone: after await getDevice(), ` +
            'restore them with setWeights(...), or build the layer with keepHostCopy: true to have them restored from a host copy.',
        );
      }
      this.#replace(tensor(saved, this.shape, 'float32'));
      if (this.#keepHost) this.#mirror?.set(saved);
      this.#restore = null;
    }
    return this.#tensor;
  }

  gather(indices: Tensor<'int32'>, op: string, outOfRange: OutOfRange): Tensor<'float32'> {
    return gatherAs(op, this.value(), indices, { outOfRange });
  }

  hostGather(indices: Tensor<'int32'>, outOfRange: OutOfRange): Tensor<'float32'> | null {
    if (!this.#mirror) return null;
    // First, as the GPU path does: after a device loss this restores the table (or throws that it cannot).
    const table = this.value();
    // Stale (after training): read the values back for the lookups after this one.
    if (!this.#mirror.current) this.#mirror.refresh(table);
    return this.#mirror.rows(indices, outOfRange);
  }

  changing(): void {
    this.#mirror?.changing();
  }

  snapshot(): Tensor<'float32'> {
    return cloneTensor(this.value(), `${this.label}.copy`);
  }

  write(values: Float32Array | Tensor<'float32'>): void {
    this.changing();
    this.#restore = null;
    // Always into new buffers (on the current device, so this also restores after a loss): the old ones go once
    // the work already queued on them is done, and values copied from a tensor bring its pending checks along.
    if (values instanceof Tensor) {
      this.#replace(cloneTensor(values, this.label));
      this.#refreshHost();
    } else {
      this.#replace(tensor(values, this.shape, 'float32'));
      if (this.#keepHost) this.#mirror?.set((this.#host = values.slice()));
    }
  }

  checkpoint(values: Float32Array | null): void {
    if (this.#keepHost && values) {
      // Newer than any refresh still in flight.
      this.#refresh++;
      this.#host = values;
    } else this.#restore = values;
  }

  /** After a write from a GPU tensor, fetches the new values for the host copy; until then there is none. */
  #refreshHost(): void {
    if (!this.#keepHost) return;
    this.#host = null;
    const ticket = ++this.#refresh;
    const read = this.#tensor.data();
    read.then(
      (data) => {
        if (ticket === this.#refresh) this.#host = data;
      },
      () => undefined,
    );
    void this.#mirror?.follow(read);
  }

  #replace(next: Tensor<'float32'>): void {
    this.#tensor.dispose();
    this.#tensor = next;
  }

  dispose(): void {
    this.#disposed = true;
    this.#refresh++;
    this.changing();
    this.#tensor.dispose();
  }

  get isDisposed(): boolean {
    return this.#disposed;
  }
}
