/// <reference types="@webgpu/types" preserve="true" />
/**
 * The type entry for TypeScript before 7 (package.json `types@<7`):
 * the public API of `index.ts` plus `@webgpu/types`, since those compilers'
 * DOM library has no WebGPU. TypeScript 7 gets `index.d.ts` alone, because
 * its DOM library declares WebGPU and `@webgpu/types` would clash with it.
 * Emitted as declarations only; the JavaScript entry stays `index.js`.
 *
 * @example
 * ```ts
 * import { getDevice } from 'webgpu-embeddings'; // TypeScript 5.x resolves these types
 * ```
 */
export * from './index.js';
