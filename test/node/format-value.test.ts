/**
 * Error messages show received values briefly, whatever their size: a
 * 20,000-entry array or a long string is summarised, never printed whole.
 */
import { describe, expect, it } from 'vitest';
import { cpu, Dense, Sequential } from '../../src/index.js';
import { formatValue } from '../../src/validate/position.js';

const message = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a throw');
};

describe('formatValue', () => {
  it('prints short values whole: strings quoted, bigints with n, lists, plain objects', () => {
    expect(formatValue('F33')).toBe('"F33"');
    expect(formatValue(10n)).toBe('10n');
    expect(formatValue([3, NaN, -Infinity])).toBe('[3, NaN, -Infinity]');
    expect(formatValue([[1, 2], [3, 4]])).toBe('[[1, 2], [3, 4]]');
    expect(formatValue({ class_name: 'L2', config: { l2: 0.01 } })).toBe('{"class_name": "L2", "config": {"l2": 0.01}}');
    expect(formatValue(null)).toBe('null');
    expect(formatValue(undefined)).toBe('undefined');
    expect(formatValue([])).toBe('[]');
  });

  it('typed arrays show their type, length and first entries', () => {
    expect(formatValue(Int32Array.from({ length: 20000 }, (_, i) => (i * 7) % 10))).toBe('Int32Array(20000) [0, 7, 4, 1, 8, 5, 2, 9, ...]');
    expect(formatValue(new Float32Array([1.5, 2]))).toBe('Float32Array(2) [1.5, 2]');
    expect(formatValue(BigInt64Array.of(1n, -2n))).toBe('BigInt64Array(2) [1n, -2n]');
    expect(formatValue(new DataView(new ArrayBuffer(3)))).toBe('DataView of 3 bytes');
  });

  it('long lists show their length and first entries; nested ones are summarised', () => {
    expect(formatValue(Array.from({ length: 20000 }, (_, i) => i))).toBe('Array(20000) [0, 1, 2, 3, 4, 5, 6, 7, ...]');
    expect(formatValue([[1, 2, 3, 4, 5, 6], [7]])).toBe('[[1, 2, 3, 4, ...], [7]]');
    expect(formatValue([[[1, 2]]])).toBe('[[[1, 2]]]');
    expect(formatValue([[[[1, 2]]], {}])).toBe('[[[[...]]], {}]');
    expect(formatValue([new Int32Array(5000)])).toBe('[Int32Array(5000) [0, 0, 0, 0, ...]]');
    const rows = formatValue(Array.from({ length: 1000 }, () => Array.from({ length: 64 }, (_, i) => i)));
    expect(rows.startsWith('Array(1000) [[0, 1, 2, 3, ...], [0, 1, 2, 3, ...],')).toBe(true);
    expect(rows.length).toBeLessThanOrEqual(120);
  });

  it('long strings are cut and say their length; functions show their name, not their source', () => {
    const long = `${'a'.repeat(70)}b`;
    expect(formatValue(long)).toBe(`"${'a'.repeat(60)}"... (71 characters)`);
    expect(formatValue(function loss() {
      return 'a very long body '.repeat(100);
    })).toBe('function loss');
    expect(formatValue(() => 1)).toBe('a function');
  });

  it('objects with many keys or deep values stay short', () => {
    const wide = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i]));
    expect(formatValue(wide)).toBe('{"k0": 0, "k1": 1, "k2": 2, "k3": 3, ...}');
    expect(formatValue({ a: { b: { c: { d: 1 } } } })).toBe('{"a": {"b": {"c": {...}}}}');
  });
});

describe('messages that print received data stay short', () => {
  it('a typed array where a number belongs (the lab one-entry list of 20,000 ids)', () => {
    const ids = Int32Array.from({ length: 20000 }, (_, i) => i % 10);
    const text = message(() => cpu.gather({ data: new Float32Array(10), shape: [10, 1] }, [ids] as never));
    expect(text).toBe('gather: expected a number at [0], received Int32Array(20000) [0, 1, 2, 3, 4, 5, 6, 7, ...].');
    expect(text.length).toBeLessThan(200);
  });

  it('a long string option and a typed array where a list of layers belongs', () => {
    const activation = message(() => new Dense({ units: 2, activation: 'relu'.repeat(5000) as never }));
    expect(activation).toContain('(20000 characters)');
    expect(activation.length).toBeLessThan(400);
    const layers = message(() => new Sequential(new Int32Array(20000) as never));
    expect(layers).toContain('received Int32Array(20000) [0, 0, 0, 0, 0, 0, 0, 0, ...].');
    expect(layers.length).toBeLessThan(200);
  });
});
