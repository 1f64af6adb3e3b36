/**
 * Op arguments that may be a GPU tensor or host data, in two steps so that
 * every argument is checked before any GPU work: `floatInput`/`indexInput`
 * check (host data is validated and converted, tensors must be live and on
 * the op's device), then `upload` puts host data on the GPU. The op
 * disposes what it uploaded once the work is submitted.
 */
import { lossOf } from '../gpu/device.js';
import { DeviceLostError, DisposedError } from '../errors.js';
import { toIndices, type IndexData, type OutOfRange } from '../validate/indices.js';
import { formatShape, formatValue } from '../validate/position.js';
import { tensor, toHostData, type TensorLike } from './create.js';
import { rowShards } from './shards.js';
import { Tensor } from './tensor.js';

/** A checked op argument: a live tensor, or host values ready to upload. */
export interface Checked<D extends 'float32' | 'int32'> {
  shape: readonly number[];
  tensor?: Tensor<D>;
  host?: { data: Float32Array | Int32Array; shape: number[] };
}

/** An argument on the GPU, and whether the op uploaded it (and so must dispose it). */
export interface OpInput<D extends 'float32' | 'int32'> {
  tensor: Tensor<D>;
  owned: boolean;
}

/**
 * Checks that a tensor argument can be used by an op on `device`: not
 * disposed, its device not lost, and the same device.
 *
 * @example
 * ```ts
 * usable(packedTable, indices.device, "Embedding 'e'", 'the table');
 * ```
 */
export function usable(value: Tensor, device: GPUDevice, op: string, what: string): void {
  if (value.isDisposed) throw new DisposedError(`${op}: ${what} (${value.toString()}) was used after dispose().`);
  const lost = lossOf(value.device);
  if (lost) throw new DeviceLostError(`${op}: ${what} lived on a GPU device that was lost. ${lost.message}`);
  if (value.device !== device) {
    throw new TypeError(`${op}: ${what} (${value.toString()}) lives on another GPU device than the one the op runs on.`);
  }
}

/**
 * Checks a float32 argument. Ops pass `{ split: true }` for arguments they
 * read shard by shard (tables, split by rows across several buffers when
 * larger than one buffer may be).
 *
 * @example
 * ```ts
 * const table = floatInput([[1, 2]], device, 'gather', 'the table', { split: true });
 * ```
 */
export function floatInput(
  value: Tensor | TensorLike,
  device: GPUDevice,
  op: string,
  what: string,
  options: { split?: boolean } = {},
): Checked<'float32'> {
  if (value instanceof Tensor) {
    usable(value, device, op, what);
    if (value.dtype !== 'float32') throw new TypeError(`${op}: expected ${what} of dtype float32, received ${value.dtype}.`);
    if (!options.split && value.shards.length > 1) {
      throw new RangeError(
        `${op}: ${what} (${value.toString()}) is split across ${value.shards.length} GPU buffers because it is larger than one ` +
          `buffer may be on this device; ${op} needs it in one buffer (tables may be split: only the other arguments may not).`,
      );
    }
    // Split at row boundaries, or the op could not tell which rows each buffer holds.
    if (options.split) rowShards(value, op);
    return { shape: value.shape, tensor: value as Tensor<'float32'> };
  }
  if (value === null || value === undefined) throw new TypeError(`${op}: expected ${what}, received ${formatValue(value)}.`);
  const host = toHostData(value, undefined, 'float32', op);
  return { shape: host.shape, host };
}

/**
 * Checks an index argument: an int32 tensor (GPU-resident: the kernel
 * guards and reports its range) or host indices, validated against
 * `[0, upper)` unless `outOfRange` is `'zero'`.
 *
 * @example
 * ```ts
 * const idx = indexInput([[2], [0]], 3, device, 'gather', 'throw');
 * ```
 */
export function indexInput(value: Tensor | IndexData, upper: number, device: GPUDevice, op: string, outOfRange: OutOfRange): Checked<'int32'> {
  if (value instanceof Tensor) {
    usable(value, device, op, 'the indices');
    if (value.dtype !== 'int32') throw new TypeError(`${op}: expected int32 indices, received a ${value.dtype} tensor.`);
    return { shape: value.shape, tensor: value as Tensor<'int32'> };
  }
  const host = toIndices(value, { op, upper, outOfRange });
  return { shape: host.shape, host };
}

/**
 * Puts checked arguments on the GPU (host data is uploaded; tensors pass
 * through). If an upload fails, what was already uploaded is disposed.
 *
 * @example
 * ```ts
 * const [table, idx] = upload([tableIn, indexIn]);
 * ```
 */
export function upload<T extends readonly Checked<'float32' | 'int32'>[]>(inputs: T): { [K in keyof T]: OpInput<T[K] extends Checked<infer D> ? D : never> } {
  const done: OpInput<'float32' | 'int32'>[] = [];
  try {
    for (const input of inputs) {
      if (input.tensor) done.push({ tensor: input.tensor, owned: false });
      else {
        const host = input.host!;
        done.push({ tensor: tensor(host.data, host.shape, host.data instanceof Int32Array ? 'int32' : 'float32'), owned: true });
      }
    }
  } catch (error) {
    release(...done);
    throw error;
  }
  return done as never;
}

/**
 * Disposes the inputs an op uploaded itself.
 *
 * @example
 * ```ts
 * release(table, idx);
 * ```
 */
export function release(...inputs: OpInput<'float32' | 'int32'>[]): void {
  for (const input of inputs) if (input.owned) input.tensor.dispose();
}

/**
 * Throws a RangeError naming `op` unless `shape` has rank `rank`.
 *
 * @example
 * ```ts
 * expectRank(table.shape, 2, 'gather', 'a table of rank 2 [V, D]');
 * ```
 */
export function expectRank(shape: readonly number[], rank: number, op: string, what: string): void {
  if (shape.length !== rank) throw new RangeError(`${op}: expected ${what}, received shape ${formatShape(shape)}.`);
}
