/** Checks that code fails with the documented error type and a message naming what it should. */

type ErrorClass = abstract new (...args: never[]) => Error;

function check(error: unknown, type: ErrorClass, parts: readonly string[], label: string): Error {
  if (!(error instanceof type)) {
    throw new Error(`${label}: expected ${type.name}, received ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  }
  for (const part of parts) {
    if (!error.message.includes(part)) throw new Error(`${label}: message "${error.message}" does not mention "${part}"`);
  }
  return error;
}

/** Throws unless `fn` throws a `type` whose message contains every one of `parts`; returns the error. */
export function expectThrows(fn: () => unknown, type: ErrorClass, parts: readonly string[], label: string): Error {
  try {
    fn();
  } catch (error) {
    return check(error, type, parts, label);
  }
  throw new Error(`${label}: expected ${type.name}, but nothing was thrown`);
}

/** Throws unless `promise` rejects with a `type` whose message contains every one of `parts`; returns the error. */
export async function expectRejects(promise: Promise<unknown>, type: ErrorClass, parts: readonly string[], label: string): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return check(error, type, parts, label);
  }
  throw new Error(`${label}: expected ${type.name}, but it resolved`);
}
