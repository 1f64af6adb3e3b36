/**
 * The bench page's drawing rules (bench/chart-style.ts): one colour per
 * implementation on the whole page, ours fixed, unknown implementations
 * distinct; bounds dashed; names and tick labels people can read.
 */
import { describe, expect, it } from 'vitest';
import { BOUND, byImpl, dashOf, formatSize, formatValue, ImplColors, logTick, OURS, seriesName } from '../../bench/chart-style.js';

const knownImpls = ['ours', 'ours-vec4', 'ours-scalar', 'ours-strided-4', 'ours-strided-16', 'ours-rows', 'ours-rows-unrolled', 'ours-short-rows', 'ours-host-copy', 'tfjs-webgpu', 'ort-webgpu', 'cpu-reference', 'js-rowcopy', 'bound'];

describe('bench chart style', () => {
  it('gives ours the same colour on every page and every implementation its own', () => {
    const page = new ImplColors();
    expect(page.of('ours')).toBe(OURS);
    expect(new ImplColors().of('ours')).toBe(OURS);
    expect(page.of('bound')).toBe(BOUND);
    const colors = knownImpls.map((impl) => page.of(impl));
    expect(new Set(colors).size).toBe(knownImpls.length);
  });

  it('gives implementations it does not know distinct colours, kept for the page, none a known one', () => {
    const page = new ImplColors();
    const known = new Set(knownImpls.map((impl) => page.of(impl)));
    const fresh = Array.from({ length: 14 }, (_, i) => `peer-${i}`);
    const colors = fresh.map((impl) => page.of(impl));
    expect(new Set(colors).size).toBe(fresh.length);
    expect(colors.filter((c) => known.has(c))).toEqual([]);
    expect(fresh.map((impl) => page.of(impl))).toEqual(colors);
  });

  it('dashes bounds and only bounds, each bound op its own pattern', () => {
    expect(dashOf('bound', 'copy-buffer')).not.toEqual(dashOf('bound', 'copy-kernel'));
    expect(dashOf('bound', 'copy-buffer').length).toBeGreaterThan(0);
    expect(dashOf('bound', 'some-new-bound').length).toBeGreaterThan(0);
    expect(dashOf('ours', 'gather')).toEqual([]);
    expect(dashOf('tfjs-webgpu', 'copy-kernel')).toEqual([]);
  });

  it('names series for readers and orders ours first', () => {
    expect(seriesName('bound', 'copy-buffer')).toBe('copyBufferToBuffer (bound)');
    expect(seriesName('ours-vec4', 'gather')).toBe('ours: vec4 kernel');
    expect(seriesName('ours-host-copy', 'predict-small')).toBe('ours, from the host copy (keepHostCopy)');
    expect(seriesName('tfjs-webgpu', 'gather')).toBe('TensorFlow.js (WebGPU)');
    expect(seriesName('new-peer', 'gather')).toBe('new-peer');
    expect(['cpu-reference', 'zzz', 'tfjs-webgpu', 'ours-strided-4', 'ours', 'ours-new'].sort(byImpl)).toEqual(['ours', 'ours-strided-4', 'ours-new', 'tfjs-webgpu', 'cpu-reference', 'zzz']);
  });

  it('labels log axes sparsely: powers of ten, and 2x/5x only on short axes', () => {
    const ticks = (min: number, max: number) => [0.1, 0.2, 0.3, 0.5, 1, 2, 3, 5, 10, 20, 50, 100, 1000].filter((v) => v >= min && v <= max).map((v) => logTick(v, min, max)).filter(Boolean);
    expect(ticks(0.1, 1000)).toEqual(['0.1', '1', '10', '100', '1,000']);
    expect(ticks(0.1, 20)).toEqual(['0.1', '0.2', '0.5', '1', '2', '5', '10', '20']);
    expect(logTick(0, 0.1, 10)).toBe('');
  });

  it('formats values and sizes without exponents', () => {
    expect(formatValue(0.012345)).toBe('0.0123');
    expect(formatValue(8.2417)).toBe('8.24');
    expect(formatValue(26.94)).toBe('26.9');
    expect(formatValue(12345)).toBe('12,300');
    expect(formatSize(1_000_000)).toBe('1M');
    expect(formatSize(65_536)).toBe('65,536');
  });
});
