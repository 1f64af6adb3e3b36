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
  let at = 0;
  let token: { kind: 'string' | 'number' | 'name' | 'punct'; text: string; start: number } | null = null;
  const fail = (what: string): never => {
    const where = token ? (token as { start: number }).start : at;
    const near = JSON.stringify(text.slice(where, where + 20).trimEnd());
    throw problem(file, field, near, `expected ${field} to be a Python dict literal such as {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }: ${what} at character ${where} (${near}).`);
  };
  const next = (): void => {
    TOKEN.lastIndex = at;
    const match = TOKEN.exec(text);
    if (!match) {
      token = null;
      if (text.slice(at).trim() !== '') fail('unexpected text');
      return;
    }
    const [whole, string, number, name, punct] = match;
    const start = at + whole.length - (string ?? number ?? name ?? punct).length;
    at += whole.length;
    token = string ? { kind: 'string', text: string, start } : number ? { kind: 'number', text: number, start } : name ? { kind: 'name', text: name, start } : { kind: 'punct', text: punct, start };
  };
  const peek = () => token as { kind: string; text: string; start: number } | null;
  const expectPunct = (p: string): void => {
    if (peek()?.text !== p || peek()?.kind !== 'punct') fail(`expected '${p}'`);
    next();
  };
  const value = (depth: number): PyValue => {
    const t = peek();
    if (!t) return fail('the text ends early');
    if (depth > DEPTH) return fail('values nested too deeply');
    if (t.kind === 'string') {
      next();
      return t.text.slice(1, -1);
    }
    if (t.kind === 'number') {
      next();
      return /^[+-]?\d+[lL]?$/.test(t.text) ? Number(t.text.replace(/[lL]$/, '')) : { name: t.text };
    }
    if (t.kind === 'name') {
      next();
      return t.text === 'True' ? true : t.text === 'False' ? false : t.text === 'None' ? null : { name: t.text };
    }
    if (t.text === '(' || t.text === '[') {
      const close = t.text === '(' ? ')' : ']';
      next();
      const items: PyValue[] = [];
      let comma = false;
      while (peek()?.text !== close) {
        items.push(value(depth + 1));
        comma = peek()?.text === ',';
        if (!comma) break;
        next();
      }
      expectPunct(close);
      // (3) is the number 3 in Python; (3,) is a tuple.
      return close === ')' && items.length === 1 && !comma ? items[0] : items;
    }
    return fail(`unexpected '${t.text}'`);
  };

  const entries = new Map<string, PyEntry>();
  next();
  expectPunct('{');
  while (peek()?.text !== '}') {
    const key = peek();
    if (key?.kind !== 'string') fail('expected a quoted key');
    next();
    const name = key!.text.slice(1, -1);
    if (entries.has(name)) fail(`the key '${name}' appears twice`);
    expectPunct(':');
    const start = peek()?.start ?? at;
    const parsed = value(1);
    entries.set(name, { value: parsed, text: text.slice(start, peek()?.start ?? text.length).trim() });
    if (peek()?.text !== ',') break;
    next();
  }
  expectPunct('}');
  if (peek()) fail('unexpected text after the dict');
  return entries;
}
