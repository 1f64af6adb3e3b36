/**
 * Switches for testing the library itself.
 */

/** Debug switches (see {@link debug}). */
export interface DebugSwitches {
  /**
   * Fill every new op output with the bit pattern 0xFFFFFFFF (NaN as
   * float32, -1 as int32) before the kernel runs, so an element a kernel
   * fails to write shows up instead of reading as the zero WebGPU
   * initialises buffers with.
   */
  poisonOutputs: boolean;
  /**
   * @internal Pretend one GPU buffer holds at most this many bytes (0: the
   * device's real limit), so tests can split small tables into several
   * buffers the way a table above the device limit is split.
   */
  maxBufferBytes: number;
}

/**
 * Debug switches for testing: `poisonOutputs` fills every new op output
 * with NaN (float32) / -1 (int32) before its kernel runs, so an element a
 * kernel fails to write shows up.
 *
 * @example
 * ```ts
 * debug.poisonOutputs = true;  // in a test's setup
 * ```
 */
export const debug: DebugSwitches = { poisonOutputs: false, maxBufferBytes: 0 };
