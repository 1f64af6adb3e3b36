/**
 * webgpu-embeddings: embedding lookups on the GPU with WebGPU, in the browser
 * and in Node.js, checked against a CPU reference.
 *
 * The declarations use WebGPU's global types (`GPUDevice`, `GPUBuffer`)
 * without pulling them in: TypeScript 7's DOM library has them, and for
 * older compilers `with-webgpu-types.ts` (the `types@<7` entry in
 * package.json) adds `@webgpu/types`. Declaring both would clash.
 *
 * @example
 * ```ts
 * import { getDevice, tensor, gather } from 'webgpu-embeddings';
 * await getDevice();
 * const rows = gather(tensor([[0, 1], [2, 3]]), [1]);
 * console.log(await rows.array()); // [[2, 3]]
 * ```
 */
export { getDevice, adapterInfo } from './gpu/device.js';
export type { DeviceOptions, AdapterDescription } from './gpu/device.js';
export { debug } from './gpu/debug.js';
export type { DebugSwitches } from './gpu/debug.js';
export {
  GPUUnavailableError,
  DeviceLostError,
  DisposedError,
  ShaderCompilationError,
  IndexOutOfRangeError,
  AllocationError,
  NotCompiledError,
  FormatError,
} from './errors.js';
export { Tensor } from './tensor/tensor.js';
export type { DType, TypedArrayOf } from './tensor/tensor.js';
export { memory } from './tensor/memory.js';
export type { MemoryInfo } from './tensor/memory.js';
export type { ArrayOfRank, RankOf, PlusOne } from './tensor/rank.js';
export { tensor } from './tensor/create.js';
export { tidy } from './tensor/tidy.js';
export type { TensorLike } from './tensor/create.js';
export type { NestedArray, ReadonlyNestedArray } from './validate/nested.js';
export type { IndexData, OutOfRange } from './validate/indices.js';
export { gather } from './ops/gather.js';
export type { IndexOptions } from './ops/gather.js';
export { oneHot } from './ops/one-hot.js';
export { matMul } from './ops/mat-mul.js';
export type { MatMulOptions } from './validate/mat-mul.js';
export { add } from './ops/add.js';
export { segmentSumRows } from './ops/segment-sum-rows.js';
export type { SummedRows } from './ops/segment-sum-rows.js';
export { scatterRows } from './ops/scatter-rows.js';
export { embeddingBag } from './ops/embedding-bag.js';
export type { EmbeddingBagOptions } from './ops/embedding-bag.js';
export type { BagMode } from './validate/bags.js';
export { nearestNeighbors } from './ops/nearest-neighbors.js';
export type { NearestNeighborsOptions, Neighbors } from './ops/nearest-neighbors.js';
export type { Metric } from './validate/neighbors.js';
export * as cpu from './cpu/index.js';
export type { HostTensor, AnyHostTensor } from './cpu/host-tensor.js';
export { Input, InputLayer } from './layers/input.js';
export type { InputConfig, InputLayerConfig } from './layers/input.js';
export { Layer, isRowGradient } from './layers/layer.js';
export type {
  LayerArgs,
  LayerConfig,
  LayerInput,
  CallOptions,
  TraceOptions,
  GradientRequest,
  Gradients,
  RowGradient,
  WeightGradient,
  Traced,
} from './layers/layer.js';
export { Embedding } from './layers/embedding.js';
export type { EmbeddingArgs, EmbeddingConfig, Lookup } from './layers/embedding.js';
export { EmbeddingBag } from './layers/embedding-bag.js';
export type { EmbeddingBagArgs, EmbeddingBagConfig } from './layers/embedding-bag.js';
export type { Initializer, InitializerName, InitializerFn } from './layers/initializers.js';
export { seededRandom, standardNormal } from './layers/random.js';
export type { Uniform } from './layers/random.js';
export { Flatten } from './layers/flatten.js';
export { Concatenate } from './layers/concatenate.js';
export { Dense } from './layers/dense.js';
export { Dot } from './layers/dot.js';
export { Dropout } from './layers/dropout.js';
export type { DropoutArgs, DropoutConfig } from './layers/dropout.js';
export type { DotArgs, DotConfig } from './layers/dot.js';
export type { DenseArgs, DenseConfig, Activation } from './layers/dense.js';
export type { ConcatenateArgs, ConcatenateConfig } from './layers/concatenate.js';
export { SymbolicTensor } from './layers/symbolic.js';
export type { Shape } from './layers/shape.js';
export { Weight } from './layers/weight.js';
export type { WeightDType } from './layers/weight.js';
export { Model } from './model/model.js';
export type { ModelConfig, ModelOutputs, PredictResult, OutputShapeOf } from './model/model-types.js';
export type { PredictOptions, ModelInput } from './model/predict.js';
export { Sequential } from './model/sequential.js';
export { Optimizer } from './optimizers/optimizer.js';
export type { OptimizerArgs, NamedTensor } from './optimizers/optimizer-types.js';
export { SGD } from './optimizers/sgd.js';
export type { SGDArgs } from './optimizers/sgd.js';
export { Adam } from './optimizers/adam.js';
export type { AdamArgs } from './optimizers/adam.js';
export { Adagrad } from './optimizers/adagrad.js';
export type { AdagradArgs } from './optimizers/adagrad.js';
export { RMSprop } from './optimizers/rmsprop.js';
export type { RMSpropArgs } from './optimizers/rmsprop.js';
export type { OptimizerName } from './optimizers/get.js';
export type { LossIdentifier } from './losses/losses.js';
export type { MetricIdentifier } from './metrics/metrics.js';
export type { CompileArgs } from './train/compile.js';
export type { FitArgs, EvaluateArgs } from './train/fit-args.js';
export type { Callbacks } from './train/callbacks.js';
export { History } from './train/history.js';
export type { HistoryParams, Logs } from './train/history.js';
export { Trainer } from './train/trainer.js';
export { loadNpy, saveNpy } from './io/npy.js';
export type { ReadOptions } from './io/npy.js';
export { loadSafetensors, saveSafetensors, safetensorsMetadata } from './io/safetensors.js';
export { loadWordVectors } from './io/word-vectors.js';
export type { WordVectors } from './io/word-vectors.js';
export type { Bytes } from './io/bytes.js';
export { loadModel } from './model/load-model.js';
export type { LoadModelOptions } from './model/load-model.js';
export type { LoadWeightsOptions } from './model/saving.js';
export type { ModelSource, ModelDestination, ModelInMemory, WeightsInput, LoadOptions, SaveOptions } from './io/model-storage.js';
export type { IOHandler, ModelArtifacts, ModelJSON, SaveResult, WeightsManifestEntry, WeightsManifestGroup, WeightQuantization } from './io/model-json.js';
export type { FetchLike } from './io/http-storage.js';
export type { GraphModelConfig, GraphLayerConfig, SequentialModelConfig, ModelTopologyConfig, NodeRef } from './model/graph-config.js';
