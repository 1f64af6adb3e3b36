/**
 * The results file (`bench/results/<runtime>.json`) and the ratios printed
 * from it. Its shape is fixed so that other tools can read it.
 */

/** What a case measures. */
export type Op =
  | 'gather'
  | 'onehot-lookup'
  | 'matmul'
  | 'predict-small'
  | 'predict-large'
  | 'predict-latency'
  | 'copy-buffer'
  | 'copy-kernel'
  | 'embedding-bag'
  | 'gather-float16'
  | 'gather-int8'
  | 'top-k'
  | 'embedding-backward'
  | 'fit-regression'
  | 'fit-deep';

/** Who ran it: ours (the public op, or `ours-<variant>` for one kernel), a peer, the CPU, or a bound. */
export type Impl = 'ours' | `ours-${string}` | 'tfjs-webgpu' | 'ort-webgpu' | 'cpu-reference' | 'js-rowcopy' | 'bound';

/** Table rows V, row length D, indices N. */
export interface Shape {
  V: number;
  D: number;
  N: number;
}

/** One measured case. */
export interface CaseResult extends Shape {
  op: Op;
  impl: Impl;
  /** Median milliseconds per call. */
  msMedian: number;
  /** Bytes read + written (indices, rows, output) per second, in GB/s (10^9); null for training epochs and the latency sweep. */
  gbps: number | null;
  /** For matmul-type ops: 2·N·V·D flops per second, in GFLOP/s; null otherwise. */
  gflops: number | null;
}

/** A whole run. */
export interface BenchResults {
  adapter: { vendor: string; architecture: string; device: string; description: string };
  runtime: 'chromium' | 'node';
  date: string;
  cases: CaseResult[];
}

/**
 * Bytes a case moves. A lookup (gather, one-hot lookup, predict, CPU copies)
 * counts what a gather must touch: the indices, the rows read and the output
 * written, so lookups are comparable whatever kernel does them. matmul counts
 * its operands and result; the copy bounds read and write the gather's row
 * bytes.
 */
export function bytesOf(op: Op, { V, D, N }: Shape): number | null {
  switch (op) {
    case 'fit-regression':
    case 'fit-deep':
    case 'predict-latency':
      return null;
    case 'matmul':
      return 4 * (N * V + V * D + N * D);
    case 'copy-buffer':
    case 'copy-kernel':
      return 2 * 4 * N * D;
    case 'embedding-bag':
      // The indices, the rows read, one output row per bag of BAG (8).
      return 4 * N + 4 * N * D + (4 * N * D) / 8;
    case 'gather-float16':
      // Rows are stored padded to groups of four halves.
      return 4 * N + 2 * N * Math.ceil(D / 4) * 4 + 4 * N * D;
    case 'gather-int8':
      // Rows padded to whole words, plus a float32 scale per row.
      return 4 * N + N * Math.ceil(D / 4) * 4 + 4 * N + 4 * N * D;
    case 'top-k':
      // QUERIES (16) queries, each reading the whole table once.
      return 16 * 4 * V * D;
    case 'embedding-backward':
      // The indices and dy read, the dense [V, D] gradient written.
      return 4 * N + 4 * N * D + 4 * V * D;
    default:
      return 4 * N + 2 * 4 * N * D;
  }
}

/** Flops of matmul-type ops (2·N·V·D); null for the others. */
export function flopsOf(op: Op, { V, D, N }: Shape): number | null {
  return op === 'matmul' || op === 'onehot-lookup' ? 2 * N * V * D : null;
}

/** Indices in the tiny `predict-small` batch; its results record this as N. */
export const smallBatch = 2;

/** Indices per call of the latency sweep (`predict-latency`, V and D of the standard case). */
export const latencyBatches = [1, 2, 16, 256] as const;

/** A result row from a measured median. */
export function caseResult(op: Op, impl: Impl, planned: Shape, msMedian: number): CaseResult {
  const shape = op === 'predict-small' ? { ...planned, N: smallBatch } : planned;
  const flops = flopsOf(op, shape);
  const bytes = bytesOf(op, shape);
  return {
    op,
    impl,
    ...shape,
    msMedian: round(msMedian, 4),
    gbps: bytes === null ? null : round(bytes / (msMedian * 1e6), 4),
    gflops: flops === null ? null : round(flops / (msMedian * 1e6), 4),
  };
}

function round(value: number, digits: number): number {
  return Number(value.toPrecision(digits));
}

const sameShape = (a: Shape, b: Shape) => a.V === b.V && a.D === b.D && a.N === b.N;

/**
 * Whether `op` is a lookup, whose GB/s compares to the copy bounds of its
 * shape: it moves the bytes a gather must (indices, rows read, output).
 *
 * @example
 * ```ts
 * comparesToBounds('gather'); // true
 * ```
 */
export function comparesToBounds(op: string): boolean {
  return op === 'gather' || op === 'onehot-lookup' || op.startsWith('predict');
}

