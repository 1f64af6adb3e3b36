/** Assertions shared by the case files: a tensor's shape and values, and an error thrown without leaking GPU memory. */
import { expectThrows } from './expect-error.js';
import { memory, type Tensor } from '../../src/index.js';
import { assert, assertAllClose, assertShape, type Tolerance } from './close.js';

/** Reads `t`, disposes it, and compares it with the expected shape and values. */
export async function expectTensor(t: Tensor, expected: { data: ArrayLike<number>; shape: readonly number[] }, label: string, tol: Tolerance = {}): Promise<void> {
  try {
    assertShape(t.shape, expected.shape, label);
    assertAllClose(await t.data(), expected.data, label, tol);
  } finally {
    t.dispose();
  }
}

/** Like {@link expectThrows}, and the live GPU memory must be as it was: a failed call leaks nothing. */
export function expectThrowsWithoutLeak(run: () => unknown, type: ErrorConstructor, text: string): void {
  const before = memory();
  expectThrows(run, type, [text], text);
  const after = memory();
  assert(after.numTensors === before.numTensors && after.numBytes === before.numBytes, `"${text}": a failed call leaked GPU memory`);
}
