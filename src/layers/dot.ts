/**
 * Dot: the dot product of two inputs along an axis each, per sample
 * (Keras's `layers.Dot`, a batch dot); `normalize: true` makes it the
 * cosine similarity. The lab's matrix-factorisation model ends with it.
 */
import * as cpu from '../cpu/index.js';
import type { AnyHostTensor, HostTensor } from '../cpu/host-tensor.js';
import { dotBackward, dotForward, dotLayout } from '../ops/dot.js';
import type { DType, Tensor } from '../tensor/tensor.js';
import { formatValue } from '../validate/position.js';
import { Layer, type CallOptions, type LayerArgs, type LayerConfig, type TraceOptions, type Traced } from './layer.js';
import { checkGradient } from './reshape-trace.js';
import { formatTuple, type Shape } from './shape.js';

/** Options of {@link Dot}. */
export interface DotArgs extends LayerArgs {
  /** The axis to multiply along: one for both inputs, or one per input; negative counts from the end. */
  axes: number | readonly [number, number];
  /** Divide each vector by its L2 norm first (cosine similarity). Default false. */
  normalize?: boolean;
}

/** The configuration `getConfig` returns and `Dot.fromConfig` takes. */
export interface DotConfig extends LayerConfig {
  axes: number | [number, number];
  normalize: boolean;
}

/**
 * The per-sample dot product of two inputs of rank 2 or 3: `[null, d]` and
 * `[null, d]` with `axes: 1` give `[null, 1]`; `[null, n, d]` and
 * `[null, m, d]` with `axes: 2` give `[null, n, m]` (Keras's batch dot: the
 * output is the first input's other axes, then the second's). With
 * `normalize` each vector is divided by its L2 norm, clamped as TF.js
 * clamps it (sqrt(max(v · v, 1e-7))), which gives the cosine.
 *
 * @example
 * ```ts
 * const rating = new Dot({ axes: 1 }).apply([userVector, itemVector]);               // [null, 1]
 * const cosine = new Dot({ axes: 1, normalize: true }).apply([userVector, itemVector]);
 * ```
 */
export class Dot extends Layer {
  readonly axes: number | readonly [number, number];
  readonly normalize: boolean;

  constructor(args: DotArgs) {
    super(args ?? ({} as DotArgs), 'dot');
    const owner = this.describe();
    const axes = args?.axes;
    const valid = Number.isInteger(axes) || (Array.isArray(axes) && axes.length === 2 && axes.every((a) => Number.isInteger(a)));
    if (!valid) throw new TypeError(`${owner}: expected axes to be an integer or a pair of integers, received ${Array.isArray(axes) ? `[${axes.join(', ')}]` : formatValue(axes)}.`);
    this.axes = Array.isArray(axes) ? (Object.freeze([axes[0], axes[1]]) as readonly [number, number]) : (axes as number);
    this.normalize = !!args.normalize;
  }

  /**
   * Rebuilds a layer from `getConfig()`'s result.
   *
   * @example
   * ```ts
   * const twin = Dot.fromConfig(layer.getConfig());
   * ```
   */
  static fromConfig(config: DotConfig): Dot {
    return new Dot(config);
  }

  get className(): string {
    return 'Dot';
  }

  override get multiInput(): boolean {
    return true;
  }