/** One printed row: an implementation of a case next to the bounds and peers of the same shape. */
export interface RatioRow {
  op: Op;
  impl: Impl;
  shape: Shape;
  ms: number;
  gbps: number | null;
  gflops: number | null;
  /** Fraction of the copy-kernel bound's GB/s. */
  ofCopyKernel: number | null;
  /** Fraction of copyBufferToBuffer's GB/s. */
  ofCopyBuffer: number | null;
  /** Speed-up over tfjs (its ms / ours). */
  vsTfjs: number | null;
  /** Speed-up over ONNX Runtime Web. */
  vsOrt: number | null;
  /** Compact-table gathers (float16, int8): their time over the float32 `gather`'s of the same shape (<= 1 is the goal). */
  timeVsFloat32: number | null;
  /** Compact-table gathers: the bytes they move over the bytes the float32 `gather` moves. */
  bytesVsFloat32: number | null;
}

/**
 * Rows of ratios for every non-bound result: bandwidth as a fraction of the
 * bounds of the same shape (lookups only), and time relative to the peers
 * running the same op on the same shape.
 */
export function ratioRows(results: BenchResults, shapes?: Shape[]): RatioRow[] {
  const cases = shapes ? results.cases.filter((c) => shapes.some((s) => sameShape(c, s))) : results.cases;
  const find = (op: Op, impl: Impl, s: Shape) => results.cases.find((c) => c.op === op && c.impl === impl && sameShape(c, s));
  return cases
    .filter((c) => c.impl !== 'bound')
    .map((c) => {
      const fraction = (bound: Op) => {
        const b = find(bound, 'bound', c);
        const gpu = c.impl !== 'cpu-reference' && c.impl !== 'js-rowcopy';
        return gpu && comparesToBounds(c.op) && b?.gbps && c.gbps ? c.gbps / b.gbps : null;
      };
      const speedup = (peer: Impl) => {
        const p = c.impl === peer ? undefined : find(c.op, peer, c);
        return p ? p.msMedian / c.msMedian : null;
      };
      const compact = c.op === 'gather-float16' || c.op === 'gather-int8';
      const float32 = compact ? find('gather', c.impl, c) : undefined;
      return {
        op: c.op,
        impl: c.impl,
        shape: { V: c.V, D: c.D, N: c.N },
        ms: c.msMedian,
        gbps: c.gbps,
        gflops: c.gflops,
        ofCopyKernel: fraction('copy-kernel'),
        ofCopyBuffer: fraction('copy-buffer'),
        vsTfjs: c.impl.startsWith('ours') ? speedup('tfjs-webgpu') : null,
        vsOrt: c.impl.startsWith('ours') ? speedup('ort-webgpu') : null,
        timeVsFloat32: float32 ? c.msMedian / float32.msMedian : null,
        bytesVsFloat32: compact ? bytesOf(c.op, c)! / bytesOf('gather', c)! : null,
      };
    });
}

const fmt = (value: number | null, suffix = '', digits = 3) => (value === null ? '' : `${Number(value.toPrecision(digits))}${suffix}`);

/**
 * The ratio table as Markdown (printed by the runner, pasted into bench/README.md).
 *
 * @example
 * ```ts
 * console.log(ratioTable(results, [{ V: 10000, D: 256, N: 4096 }]));
 * ```
 */
export function ratioTable(results: BenchResults, shapes?: Shape[]): string {
  const head = ['op', 'impl', 'V', 'D', 'N', 'ms (median)', 'GB/s', 'GFLOP/s', 'of copy-kernel', 'of copyBuffer', 'vs tfjs', 'vs ORT', 'time vs f32 gather', 'bytes vs f32 gather'];
  const rows = ratioRows(results, shapes).map((r) => [
    r.op,
    r.impl,
    String(r.shape.V),
    String(r.shape.D),
    String(r.shape.N),
    fmt(r.ms),
    fmt(r.gbps),
    fmt(r.gflops),
    fmt(r.ofCopyKernel && r.ofCopyKernel * 100, '%'),
    fmt(r.ofCopyBuffer && r.ofCopyBuffer * 100, '%'),
    fmt(r.vsTfjs, 'x'),
    fmt(r.vsOrt, 'x'),
    fmt(r.timeVsFloat32, 'x'),
    fmt(r.bytesVsFloat32, 'x'),
  ]);
  const bounds = results.cases
    .filter((c) => c.impl === 'bound' && (!shapes || shapes.some((s) => sameShape(c, s))))
    .map((c) => [c.op, c.impl, String(c.V), String(c.D), String(c.N), fmt(c.msMedian), fmt(c.gbps), '', '', '', '', '', '', '']);
  const lines = [head, head.map(() => '---'), ...bounds, ...rows].map((cells) => `| ${cells.join(' | ')} |`);
  return lines.join('\n');
}
