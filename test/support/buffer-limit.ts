/** Runs test code with a lowered per-buffer limit, so small tables split the way huge ones do. */
import { debug } from '../../src/index.js';

/** Runs `fn` with GPU buffers limited to `bytes` (0: the device's own limit), restoring the previous limit after. */
export async function withBufferLimit<T>(bytes: number, fn: () => Promise<T>): Promise<T> {
  const saved = debug.maxBufferBytes;
  debug.maxBufferBytes = bytes;
  try {
    return await fn();
  } finally {
    debug.maxBufferBytes = saved;
  }
}
