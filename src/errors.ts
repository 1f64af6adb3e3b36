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
