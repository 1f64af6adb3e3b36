/**
 * Sequential: a model that is a plain stack of layers, each feeding the next.
 */
import { Input, InputLayer } from '../layers/input.js';
import { Layer } from '../layers/layer.js';
import { uniqueName } from '../layers/names.js';
import { SymbolicTensor } from '../layers/symbolic.js';
import { formatValue } from '../validate/position.js';
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
export class Sequential extends Model {
  constructor(layers: readonly (Layer | SymbolicTensor)[] = [], config: { name?: string } = {}) {
    super({ inputs: [], outputs: [], name: config.name ?? uniqueName('sequential') });
    if (!Array.isArray(layers)) throw new TypeError(`${this.describe()}: expected a list of layers, received ${formatValue(layers)}.`);
    for (const layer of layers) this.add(layer);
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
