/** Checks that a reader refuses a file with a FormatError naming the file, the field and the value, leaking nothing. */
import { FormatError, memory } from '../../src/index.js';
import { assert } from './close.js';

/** What the error must say: the file and field exactly, and `value` (and `text`) inside the message. */
export interface FormatExpectation {
  file: string;
  field: string;
  /** The value exactly (not checked when absent). */
  value?: string;
  text?: string;
}

function check(error: unknown, want: FormatExpectation, label: string): FormatError {
  if (!(error instanceof FormatError)) {
    throw new Error(`${label}: expected a FormatError, received ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  }
  assert(error.file === want.file, `${label}: file is "${error.file}", expected "${want.file}" (${error.message})`);
  assert(error.field === want.field, `${label}: field is "${error.field}", expected "${want.field}" (${error.message})`);
  if (want.value !== undefined) assert(error.value === want.value, `${label}: value is "${error.value}", expected "${want.value}" (${error.message})`);
  for (const part of [want.file, want.value ?? '', want.text ?? '']) {
    assert(error.message.includes(part), `${label}: message "${error.message}" does not mention "${part}"`);
  }
  return error;
}

/** Runs `load`, which must throw a FormatError as described, with the GPU memory unchanged. */
export function expectFormatError(load: () => unknown, want: FormatExpectation, label: string): FormatError {
  const before = memory();
  try {
    load();
  } catch (error) {
    const after = memory();
    assert(after.numTensors === before.numTensors && after.numBytes === before.numBytes, `${label}: a refused file left GPU memory behind`);
    return check(error, want, label);
  }
  throw new Error(`${label}: expected a FormatError, but the file was accepted`);
}

/** The async twin of {@link expectFormatError}. */
export async function expectFormatRejection(load: () => Promise<unknown>, want: FormatExpectation, label: string): Promise<FormatError> {
  const before = memory();
  try {
    await load();
  } catch (error) {
    const after = memory();
    assert(after.numTensors === before.numTensors && after.numBytes === before.numBytes, `${label}: a refused file left GPU memory behind`);
    return check(error, want, label);
  }
  throw new Error(`${label}: expected a FormatError, but the file was accepted`);
}
