/**
 * Switches for testing the library itself.
 */

/**
 * Debug switches. `poisonOutputs`: fill every new op output with the bit
 * pattern 0xFFFFFFFF (NaN as float32, -1 as int32) before the kernel runs,
 * so an element a kernel fails to write shows up instead of reading as the
 * zero WebGPU initialises buffers with.
 *
 * @example
 * ```ts
 * debug.poisonOutputs = true; // in a test's setup
 * ```
 */
export const debug = { poisonOutputs: false };
