/**
 * What the four optimizer kernels (shaders/sgd, adam, adagrad, rmsprop.wgsl)
 * share on the host: each comes as a dense and a row variant (the `ROWS`
 * override), and each Params block starts with the same four words (the
 * invocations and where a shard's rows lie), then the rule's float32
 * hyperparameters, then its u32 switches.
 */
import elementCode from '../../shaders/optimizer-step-element.wgsl?raw';
import { defineKernel, type Kernel } from '../gpu/pipelines.js';

/** What a subclass's rule sees of one weight buffer in one dispatch. */
export interface StepBuffers {
  weight: GPUBuffer;
  slots: GPUBuffer[];
  grad: GPUBuffer;
  rowIds: GPUBuffer;
}

/** The range of one dispatch: element count, and for rows the row length and the shard's rows. */
export interface StepRange {
  count: number;
  dim: number;
  rowStart: number;
  shardRows: number;
}

/**
 * @internal The kernel of one rule's step over whole weight buffers (`rows`
 * false) or over unique rows of a table (`rows` true): the rule's WGSL after
 * the element addressing all four share (optimizer-step-element.wgsl).
 *
 * @example
 * ```ts
 * const kernel = stepKernels('adam', adamCode);
 * kernel(true).name; // 'adam-rows'
 * ```
 */
export function stepKernels(name: string, code: string): (rows: boolean) => Kernel {
  const [dense, rows] = [false, true].map((r) => defineKernel({ name: r ? `${name}-rows` : name, code: `${elementCode}\n${code}`, constants: { ROWS: r ? 1 : 0 } }));
  return (r) => (r ? rows : dense);
}

/**
 * @internal A step's Params: `[count, dim, rowStart, shardRows]`, then
 * `floats` as float32, then `switches` as u32, in the shader's order.
 *
 * @example
 * ```ts
 * stepParams(range, [learningRate, momentum], [mode]); // SGD: 4 + 2 + 1 words
 * ```
 */
export function stepParams(range: StepRange, floats: readonly number[], switches: readonly number[] = []): Uint32Array<ArrayBuffer> {
  const params = new Uint32Array(4 + floats.length + switches.length);
  params.set([range.count, range.dim, range.rowStart, range.shardRows]);
  new Float32Array(params.buffer, 16, floats.length).set(floats);
  params.set(switches, 4 + floats.length);
  return params;
}
