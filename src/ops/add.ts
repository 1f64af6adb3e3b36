/**
 * add: the element-wise sum of two float32 tensors of one shape, e.g. the
 * gradients of a tensor that feeds two layers.
 */
import addCode from '../../shaders/add.wgsl?raw';
import { defaultDevice } from '../gpu/device.js';
import { defineKernel } from '../gpu/pipelines.js';
import type { TensorLike } from '../tensor/create.js';
import { floatInput, upload } from '../tensor/inputs.js';
import type { Tensor } from '../tensor/tensor.js';
import { formatShape } from '../validate/position.js';
import { runOp } from './run-op.js';

const WG = 256;
/** Elements each invocation adds. */
const PER = 4;
const kernel = defineKernel({ name: 'add', code: addCode, constants: { WG, PER } });

/**
 * `a + b`, element by element, into a new float32 tensor of their shape.
 * Both are checked before any GPU work: float32, the same shape.
 *
 * @example
 * ```ts
 * await add(tensor([1, 2]), tensor([10, 20])).array(); // [11, 22]
 * ```
 */
export function add(a: Tensor | TensorLike, b: Tensor | TensorLike): Tensor<'float32'> {
  const device = defaultDevice();
  const aIn = floatInput(a, device, 'add', 'a');
  const bIn = floatInput(b, device, 'add', 'b');
  if (aIn.shape.length !== bIn.shape.length || aIn.shape.some((d, i) => d !== bIn.shape[i])) {
    throw new RangeError(`add: expected a and b of the same shape, received ${formatShape(aIn.shape)} and ${formatShape(bIn.shape)}.`);
  }
  const [aGpu, bGpu] = upload([aIn, bIn] as const);
  return runOp(device, { op: 'add', inputs: [aGpu, bGpu] }, (make) => {
    const out = make.output(aIn.shape, 'float32');
    const total = out.size;
    return {
      result: out,
      steps: [{ kernel, buffers: [aGpu.tensor.buffer, bGpu.tensor.buffer, out.buffer], params: new Uint32Array([total]), workgroups: Math.ceil(total / (WG * PER)) }],
    };
  });
}
