/** The lab's text output: figures, item lists, the data summary and the bench's training cases. */
import { describe, expect, it } from 'vitest';
import { formatBenchTraining, formatItems, formatScores, formatSummary, type BenchFile } from '../../src/lab/format.js';

describe('lab text output', () => {
  it('prints the four figures, ranked items and the data summary', () => {
    expect(formatScores({ trainMAE: 0.7, trainMSE: 0.81234, testMAE: 0.733, testMSE: 0.902 })).toBe('train MSE 0.812 MAE 0.700, test MSE 0.902 MAE 0.733');
    expect(formatItems([{ item: 181, title: 'Return of the Jedi (1983)', score: 0.9312 }], 'cosine')).toBe('  1.  181  Return of the Jedi (1983)  (cosine 0.931)');
    expect(formatSummary('MovieLens 100k', { ratings: 100000, users: 943, items: 1682, meanRating: 3.52986, maxUserId: 943, maxItemId: 1682 })).toBe(
      'MovieLens 100k: 100,000 ratings of 1,682 items by 943 users, mean rating 3.53 (ids up to 943 and 1682)',
    );
  });

  it("prints a bench run's training cases with the ratio to TF.js, and nothing for a run without them", () => {
    const run: BenchFile = {
      runtime: 'node',
      date: '2026-12-02T10:00:00.000Z',
      adapter: { description: 'SwiftShader' },
      cases: [
        { op: 'gather', impl: 'ours', N: 4096, msMedian: 1 },
        { op: 'fit-regression', impl: 'ours', N: 3200, msMedian: 500 },
        { op: 'fit-regression', impl: 'tfjs-webgpu', N: 3200, msMedian: 2000 },
        { op: 'fit-deep', impl: 'ours', N: 3200, msMedian: 900 },
      ],
    };
    expect(formatBenchTraining(run)).toEqual([
      'fit-regression: 500 ms per epoch of 3,200 samples vs TF.js WebGPU 2000 ms (4.0x) [node, SwiftShader, 2026-12-02]',
      'fit-deep: 900 ms per epoch of 3,200 samples [node, SwiftShader, 2026-12-02]',
    ]);
    expect(formatBenchTraining({ ...run, cases: run.cases.slice(0, 1) })).toEqual([]);
  });
});
