/**
 * A model's configuration, Keras's `get_config()` in camelCase: the layers
 * (each with its `getConfig()`), how they connect (`inboundNodes`: for each
 * time a layer is applied, the `[layer, node, tensor, kwargs]` it was
 * applied to) and the model's inputs and outputs; for a Sequential model,
 * the stack of layers. Models are rebuilt from it with fresh weights.
 */
import { InputLayer } from '../layers/input.js';
import type { Layer, LayerConfig } from '../layers/layer.js';
import { layerFromConfig } from '../layers/registry.js';
import type { SymbolicTensor } from '../layers/symbolic.js';
import { formatValue } from '../validate/position.js';

/** A reference to a layer's output: `[layer name, node index, tensor index, call kwargs]`. */
export type NodeRef = [string, number, number, Record<string, unknown>];

/** One layer of a functional model's config. */
export interface GraphLayerConfig {
  className: string;
  name: string;
  config: LayerConfig;
  /** One entry per application of the layer in the model: the outputs it was applied to. */
  inboundNodes: NodeRef[][];
}

/** The config of a functional `Model` (Keras's names in camelCase). */
export interface GraphModelConfig {
  name: string;
  layers: GraphLayerConfig[];
  inputLayers: [string, number, number][];
  outputLayers: [string, number, number][];
}

/** The config of a `Sequential` model: its layers, the input layer first. */
export interface SequentialModelConfig {
  name: string;
  layers: { className: string; config: LayerConfig }[];
}

/** Either model config, as `getConfig()` returns it. */
export type ModelTopologyConfig = GraphModelConfig | SequentialModelConfig;

/** Builds the error for a config field that is not what it should be (fields named as in the config, e.g. `layers[2].inboundNodes[0]`). */
export type ConfigFail = (field: string, what: string, value: unknown) => Error;

const plainFail =
  (owner: string): ConfigFail =>
  (field, what, value) =>
    new TypeError(`${owner}: expected ${field} to be ${what}, received ${formatValue(value)}.`);

/** What a model exposes of its graph for its config. */
interface GraphView {
  name: string;
  layers: readonly Layer[];
  inputs: readonly SymbolicTensor[];
  outputs: readonly SymbolicTensor[];
  steps: readonly SymbolicTensor[];
}

/**
 * The config of a functional model. Node indices count a layer's
 * applications within this model (a layer shared with another model may
 * have more elsewhere).
 *
 * @example
 * ```ts
 * graphConfigOf(model).layers.map((l) => l.className); // ['InputLayer', 'Embedding', 'Flatten']
 * ```
 */
