/**
 * What tensors stand on: a storage is the GPU buffers one tensor and its
 * views share (one buffer, or several holding consecutive row ranges), with
 * the checks its reads must make and, when known, its values on the host.
 */
import { recycle } from '../gpu/buffer-pool.js';
import type { ScopeCheck, IndexStatus } from './checks.js';
import type { Tensor } from './tensor.js';

/** @internal One GPU buffer of a storage and the byte range of the tensor it holds. */
export interface Shard {
  buffer: GPUBuffer;
  byteOffset: number;
  byteLength: number;
}

/** @internal Where a new tensor's values came from: what its reads must check. */
export interface Lineage {
  /** Tensors the values were computed from; their pending checks carry over. */
  inputs?: readonly Tensor[];
  /** The out-of-range report of the op that made it. */
  status?: IndexStatus;
  /**
   * The values, when the library made them on the host (a small upload it
   * never writes in place, a lookup answered from a host copy of a table):
   * reads return them without a GPU round trip. Row-major, the tensor's own.
   */
  host?: Float32Array | Int32Array;
  /** A bound the values are known to lie under (see `Storage.indicesBelow`). */
  indicesBelow?: number | null;
}

/** @internal GPU buffers shared by a tensor and its views; released (pooled or destroyed) with their last user. */
export class Storage {
  users = 0;
  /**
   * Called once each just before the buffers are released (see
   * `Tensor.beforeRelease`): an unread out-of-range report over an index
   * tensor takes the one value it may still need from it.
   */
  readonly beforeRelease = new Set<() => void>();
  /**
   * Every element is known to be an integer in `[0, indicesBelow)`, or null
   * when that is not known: found by the library on the host at upload or
   * by a check pass, kept by copies, dropped by any other write. A lookup
   * with a larger range need not report out-of-range indices.
   */
  indicesBelow: number | null = null;
  constructor(
    readonly device: GPUDevice,
    readonly shards: readonly Shard[],
    readonly byteLength: number,
    readonly statuses: readonly IndexStatus[],
    /** Error-scope verdicts of the buffers' creation and of the work that wrote them (appended by ops). */
    readonly checks: ScopeCheck[],
    /** The values on the host, when known (see `Lineage.host`); dropped when work writes the buffers. */
    public host: Float32Array | Int32Array | null = null,
  ) {
    for (const status of statuses) status.retain();
  }

  destroy(): void {
    for (const callback of this.beforeRelease) callback();
    this.beforeRelease.clear();
    for (const shard of this.shards) recycle(this.device, shard.buffer);
    for (const status of this.statuses) status.release();
  }
}
