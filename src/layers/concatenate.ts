/**
 * Concatenate: joins several inputs along one axis (Keras's
 * `layers.Concatenate`); its gradient cuts the output gradient back into
 * the inputs' pieces.
 */
import * as cpu from '../cpu/index.js';
import type { AnyHostTensor } from '../cpu/host-tensor.js';
import { concatAxis, splitAxis } from '../ops/concat.js';
import type { DType, Tensor } from '../tensor/tensor.js';
import { formatValue } from '../validate/position.js';
import { Layer, type CallOptions, type LayerArgs, type LayerConfig, type TraceOptions, type Traced } from './layer.js';
import { checkGradient } from './reshape-trace.js';
import { formatTuple, type Shape } from './shape.js';

/** Options of {@link Concatenate}. */
export interface ConcatenateArgs extends LayerArgs {
  /** The axis to join along; negative counts from the end. Default -1 (the last). */
  axis?: number;
}

/** The configuration `getConfig` returns and `Concatenate.fromConfig` takes. */
export interface ConcatenateConfig extends LayerConfig {
  axis: number;
}

/**
 * Joins a list of inputs along `axis`: `[null, 3]` and `[null, 5]` give
 * `[null, 8]`. Every other dimension must agree, and all inputs share one dtype.
 *
 * @example
 * ```ts
 * const joined = new Concatenate().apply([u, v]); // u, v: [null, 64] -> [null, 128]
 * ```
 */
export class Concatenate extends Layer {
  readonly axis: number;

  constructor(args: ConcatenateArgs = {}) {
    super(args ?? {}, 'concatenate');
    const axis = args?.axis ?? -1;
    if (!Number.isInteger(axis)) throw new TypeError(`${this.describe()}: expected axis to be an integer, received ${formatValue(axis)}.`);
    this.axis = axis;
  }

  /**
   * Rebuilds a layer from `getConfig()`'s result.
   *
   * @example
   * ```ts
   * const twin = Concatenate.fromConfig(layer.getConfig());
   * ```
   */
  static fromConfig(config: ConcatenateConfig): Concatenate {
    return new Concatenate(config);
  }

  get className(): string {
    return 'Concatenate';
  }

  override get multiInput(): boolean {
    return true;
  }

  /** The axis in `[1, rank)` for inputs of `rank` (the batch axis cannot be joined). */
  #axisFor(rank: number, shapes: readonly Shape[]): number {
    const axis = this.axis < 0 ? rank + this.axis : this.axis;
    if (axis < 1 || axis >= rank) {
      throw new RangeError(`${this.describe()}: axis ${this.axis} is out of range for inputs ${shapes.map(formatTuple).join(', ')} (expected an axis in [1, ${rank}) or [${-rank + 1}, -1]; the batch axis cannot be joined).`);
    }
    return axis;
  }

  computeOutputShape(inputShape: Shape | readonly Shape[]): Shape {
    const shapes = inputShape as readonly Shape[];
    if (!Array.isArray(shapes) || shapes.length < 2 || !shapes.every((s) => Array.isArray(s))) {
      throw new TypeError(`${this.describe()}: expected a list of at least 2 inputs, e.g. apply([a, b]), received ${Array.isArray(shapes) ? `${shapes.length} input(s)` : formatValue(shapes)}.`);
    }
    const rank = shapes[0].length;
    const mismatch = () =>
      new RangeError(`${this.describe()}: expected inputs with matching shapes except along the concatenation axis, received ${shapes.map(formatTuple).join(', ')}.`);
    if (shapes.some((s) => s.length !== rank)) throw mismatch();
    const axis = this.#axisFor(rank, shapes);
    const out: (number | null)[] = [];
    for (let a = 0; a < rank; a++) {
      const dims = shapes.map((s) => s[a]);
      if (a === axis) {
        out.push(dims.some((d) => d === null) ? null : (dims as number[]).reduce((x, y) => x + y, 0));
        continue;
      }
      const known = dims.filter((d): d is number => d !== null);
      if (known.some((d) => d !== known[0])) throw mismatch();
      out.push(known.length ? known[0] : null);
    }
    return out;
  }

  protected override outputDType(dtypes: readonly DType[]): DType {
    if (dtypes.some((d) => d !== dtypes[0])) throw new TypeError(`${this.describe()}: expected inputs of one dtype, received ${dtypes.join(', ')}.`);
    return dtypes[0];
  }

  call(inputs: readonly Tensor[], _options?: CallOptions): Tensor {
    this.assertLive();
    this.outputShapeFor(inputs.map((t) => t.shape));
    this.outputDType(inputs.map((t) => t.dtype));
    return concatAxis(inputs, this.#axisFor(inputs[0].rank, inputs.map((t) => t.shape)), this.describe());
  }

  override trace(inputs: readonly Tensor[], options: TraceOptions): Traced<Tensor> {
    const output = this.call(inputs, options);
    const axis = this.#axisFor(inputs[0].rank, inputs.map((t) => t.shape));
    const lengths = inputs.map((t) => t.shape[axis]);
    const outputShape = [...output.shape];
    return {
      output,
      backward: (dy, want) => {
        checkGradient(dy.shape, outputShape, this.describe());
        return { inputs: splitAxis(dy, axis, lengths, want.inputs, this.describe()), weights: [] };
      },
      dispose: () => undefined,
    };
  }

  override traceCpu(inputs: readonly AnyHostTensor[], _weights?: readonly AnyHostTensor[], _options?: TraceOptions): Traced<AnyHostTensor> {
    this.outputShapeFor(inputs.map((t) => t.shape));
    const axis = this.#axisFor(inputs[0].shape.length, inputs.map((t) => t.shape));
    const output = cpu.concatenate(inputs, axis);
    return {
      output,
      backward: (dy, want) => {
        checkGradient(dy.shape, output.shape, this.describe());
        const pieces = cpu.concatenateBackward(dy, inputs.map((t) => t.shape), axis);
        return { inputs: pieces.map((p, i) => (want.inputs[i] ? p : null)), weights: [] };
      },
      dispose: () => undefined,
    };
  }

  override getConfig(): ConcatenateConfig {
    return { ...super.getConfig(), axis: this.axis };
  }
}
