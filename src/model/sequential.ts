/**
 * Sequential: a model that is a plain stack of layers, each feeding the next.
 */
import { Input, InputLayer } from '../layers/input.js';
import { Layer } from '../layers/layer.js';
import { uniqueName } from '../layers/names.js';
import { SymbolicTensor } from '../layers/symbolic.js';
import { formatValue } from '../validate/position.js';
import { Model } from './model.js';

function stack(items: readonly (Layer | SymbolicTensor)[], name: string): { inputs: SymbolicTensor; outputs: SymbolicTensor } {
  const owner = `Sequential '${name}'`;
  if (!Array.isArray(items) || items.length === 0) {
    throw new TypeError(`${owner}: expected a non-empty list of layers, received ${formatValue(items)}.`);
  }
  const [first, ...rest] = items;
  let input: SymbolicTensor;
  let layers: readonly (Layer | SymbolicTensor)[];
  if (first instanceof SymbolicTensor) {
    input = first;
    layers = rest;
  } else if (first instanceof Layer) {
    const shape = first.impliedInputShape();
    if (!shape) {
      throw new TypeError(`${owner}: the input shape is unknown; start the list with Input({ shape }) or give the first layer inputLength.`);
    }
    input = Input({ shape: shape.slice(1) });
    layers = items;
  } else {
    throw new TypeError(`${owner}: expected layers, received ${formatValue(first)}.`);
  }
  let output = input;
  for (const layer of layers) {
    if (!(layer instanceof Layer)) throw new TypeError(`${owner}: expected layers after the input, received ${formatValue(layer)}.`);
    output = layer.apply(output);
  }
  return { inputs: input, outputs: output };
}

/**
 * A model made of layers applied one after the other. The input shape comes
 * from a leading `Input(...)` or from the first layer (its build shape or
 * `inputLength`). Layers already used elsewhere keep their weights, shared
 * with the other models.
 *
 * @example
 * ```ts
 * const model3 = new Sequential([embeddingLayer, new Flatten()]);
 * model3.outputShape; // [null, 4]
 * ```
 */
export class Sequential extends Model {
  constructor(layers: readonly (Layer | SymbolicTensor)[], config: { name?: string } = {}) {
    const name = config.name ?? uniqueName('sequential');
    super({ ...stack(layers, name), name });
  }

  override get className(): string {
    return 'Sequential';
  }

  /** The stacked layers, without the input (as Keras lists them). */
  override get layers(): readonly Layer[] {
    return super.layers.filter((l) => !(l instanceof InputLayer));
  }
}
