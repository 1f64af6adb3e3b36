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
