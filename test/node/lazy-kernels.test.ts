/**
 * Lazy kernels (src/gpu/pipelines.ts): compiled on their first dispatch, not
 * by `getDevice()`; one defined after the device was acquired still runs, and
 * one that does not compile fails the work that dispatches it with the
 * device's message while later work runs normally.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultDevice } from '../../src/gpu/device.js';
import { dispatchAll } from '../../src/gpu/dispatch.js';
import { defineKernel } from '../../src/gpu/pipelines.js';
import { outputTensor } from '../../src/tensor/create.js';
import { setupGpu } from '../support/gpu.js';

const fillCode = `
@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@group(0) @binding(1) var<uniform> params: vec4u;
override VALUE: f32 = 0.0;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x < params.x) { out[id.x] = VALUE + f32(id.x); }
}`;

describe('lazy kernels', () => {
  beforeAll(() => setupGpu('lazy kernels'));

  it('a lazy kernel defined after getDevice() compiles on its first dispatch, with its constants', async () => {
    const device = defaultDevice();
    const kernel = defineKernel({ name: 'test-lazy-fill', code: fillCode, constants: { VALUE: 0.5 }, lazy: true });
    const out = outputTensor(device, 'test', [100], 'float32');
    const steps = [{ kernel, buffers: [out.buffer], params: new Uint32Array([100, 0, 0, 0]), workgroups: 2 }];
    expect(await dispatchAll(device, steps)).toBeNull();
    expect([...(await out.data())]).toEqual(Array.from({ length: 100 }, (_, i) => 0.5 + i));
    out.dispose();
  });

  it("a lazy kernel that does not compile fails its dispatch with the device's message, and later work runs", async () => {
    const device = defaultDevice();
    const broken = defineKernel({ name: 'test-lazy-broken', code: fillCode.replace('VALUE + f32(id.x)', 'VALUE + undefinedName'), lazy: true });
    const working = defineKernel({ name: 'test-lazy-after-broken', code: fillCode, lazy: true });
    const out = outputTensor(device, 'test', [4], 'float32');
    const params = new Uint32Array([4, 0, 0, 0]);
    const error = await dispatchAll(device, [{ kernel: broken, buffers: [out.buffer], params, workgroups: 1 }]);
    expect(error?.message).toMatch(/undefinedName/);
    expect(await dispatchAll(device, [{ kernel: working, buffers: [out.buffer], params, workgroups: 1 }])).toBeNull();
    expect([...(await out.data())]).toEqual([0, 1, 2, 3]);
    out.dispose();
  });
});
