/**
 * Switches for testing the library itself.
 */

/**
 * Debug switches.
 * - `poisonOutputs`: fill every new op output with the bit pattern
 *   0xFFFFFFFF (NaN as float32, -1 as int32) before the kernel runs, so an
 *   element a kernel fails to write shows up instead of reading as the zero
 *   WebGPU initialises buffers with.
 * - `maxBufferBytes`: pretend one GPU buffer holds at most this many bytes
 *   (0: the device's real limit), so tests can split small tables into
 *   several buffers the way a table above the device limit is split.
 *
 * @example
 * ```ts
 * debug.poisonOutputs = true;  // in a test's setup
 * debug.maxBufferBytes = 256;  // tables over 256 bytes are split by rows
 * ```
 */
export const debug = { poisonOutputs: false, maxBufferBytes: 0 };
