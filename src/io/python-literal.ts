/**
 * The Python dict literal of a `.npy` header, e.g.
 * `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`, parsed by
 * a small tokenizer (never evaluated): strings, integers, True/False/None,
 * tuples and lists. Anything else is kept as its text, so that the caller's
 * checks can say what they received.
 */
import { problem } from './problems.js';

/** A parsed value: tuples and lists are arrays; a name other than True/False/None keeps its text. */
export type PyValue = string | number | boolean | null | PyValue[] | { name: string };

/** A dict entry: its value and the exact text it was parsed from. */
export interface PyEntry {
  value: PyValue;
  text: string;
}

const DEPTH = 16;
const TOKEN = /\s*(?:('(?:[^'\\\n])*'|"(?:[^"\\\n])*")|([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[lLjJ]?)|([A-Za-z_]\w*)|([{}()[\]:,]))/y;

interface Token {
  kind: 'string' | 'number' | 'name' | 'punct';
  text: string;
  start: number;
}

/** The header's tokens, one at a time; `fail` reports where it stopped. */
class Tokens {
  current: Token | null = null;
  #at = 0;

  constructor(
    readonly text: string,
    readonly file: string,
    readonly field: string,
  ) {
    this.next();
  }

  fail(what: string): never {
    const where = this.current?.start ?? this.#at;
    const near = JSON.stringify(this.text.slice(where, where + 20).trimEnd());
    throw problem(this.file, this.field, near, `expected ${this.field} to be a Python dict literal such as {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }: ${what} at character ${where} (${near}).`);
  }

  next(): void {
    TOKEN.lastIndex = this.#at;
    const match = TOKEN.exec(this.text);
    if (!match) {
      this.current = null;
      if (this.text.slice(this.#at).trim() !== '') this.fail('unexpected text');
      return;
    }
    const [whole, string, number, name, punct] = match;
    const text = string ?? number ?? name ?? punct;
    const start = this.#at + whole.length - text.length;
    this.#at += whole.length;
    this.current = { kind: string ? 'string' : number ? 'number' : name ? 'name' : 'punct', text, start };
  }

  /** Whether the current token is the punctuation `p`. */
  is(p: string): boolean {
    return this.current?.kind === 'punct' && this.current.text === p;
  }

  take(p: string): void {
    if (!this.is(p)) this.fail(`expected '${p}'`);
    this.next();
  }
}

function parseValue(tokens: Tokens, depth: number): PyValue {
  const t = tokens.current;
  if (!t) return tokens.fail('the text ends early');
  if (depth > DEPTH) return tokens.fail('values nested too deeply');
  if (t.kind !== 'punct') {
    tokens.next();
    if (t.kind === 'string') return t.text.slice(1, -1);
    if (t.kind === 'number') return /^[+-]?\d+[lL]?$/.test(t.text) ? Number(t.text.replace(/[lL]$/, '')) : { name: t.text };
    return t.text === 'True' ? true : t.text === 'False' ? false : t.text === 'None' ? null : { name: t.text };
  }
  if (t.text !== '(' && t.text !== '[') return tokens.fail(`unexpected '${t.text}'`);
  const close = t.text === '(' ? ')' : ']';
  tokens.next();
  const items: PyValue[] = [];
  let comma = false;
  while (!tokens.is(close)) {
    items.push(parseValue(tokens, depth + 1));
    comma = tokens.is(',');
    if (!comma) break;
    tokens.next();
  }
  tokens.take(close);
  // (3) is the number 3 in Python; (3,) is a tuple.
  return close === ')' && items.length === 1 && !comma ? items[0] : items;
}

/**
 * Parses a Python dict literal into its entries (keys must be strings, each
 * once). Throws a `FormatError` for `file`'s `field` naming what it met.
 *
 * @example
 * ```ts
 * parseDict("{'shape': (3, 4), }", 'a.npy', 'header').get('shape')!.value; // [3, 4]
 * ```
 */
export function parseDict(text: string, file: string, field: string): Map<string, PyEntry> {
  const tokens = new Tokens(text, file, field);
  const entries = new Map<string, PyEntry>();
  tokens.take('{');
  while (!tokens.is('}')) {
    const key = tokens.current;
    if (!key || key.kind !== 'string') return tokens.fail('expected a quoted key');
    const name = key.text.slice(1, -1);
    if (entries.has(name)) tokens.fail(`the key '${name}' appears twice`);
    tokens.next();
    tokens.take(':');
    const start = tokens.current?.start ?? text.length;
    const value = parseValue(tokens, 1);
    entries.set(name, { value, text: text.slice(start, tokens.current?.start ?? text.length).trim() });
    if (!tokens.is(',')) break;
    tokens.next();
  }
  tokens.take('}');
  if (tokens.current) tokens.fail('unexpected text after the dict');
  return entries;
}
