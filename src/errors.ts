/**
 * Errors the library throws besides the built-in `RangeError` and `TypeError`
 * it uses for bad arguments.
 */

/**
 * No WebGPU adapter or device could be had. The message says what to install.
 *
 * @example
 * ```ts
 * try { await getDevice(); } catch (e) { if (e instanceof GPUUnavailableError) showHelp(e.message); }
 * ```
 */
export class GPUUnavailableError extends Error {
  override name = 'GPUUnavailableError';
}

/**
 * The GPU device was lost (destroyed, driver reset, out of memory). Work that
 * was pending rejects with it, new work throws it; `await getDevice()`
 * acquires a new device.
 *
 * @example
 * ```ts
 * try { await t.data(); } catch (e) { if (e instanceof DeviceLostError) await getDevice(); }
 * ```
 */
export class DeviceLostError extends Error {
  override name = 'DeviceLostError';
}

/**
 * A `Tensor` (or a layer's weights) was used after `dispose()`.
 *
 * @example
 * ```ts
 * t.dispose();
 * t.data(); // throws DisposedError
 * ```
 */
export class DisposedError extends Error {
  override name = 'DisposedError';
}

/**
 * A WGSL kernel failed to compile or a pipeline failed to build; the message
 * carries the compiler's messages with line numbers.
 *
 * @example
 * ```ts
 * try { await getDevice(); } catch (e) { if (e instanceof ShaderCompilationError) console.error(e.message); }
 * ```
 */
export class ShaderCompilationError extends Error {
  override name = 'ShaderCompilationError';
}

/**
 * Indices that lived on the GPU (an int32 `Tensor`) held values outside the
 * valid range. Their rows were written as zeros and the table was never read
 * out of bounds; the first read (`data()`/`array()`) of the result, or of
 * anything computed from it, rejects with this error. Pass
 * `{ outOfRange: 'zero' }` to the op to accept zero rows instead.
 *
 * @example
 * ```ts
 * const rows = gather(table, tensor(new Int32Array([0, 12])));
 * await rows.data(); // IndexOutOfRangeError: gather: ... received 12 at [1] ...
 * ```
 */
export class IndexOutOfRangeError extends RangeError {
  override name = 'IndexOutOfRangeError';
  constructor(
    message: string,
    /** The op that met the indices. */
    readonly op: string,
    /** The first bad index (lowest position). */
    readonly index: number,
    /** Its position in the index tensor, e.g. `[1, 0]`. */
    readonly position: string,
    /** How many indices were out of range. */
    readonly count: number,
  ) {
    super(message);
  }
}

/**
 * The GPU could not allocate a buffer: larger than the device allows in one
 * buffer or binding, or the device is out of memory. `requestedBytes` and
 * `limitBytes` say by how much.
 *
 * @example
 * ```ts
 * try { await huge.data(); } catch (e) { if (e instanceof AllocationError) console.log(e.requestedBytes, e.limitBytes); }
 * ```
 */
export class AllocationError extends RangeError {
  override name = 'AllocationError';
  constructor(
    message: string,
    readonly requestedBytes: number,
    readonly limitBytes: number,
  ) {
    super(message);
  }
}

/**
 * `fit` or `evaluate` was called on a model that was not compiled: call
 * `model.compile({ optimizer, loss })` first.
 *
 * @example
 * ```ts
 * try { await model.fit(x, y); } catch (e) { if (e instanceof NotCompiledError) model.compile({ optimizer: 'adam', loss: 'mse' }); }
 * ```
 */
export class NotCompiledError extends Error {
  override name = 'NotCompiledError';
}

/**
 * A file (or bytes, or an object standing for one) is not what its format
 * says, or does not fit what it is loaded into: a model.json, a weights
 * shard, a `.npy`, a `.safetensors` or a word-vector file. `file` names the
 * file, `field` the part that is wrong (e.g. `header.shape`,
 * `weightsManifest[0].weights[1].shape`) and `value` the value found there.
 * Nothing was loaded: no tensor was made and no weight was changed.
 *
 * @example
 * ```ts
 * try { loadNpy(bytes, { name: 'table.npy' }); } catch (e) { if (e instanceof FormatError) console.log(e.file, e.field, e.value); }
 * ```
 */
export class FormatError extends Error {
  override name = 'FormatError';
  constructor(
    message: string,
    /** The file, as the caller named it (a path, a URL, or e.g. `npy bytes` when there is no name). */
    readonly file: string,
    /** Where in the file, e.g. `header.descr` or `weightsManifest[0].paths[1]`. */
    readonly field: string,
    /** The value found there, as the message prints it. */
    readonly value: string,
  ) {
    super(message);
  }
}
