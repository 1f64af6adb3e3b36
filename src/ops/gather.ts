/**
 * gather: rows of a table picked by index, the notebook's `embedding[i]`.
 */
import gatherCode from '../../shaders/gather.wgsl?raw';
import gatherVec4Code from '../../shaders/gather-vec4.wgsl?raw';
import { defaultDevice } from '../gpu/device.js';
import { dispatch } from '../gpu/dispatch.js';
import { defineKernel } from '../gpu/pipelines.js';
import { outputTensor, type TensorLike } from '../tensor/create.js';
import { floatInput, indexInput, release } from '../tensor/inputs.js';
import type { Tensor } from '../tensor/tensor.js';
import type { IndexData } from '../validate/indices.js';
import { formatShape } from '../validate/position.js';

const WG = 256;
const scalarKernel = defineKernel({ name: 'gather', code: gatherCode, constants: { WG } });
const vec4Kernel = defineKernel({ name: 'gather-vec4', code: gatherVec4Code, constants: { WG } });

/**
 * Looks up rows of `table` (`[V, D]`, float32) by `indices` of any shape;
 * the result has shape `[...indices.shape, D]`. Host indices are checked
 * against `[0, V)` before any GPU work; a GPU-resident index outside that
 * range yields a zero row (the table is never read outside its bounds).
 *
 * @example
 * ```ts
 * const table = tensor([[0, 1], [2, 3], [4, 5]]);
 * const rows = gather(table, [[2], [0]]);  // float32 [2, 1, 2]
 * await rows.array();                      // [[[4, 5]], [[0, 1]]]
 * ```
 */
export function gather(table: Tensor | TensorLike, indices: Tensor | IndexData): Tensor<'float32'> {
  const device = defaultDevice();
  const tableIn = floatInput(table, 'gather', 'a table');
  const [rows, dim] = tableIn.tensor.shape;
  if (tableIn.tensor.rank !== 2) {
    release(tableIn);
    throw new RangeError(`gather: expected a table of rank 2 [V, D], received shape ${formatShape(tableIn.tensor.shape)}.`);
  }
  let indexIn;
  try {
    indexIn = indexInput(indices, rows, 'gather');
  } catch (error) {
    release(tableIn);
    throw error;
  }
  const out = outputTensor(device, 'gather', [...indexIn.tensor.shape, dim], 'float32');
  const vectorised = dim % 4 === 0;
  const total = indexIn.tensor.size * (vectorised ? dim / 4 : dim);
  dispatch(device, vectorised ? vec4Kernel : scalarKernel, {
    buffers: [tableIn.tensor.buffer, indexIn.tensor.buffer, out.buffer],
    params: new Uint32Array([total, vectorised ? dim / 4 : dim, rows]),
    workgroups: Math.ceil(total / WG),
  });
  release(tableIn, indexIn);
  return out;
}
