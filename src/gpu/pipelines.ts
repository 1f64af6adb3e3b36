/**
 * WGSL kernels and their compute pipelines. Each op module defines its kernel
 * once; pipelines are compiled per device (all at once when the device is
 * acquired, so ops can stay synchronous) and cached in a WeakMap so a lost
 * device takes its pipelines with it. A lazy kernel, one of a family of
 * specialisations of which a program uses few, is instead compiled on its
 * first dispatch.
 */
import { ShaderCompilationError } from '../errors.js';

/** A WGSL compute kernel: its source and how to specialise it. */
export interface Kernel {
  /** Unique name; also the label of its GPU objects and the file name in compile errors. */
  readonly name: string;
  readonly code: string;
  readonly entryPoint: string;
  /** Values for the shader's `override` constants. */
  readonly constants: Record<string, number>;
  /**
   * Compiled on first use instead of when the device is acquired: for
   * families such as one pipeline per row length, where compiling them all
   * up front would lengthen every `getDevice()` for pipelines most programs
   * never run. Its compile errors reach the first op that uses it.
   */
  readonly lazy: boolean;
}

const kernels = new Map<string, Kernel>();
const caches = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>();

/**
 * Declares a kernel so that every device compiles it when acquired (or, if
 * `lazy`, when it is first dispatched).
 *
 * @example
 * ```ts
 * import code from '../../shaders/gather.wgsl?raw';
 * const gatherKernel = defineKernel({ name: 'gather', code });
 * const rowOf3 = defineKernel({ name: 'gather-short-rows-3', code: shortRowsCode, constants: { DIM4: 3 }, lazy: true });
 * ```
 */
export function defineKernel(spec: { name: string; code: string; entryPoint?: string; constants?: Record<string, number>; lazy?: boolean }): Kernel {
  if (kernels.has(spec.name)) throw new Error(`Kernel "${spec.name}" is defined twice.`);
  const kernel: Kernel = { entryPoint: 'main', constants: {}, lazy: false, ...spec };
  kernels.set(kernel.name, kernel);
  return kernel;
}

function cacheOf(device: GPUDevice): Map<string, GPUComputePipeline> {
  let cache = caches.get(device);
  if (!cache) caches.set(device, (cache = new Map()));
  return cache;
}

function describeCompileErrors(kernel: Kernel, messages: readonly GPUCompilationMessage[]): string {
  return messages
    .filter((m) => m.type === 'error')
    .map((m) => `${kernel.name}.wgsl:${m.lineNum}:${m.linePos}: ${m.message}`)
    .join('\n');
}

async function compile(device: GPUDevice, kernel: Kernel): Promise<GPUComputePipeline> {
  const module = device.createShaderModule({ label: kernel.name, code: kernel.code });
  const errors = describeCompileErrors(kernel, (await module.getCompilationInfo()).messages);
  if (errors) throw new ShaderCompilationError(`WGSL kernel "${kernel.name}" does not compile:\n${errors}`);
  try {
    return await device.createComputePipelineAsync({
      label: kernel.name,
      layout: 'auto',
      compute: { module, entryPoint: kernel.entryPoint, constants: kernel.constants },
    });
  } catch (cause) {
    throw new ShaderCompilationError(`Pipeline "${kernel.name}" failed to build: ${(cause as Error).message}`);
  }
}

/**
 * Compiles every defined kernel for `device` that it has not compiled yet,
 * lazy ones excepted.
 *
 * @example
 * ```ts
 * await compileKernels(device); // throws ShaderCompilationError with line numbers
 * ```
 */
export async function compileKernels(device: GPUDevice): Promise<void> {
  const cache = cacheOf(device);
  const missing = [...kernels.values()].filter((k) => !k.lazy && !cache.has(k.name));
  const pipelines = await Promise.all(missing.map((k) => compile(device, k)));
  missing.forEach((k, i) => cache.set(k.name, pipelines[i]));
}

/**
 * The cached pipeline of `kernel` on `device`, compiled by `getDevice()`;
 * a lazy kernel's is built here on first use (synchronously: the device
 * compiles it before the dispatch that follows, and a failure is that
 * dispatch's validation error).
 *
 * @example
 * ```ts
 * const pipeline = pipelineFor(device, gatherKernel);
 * ```
 */
export function pipelineFor(device: GPUDevice, kernel: Kernel): GPUComputePipeline {
  const cache = cacheOf(device);
  let pipeline = cache.get(kernel.name);
  if (!pipeline && kernel.lazy) {
    const module = device.createShaderModule({ label: kernel.name, code: kernel.code });
    pipeline = device.createComputePipeline({ label: kernel.name, layout: 'auto', compute: { module, entryPoint: kernel.entryPoint, constants: kernel.constants } });
    cache.set(kernel.name, pipeline);
  }
  if (!pipeline) {
    throw new Error(`Kernel "${kernel.name}" is not compiled for this device: call \`await getDevice()\` after importing it.`);
  }
  return pipeline;
}
