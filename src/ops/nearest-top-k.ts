/**
 * nearestNeighbors, pass 2: chunked top-k in workgroup memory, repeated until
 * one chunk per query is left, whose best k are the answer.
 */
import nearestTopKCode from '../../shaders/nearest-top-k.wgsl?raw';
import sortKeyCode from '../../shaders/sort-key.wgsl?raw';
import { defineKernel } from '../gpu/pipelines.js';
import type { OpMaker, Step } from './run-op.js';

/** Candidates one workgroup sorts (the kernel's CHUNK), by WG invocations. */
const CHUNK = 1024;
const kernel = defineKernel({ name: 'nearest-top-k', code: `${nearestTopKCode}\n${sortKeyCode}`, constants: { CHUNK, WG: 256 } });

/** The largest k this pass handles: each pass must at least halve the candidates. */
export const MAX_CHUNKED_K = CHUNK / 2;

/** The answer's buffers and where a batch of queries goes in them. */
export interface SelectBatch {
  /** Pass 1's sort keys `[count, rows]`. */
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

/** The candidates a pass before the last one keeps: `chunks` per query, k of each, and their buffers. */
export interface ChunkLevel {
  chunks: number;
  keys: GPUBuffer;
  indices: GPUBuffer;
}

/**
 * Scratch buffers for every pass but the last of a chunked selection over
 * `rows` candidates per query, for batches of up to `batchSize` queries
 * (each pass keeps `k` of every chunk of CHUNK, until one chunk is left).
 *
 * @example
 * ```ts
 * const levels = chunkLevels(make, 1_000_000, 10, 16); // 977 chunks per query, then 10, then the answer
 * ```
 */
export function chunkLevels(make: OpMaker, rows: number, k: number, batchSize: number): ChunkLevel[] {
  const levels: ChunkLevel[] = [];
  for (let candidates = rows; candidates > CHUNK; candidates = levels[levels.length - 1].chunks * k) {
    const chunks = Math.ceil(candidates / CHUNK);
    const bytes = batchSize * chunks * k * 4;
    levels.push({ chunks, keys: make.scratch(`top-k keys ${levels.length}`, bytes), indices: make.scratch(`top-k indices ${levels.length}`, bytes) });
  }
  return levels;
}

/**
 * The dispatches that select the best k rows of each query in a batch
 * (k <= MAX_CHUNKED_K), through the scratch `levels` of {@link chunkLevels}.
 *
 * @example
 * ```ts
 * selectChunked({ keys, rows: 1_000_000, k: 10, count: 16, firstQuery: 0, euclidean: false, scores, indices }, levels);
 * ```
 */
export function selectChunked(batch: SelectBatch, levels: readonly ChunkLevel[]): Step[] {
  const { k, count } = batch;
  let candidates = batch.rows;
  let inKeys = batch.keys;
  let inIndices: GPUBuffer | null = null;
  const steps: Step[] = [];
  for (let pass = 0; pass <= levels.length; pass++) {
    const final = pass === levels.length;
    const chunks = Math.ceil(candidates / CHUNK);
    const outKeys = final ? batch.scores : levels[pass].keys;
    const outIndices = final ? batch.indices : levels[pass].indices;
    steps.push({
      kernel,
      // The first pass takes a row's position as its index and never reads its index binding: the keys fill it.
      buffers: [inKeys, inIndices ?? inKeys, outKeys, outIndices],
      params: new Uint32Array([candidates, chunks, k, count * chunks, pass === 0 ? 1 : 0, final ? 1 : 0, batch.euclidean ? 1 : 0, batch.firstQuery]),
      workgroups: count * chunks,
    });
    candidates = chunks * k;
    inKeys = outKeys;
    inIndices = outIndices;
  }
  return steps;
}
