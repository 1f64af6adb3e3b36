/**
 * Sequential: a model that is a plain stack of layers, each feeding the next.
 */
import { Input, InputLayer } from '../layers/input.js';
import { Layer } from '../layers/layer.js';
import { uniqueName } from '../layers/names.js';
import { SymbolicTensor } from '../layers/symbolic.js';
import { formatValue } from '../validate/position.js';
import { sequentialLayers, type ConfigFail, type ModelTopologyConfig, type SequentialModelConfig } from './graph-config.js';
import { Model } from './model.js';

/**
 * A model made of layers applied one after the other, given at once or
 * with `add`. The input shape comes from a leading `Input(...)` or from the
 * first layer (the shape it was built for, or its `inputLength`). Layers
 * already used elsewhere keep their weights, shared with the other models.
 *
 * @example
 * ```ts
 * const model3 = new Sequential([embeddingLayer, new Flatten()]);
 * model3.outputShape; // [null, 4]
 * const same = new Sequential();
 * same.add(embeddingLayer);
 * same.add(new Flatten());
 * ```
 */
export class Sequential extends Model<SymbolicTensor> {
  constructor(layers: readonly (Layer | SymbolicTensor)[] = [], config: { name?: string } = {}) {
    // Wired by add(); the empty lists only say so (startsEmpty). One output, so predict returns one Tensor.
    super({ inputs: [], outputs: [] as unknown as SymbolicTensor, name: config.name ?? uniqueName('sequential') });
    if (!Array.isArray(layers)) throw new TypeError(`${this.describe()}: expected a list of layers, received ${formatValue(layers)}.`);
    for (const layer of layers) this.add(layer);
  }

  /**
   * A new Sequential model (new layers, fresh weights) from `getConfig()`'s
   * result: the input layer first, then the stack.
   *
   * @example
   * ```ts
   * const twin = Sequential.fromConfig(model3.getConfig());
   * ```
   */
  static override fromConfig(config: ModelTopologyConfig): Sequential {
    return buildSequential(config);
  }

  override getConfig(): SequentialModelConfig {
    const input = this.inputs[0]?.layer;
    const layers = [...(input ? [input] : []), ...this.layers];
    return { name: this.name, layers: layers.map((layer) => ({ className: layer.className, config: layer.getConfig() })) };
  }

  protected override startsEmpty(): boolean {
    return true;
  }

  override get className(): string {
    return 'Sequential';
  }

  /** The stacked layers, without the input (as Keras lists them). */
  override get layers(): readonly Layer[] {
    return super.layers.filter((l) => !(l instanceof InputLayer));
  }

  /**
   * Puts `item` on top of the stack: an `Input(...)` first, or a layer
   * applied to the current output.
   *
   * @example
   * ```ts
   * const model = new Sequential();
   * model.add(Input({ shape: [3] }));
   * model.add(new Embedding({ inputDim: 10, outputDim: 4 }));
   * model.outputShape; // [null, 3, 4]
   * ```
   */
  add(item: Layer | SymbolicTensor): void {
    const owner = this.describe();
    if (item instanceof SymbolicTensor) {
      if (this.inputs.length) throw new TypeError(`${owner}: an Input can only come first.`);
      if (!(item.layer instanceof InputLayer)) throw new TypeError(`${owner}: expected an Input() or a layer, received the output of ${item.layer.describe()}.`);
      this.wire([item], [item]);
      return;
    }
    if (!(item instanceof Layer)) throw new TypeError(`${owner}: expected a layer, received ${formatValue(item)}.`);
    let input = this.inputs[0];
    if (!input) {
      const shape = item.impliedInputShape();
      if (!shape) throw new TypeError(`${owner}: the input shape is unknown; add Input({ shape }) first or give the first layer inputLength.`);
      input = Input({ shape: shape.slice(1), dtype: item.impliedInputDType() });
    }
    this.wire([input], [item.apply(this.outputs[0] ?? input)]);
  }
}

/**
 * A Sequential model from its config; `fail` makes the errors of a bad
 * config (a `FormatError` when the config comes from a file). Layers made
 * for a model that then cannot be built are disposed.
 *
 * @example
 * ```ts
 * const model = buildSequential(config);
 * ```
 */
export function buildSequential(config: unknown, fail?: ConfigFail): Sequential {
  const { input, layers, name } = sequentialLayers(config, fail);
  try {
    return new Sequential(input ? [input, ...layers] : layers, { name });
  } catch (error) {
    for (const layer of layers) layer.dispose();
    input?.layer.dispose();
    throw error;
  }
}