  /** The axes resolved for inputs of these shapes, each in [1, rank). */
  #axesFor(shapes: readonly Shape[]): [number, number] {
    const pair = Array.isArray(this.axes) ? this.axes : [this.axes as number, this.axes as number];
    return shapes.map((shape, i) => {
      const axis = pair[i] < 0 ? shape.length + pair[i] : pair[i];
      if (axis < 1 || axis >= shape.length) {
        throw new RangeError(`${this.describe()}: axis ${pair[i]} is out of range for input ${i} of shape ${formatTuple(shape)} (the batch axis cannot be multiplied along).`);
      }
      return axis;
    }) as [number, number];
  }

  computeOutputShape(inputShape: Shape | readonly Shape[]): Shape {
    const shapes = inputShape as readonly Shape[];
    if (!Array.isArray(shapes) || shapes.length !== 2 || !shapes.every((s) => Array.isArray(s))) {
      throw new TypeError(`${this.describe()}: expected a list of 2 inputs, e.g. apply([a, b]), received ${Array.isArray(shapes) ? `${shapes.length} input(s)` : formatValue(shapes)}.`);
    }
    if (shapes.some((s) => s.length !== 2 && s.length !== 3)) {
      throw new RangeError(`${this.describe()}: expected inputs of rank 2 or 3, received ${shapes.map(formatTuple).join(' and ')}.`);
    }
    const axes = this.#axesFor(shapes);
    const [a, b] = [shapes[0][axes[0]], shapes[1][axes[1]]];
    if (a !== null && b !== null && a !== b) {
      throw new RangeError(`${this.describe()}: dimension incompatibility using axes (${axes.join(', ')}): ${a} != ${b} for inputs ${shapes.map(formatTuple).join(' and ')}.`);
    }
    const rest = shapes.flatMap((s, i) => s.filter((_, axis) => axis !== 0 && axis !== axes[i]));
    return [shapes[0][0], ...(rest.length ? rest : [1])];
  }

  protected override checkInputDType(dtype: DType): void {
    if (dtype !== 'float32') throw new TypeError(`${this.describe()}: expected float32 inputs, received ${dtype}.`);
  }

  protected override outputDType(): DType {
    return 'float32';
  }

  #layout(inputs: readonly { shape: readonly number[] }[]) {
    this.outputShapeFor(inputs.map((t) => t.shape));
    if (inputs[0].shape[0] !== inputs[1].shape[0]) {
      throw new RangeError(`${this.describe()}: expected inputs with the same batch size, received ${inputs[0].shape[0]} and ${inputs[1].shape[0]}.`);
    }
    return { axes: this.#axesFor(inputs.map((t) => t.shape)), layout: dotLayout(inputs[0].shape, inputs[1].shape, this.#axesFor(inputs.map((t) => t.shape))) };
  }

  call(inputs: readonly Tensor[], _options?: CallOptions): Tensor {
    this.assertLive();
    inputs.forEach((t) => this.checkInputDType(t.dtype));
    return dotForward(inputs[0], inputs[1], this.#layout(inputs).layout, this.normalize, this.describe());
  }

  /** @internal The training forward: keeps both inputs (and the output, for the cosine). */
  override trace(inputs: readonly Tensor[], _options?: TraceOptions): Traced<Tensor> {
    this.assertLive();
    inputs.forEach((t) => this.checkInputDType(t.dtype));
    const { layout } = this.#layout(inputs);
    const output = dotForward(inputs[0], inputs[1], layout, this.normalize, this.describe());
    const saved = [inputs[0].reshape(inputs[0].shape), inputs[1].reshape(inputs[1].shape), output.reshape(output.shape)];
    return {
      output,
      backward: (dy, want) => {
        checkGradient(dy.shape, layout.outputShape, this.describe());
        const [dx, dOther] = dotBackward(saved[0], saved[1], saved[2], dy, layout, this.normalize, [want.inputs[0], want.inputs[1]], this.describe());
        return { inputs: [dx, dOther], weights: [] };
      },
      dispose: () => saved.forEach((t) => t.dispose()),
    };
  }

  /** @internal The CPU twin of `trace`: `cpu.dot` forward, `cpu.dotBackward` backward. */
  override traceCpu(inputs: readonly AnyHostTensor[], _weights?: readonly AnyHostTensor[], _options?: TraceOptions): Traced<AnyHostTensor> {
    const { axes } = this.#layout(inputs);
    const [x, y] = inputs as HostTensor[];
    const output = cpu.dot(x, y, axes, this.normalize);
    return {
      output,
      backward: (dy, want) => {
        checkGradient(dy.shape, output.shape, this.describe());
        const grads = cpu.dotBackward(x, y, dy as HostTensor, axes, this.normalize);
        return { inputs: grads.map((g, i) => (want.inputs[i] ? g : null)), weights: [] };
      },
      dispose: () => undefined,
    };
  }

  override getConfig(): DotConfig {
    return { ...super.getConfig(), axes: Array.isArray(this.axes) ? [this.axes[0], this.axes[1]] : (this.axes as number), normalize: this.normalize };
  }
}
