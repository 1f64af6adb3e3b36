/**
 * The CPU reference: the same ops as the GPU kernels, on host typed arrays,
 * written independently of the WGSL. Tests use it as the oracle.
 */
export { gather } from './gather.js';
export { oneHot } from './one-hot.js';
export { matMul } from './mat-mul.js';
export { embeddingBag } from './embedding-bag.js';
export type { EmbeddingBagReferenceOptions } from './embedding-bag.js';
export { nearestNeighbors } from './nearest-neighbors.js';
export { toFloat16, quantizeInt8, dequantizeInt8 } from './compact.js';
export { rowValues, lossGradient, isSparse } from './losses.js';
export type { RowMetric, LossName } from './losses.js';
export { sgdStep, adamStep, adagradStep, rmspropStep } from './optimizers.js';
export type { SgdRule, AdamRule, RmspropRule } from './optimizers.js';
export type { HostTensor, AnyHostTensor, IndexPolicy } from './host-tensor.js';
export { add } from './add.js';
export { segmentSumRows, scatterRows } from './row-gradients.js';
export type { HostSummedRows } from './row-gradients.js';
export { concatenate, concatenateBackward } from './concatenate.js';
export { dense, denseBackward } from './dense.js';
export type { DenseActivation, DenseGradientsHost } from './dense.js';
export { dot, dotBackward } from './dot.js';
export { dropout, dropoutKeeps, layerKey } from './dropout.js';
export type { DropoutKey } from './dropout.js';
export { embeddingBagBackward } from './embedding-bag-backward.js';
export type { EmbeddingBagBackwardOptions } from './embedding-bag-backward.js';
