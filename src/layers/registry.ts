/**
 * The layer classes a saved model may name, by Keras class name, and how
 * each is rebuilt from its `getConfig()`.
 */
import { formatValue } from '../validate/position.js';
import { Concatenate, type ConcatenateConfig } from './concatenate.js';
import { Dense, type DenseConfig } from './dense.js';
import { Dot, type DotConfig } from './dot.js';
import { Dropout, type DropoutConfig } from './dropout.js';
import { Embedding, type EmbeddingConfig } from './embedding.js';
import { EmbeddingBag, type EmbeddingBagConfig } from './embedding-bag.js';
import { Flatten } from './flatten.js';
import { InputLayer, type InputLayerConfig } from './input.js';
import type { Layer, LayerConfig } from './layer.js';

const classes: Readonly<Record<string, (config: never) => Layer>> = {
  InputLayer: (config: InputLayerConfig) => InputLayer.fromConfig(config),
  Embedding: (config: EmbeddingConfig) => Embedding.fromConfig(config),
  EmbeddingBag: (config: EmbeddingBagConfig) => EmbeddingBag.fromConfig(config),
  Flatten: (config: LayerConfig) => Flatten.fromConfig(config),
  Dense: (config: DenseConfig) => Dense.fromConfig(config),
  Dot: (config: DotConfig) => Dot.fromConfig(config),
  Concatenate: (config: ConcatenateConfig) => Concatenate.fromConfig(config),
  Dropout: (config: DropoutConfig) => Dropout.fromConfig(config),
};

/** The class names `layerFromConfig` knows. */
export const layerClassNames: readonly string[] = Object.keys(classes);

/**
 * A new layer of class `className` from its configuration (camelCase, as
 * `getConfig()` returns it). Throws a TypeError for a class it does not know.
 *
 * @example
 * ```ts
 * const twin = layerFromConfig(layer.className, layer.getConfig());
 * ```
 */
export function layerFromConfig(className: string, config: LayerConfig): Layer {
  if (typeof className !== 'string' || !Object.hasOwn(classes, className)) {
    throw new TypeError(`Unknown layer class ${formatValue(className)}; the layers this library has: ${layerClassNames.join(', ')}.`);
  }
  return classes[className](config as never);
}
