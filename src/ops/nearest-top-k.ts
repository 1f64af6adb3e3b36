/**
 * nearestNeighbors, pass 2: chunked top-k in workgroup memory, repeated until
 * one chunk per query is left, whose best k are the answer.
 */
import nearestTopKCode from '../../shaders/nearest-top-k.wgsl?raw';
import { createStorageBuffer } from '../gpu/buffers.js';
import { dispatch } from '../gpu/dispatch.js';
import { defineKernel } from '../gpu/pipelines.js';
import { placeholderBuffer } from '../gpu/placeholder.js';

/** Candidates one workgroup sorts (the kernel's CHUNK), by WG invocations. */
const CHUNK = 1024;
const kernel = defineKernel({ name: 'nearest-top-k', code: nearestTopKCode, constants: { CHUNK, WG: 256 } });

/** The largest k this pass handles: each pass must at least halve the candidates. */
export const MAX_CHUNKED_K = CHUNK / 2;

/** The answer's buffers and where a batch of queries goes in them. */
export interface SelectBatch {
  /** Pass 1's keys `[count, rows]`. */
  keys: GPUBuffer;
  rows: number;
  k: number;
  count: number;
  firstQuery: number;
  euclidean: boolean;
  /** Outputs `[numQueries, k]`: float32 scores, int32 row indices. */
  scores: GPUBuffer;
  indices: GPUBuffer;
}

/**
 * Selects the best k rows of each query in a batch (k <= MAX_CHUNKED_K).
 * Resolves with the first error the device raised for these passes, or null.
 *
 * @example
 * ```ts
 * selectChunked(device, { keys, rows: 1_000_000, k: 10, count: 16, firstQuery: 0, euclidean: false, scores, indices });
 * ```
 */
export function selectChunked(device: GPUDevice, batch: SelectBatch): Promise<Error | null> {
  const { k, count } = batch;
  let candidates = batch.rows;
  let inKeys = batch.keys;
  let inIndices = placeholderBuffer(device);
  const temporary: GPUBuffer[] = [];
  const failures: Promise<Error | null>[] = [];
  for (let pass = 0; ; pass++) {
    const chunks = Math.ceil(candidates / CHUNK);
    const final = chunks === 1;
    let outKeys = batch.scores;
    let outIndices = batch.indices;
    if (!final) {
      const bytes = count * chunks * k * 4;
      outKeys = createStorageBuffer(device, `nearest-top-k keys ${pass}`, bytes).buffer;
      outIndices = createStorageBuffer(device, `nearest-top-k indices ${pass}`, bytes).buffer;
      temporary.push(outKeys, outIndices);
    }
    failures.push(dispatch(device, kernel, {
      buffers: [inKeys, inIndices, outKeys, outIndices],
      params: new Uint32Array([candidates, chunks, k, count * chunks, pass === 0 ? 1 : 0, final ? 1 : 0, batch.euclidean ? 1 : 0, batch.firstQuery]),
      workgroups: count * chunks,
    }));
    if (final) break;
    candidates = chunks * k;
    inKeys = outKeys;
    inIndices = outIndices;
  }
  // Safe once submitted: the buffers are freed when the queued passes are done.
  for (const buffer of temporary) buffer.destroy();
  return firstFailure(failures);
}

/**
 * The first error among several dispatches' verdicts, or null.
 *
 * @example
 * ```ts
 * out.watch(firstFailure([dispatch(...), dispatch(...)]));
 * ```
 */
export async function firstFailure(failures: readonly Promise<Error | null>[]): Promise<Error | null> {
  return (await Promise.all(failures)).find((error) => error !== null) ?? null;
}