export function graphConfigOf(model: GraphView): GraphModelConfig {
  const nodes = new Map<Layer, SymbolicTensor[]>();
  for (const t of [...model.inputs, ...model.steps]) nodes.set(t.layer, [...(nodes.get(t.layer) ?? []), t]);
  for (const list of nodes.values()) list.sort((a, b) => a.nodeIndex - b.nodeIndex);
  const ref = (t: SymbolicTensor): [string, number, number] => [t.layer.name, nodes.get(t.layer)!.indexOf(t), 0];
  return {
    name: model.name,
    layers: model.layers.map((layer) => ({
      className: layer.className,
      name: layer.name,
      config: layer.getConfig(),
      inboundNodes: layer instanceof InputLayer ? [] : (nodes.get(layer) ?? []).map((t) => t.inputs.map((source): NodeRef => [...ref(source), {}])),
    })),
    inputLayers: model.inputs.map(ref),
    outputLayers: model.outputs.map(ref),
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkRef(value: unknown, field: string, fail: ConfigFail, withKwargs: boolean): NodeRef {
  const valid = Array.isArray(value) && value.length >= 3 && value.length <= 4 && typeof value[0] === 'string' && Number.isSafeInteger(value[1]) && value[1] >= 0 && value[2] === 0;
  if (!valid) throw fail(field, `a reference [layer name, node index, 0${withKwargs ? ', {}' : ''}]`, value);
  const kwargs = value[3] ?? {};
  if (!isObject(kwargs) || Object.keys(kwargs).length) throw fail(`${field}[3]`, 'empty call arguments {} (this library takes none)', kwargs);
  return [value[0], value[1], 0, {}];
}

/**
 * A functional model rebuilt from its config, with new layers and fresh
 * weights; `make` wires the model (so that this module need not import
 * `Model`). On failure every layer made so far is disposed.
 *
 * @example
 * ```ts
 * const twin = buildGraph(model.getConfig(), (inputs, outputs, name) => new Model({ inputs, outputs, name }));
 * ```
 */
export function buildGraph<M extends { layers: readonly Layer[] }>(
  config: unknown,
  make: (inputs: SymbolicTensor[], outputs: SymbolicTensor[], name: string | undefined) => M,
  fail: ConfigFail = plainFail('Model.fromConfig'),
): M {
  if (!isObject(config) || !Array.isArray(config.layers)) throw fail('config', 'a model config { name, layers, inputLayers, outputLayers }', config);
  const created = new Map<string, Layer>();
  const outputs = new Map<string, SymbolicTensor>();
  let model: M | undefined;
  try {
    const entries = config.layers.map((entry, i) => makeLayer(entry, `layers[${i}]`, created, outputs, fail));
    const done = entries.map(() => 0);
    for (let progress = true; progress; ) {
      progress = false;
      entries.forEach(({ layer, nodes }, i) => {
        while (done[i] < nodes.length && nodes[done[i]].every((r) => outputs.has(`${r[0]}#${r[1]}`))) {
          const sources = nodes[done[i]].map((r) => outputs.get(`${r[0]}#${r[1]}`)!);
          if (!layer.multiInput && sources.length !== 1) throw fail(`layers[${i}].inboundNodes[${done[i]}]`, `one input (${layer.describe()} takes one)`, nodes[done[i]]);
          outputs.set(`${layer.name}#${done[i]}`, layer.apply(layer.multiInput ? sources : sources[0]));
          done[i]++;
          progress = true;
        }
      });
    }
    const stuck = entries.findIndex(({ nodes }, i) => done[i] < nodes.length);
    if (stuck >= 0) throw fail(`layers[${stuck}].inboundNodes[${done[stuck]}]`, "references to outputs of the model's layers", entries[stuck].nodes[done[stuck]]);
    const endpoints = (key: 'inputLayers' | 'outputLayers') => {
      const refs = config[key];
      if (!Array.isArray(refs) || refs.length === 0) throw fail(key, 'a non-empty list of [layer name, node index, 0]', refs);
      return refs.map((r, i) => {
        const [name, node] = checkRef(r, `${key}[${i}]`, fail, false);
        const t = outputs.get(`${name}#${node}`);
        if (!t) throw fail(`${key}[${i}]`, "a reference to an output of the model's layers", r);
        return t;
      });
    };
    model = make(endpoints('inputLayers'), endpoints('outputLayers'), typeof config.name === 'string' ? config.name : undefined);
    return model;
  } finally {
    // Layers the model holds live on; the others (all of them, if it failed) are freed.
    for (const layer of created.values()) if (!model?.layers.includes(layer)) layer.dispose();
  }
}

function makeLayer(entry: unknown, field: string, created: Map<string, Layer>, outputs: Map<string, SymbolicTensor>, fail: ConfigFail) {
  if (!isObject(entry)) throw fail(field, 'a layer { className, name, config, inboundNodes }', entry);
  const { className, name, config, inboundNodes } = entry;
  if (typeof name !== 'string' || name === '') throw fail(`${field}.name`, 'a layer name', name);
  if (created.has(name)) throw fail(`${field}.name`, 'a name no other layer has', name);
  if (!isObject(config)) throw fail(`${field}.config`, 'a layer config object', config);
  if (!Array.isArray(inboundNodes)) throw fail(`${field}.inboundNodes`, 'a list of nodes', inboundNodes);
  const nodes = inboundNodes.map((node, k) => {
    if (!Array.isArray(node) || node.length === 0) throw fail(`${field}.inboundNodes[${k}]`, 'a non-empty list of [layer name, node index, 0, {}]', node);
    return node.map((r, j) => checkRef(r, `${field}.inboundNodes[${k}][${j}]`, fail, true));
  });
  let layer: Layer;
  try {
    layer = layerFromConfig(className as string, { ...(config as unknown as LayerConfig), name });
  } catch (error) {
    throw fail(`${field}.config`, `a valid ${typeof className === 'string' ? className : 'layer'} config (${(error as Error).message})`, config);
  }
  created.set(name, layer);
  if (layer instanceof InputLayer) {
    if (nodes.length) throw fail(`${field}.inboundNodes`, 'empty for an InputLayer', inboundNodes);
    outputs.set(`${name}#0`, layer.output());
  }
  return { layer, nodes };
}

/**
 * A Sequential model's layers rebuilt from its config: the input (an
 * `InputLayer` entry, or the first layer's `batchInputShape`) and the stack.
 * On failure every layer made so far is disposed.
 *
 * @example
 * ```ts
 * const { input, layers } = sequentialLayers(config);
 * ```
 */
export function sequentialLayers(config: unknown, fail: ConfigFail = plainFail('Sequential.fromConfig')): { input: SymbolicTensor | null; layers: Layer[]; name?: string } {
  const list = isObject(config) ? config.layers : config;
  if (!Array.isArray(list)) throw fail('config', 'a Sequential config { name, layers }', config);
  const made: Layer[] = [];
  try {
    let input: SymbolicTensor | null = null;
    list.forEach((entry, i) => {
      const field = `layers[${i}]`;
      if (!isObject(entry) || !isObject(entry.config)) throw fail(field, 'a layer { className, config }', entry);
      const layerConfig = entry.config as unknown as LayerConfig & { batchInputShape?: unknown };
      if (i === 0 && entry.className !== 'InputLayer' && Array.isArray(layerConfig.batchInputShape)) {
        // TF.js's form: the first layer carries the input shape; indices for table layers, floats otherwise.
        const dtype = entry.className === 'Embedding' || entry.className === 'EmbeddingBag' ? 'int32' : 'float32';
        const inputConfig = { name: `${typeof layerConfig.name === 'string' ? layerConfig.name : 'sequential'}_input`, trainable: true, batchInputShape: layerConfig.batchInputShape as (number | null)[], dtype } as const;
        const inputLayer = layerFromConfigAt(fail, `${field}.config.batchInputShape`, 'InputLayer', inputConfig) as InputLayer;
        made.push(inputLayer);
        input = inputLayer.output();
      }
      const layer = layerFromConfigAt(fail, `${field}.config`, entry.className, layerConfig);
      made.push(layer);
      if (layer instanceof InputLayer) {
        if (i !== 0) throw fail(field, 'a layer (an InputLayer may only come first)', entry.className);
        input = layer.output();
      }
    });
    const layers = made.filter((l) => !(l instanceof InputLayer));
    return { input, layers, name: isObject(config) && typeof config.name === 'string' ? config.name : undefined };
  } catch (error) {
    for (const layer of made) layer.dispose();
    throw error;
  }
}

function layerFromConfigAt(fail: ConfigFail, field: string, className: unknown, config: LayerConfig): Layer {
  try {
    return layerFromConfig(className as string, config);
  } catch (error) {
    throw fail(field, `a valid ${typeof className === 'string' ? className : 'layer'} config (${(error as Error).message})`, config);
  }
}
