/** The default device: acquired once, borrowed devices stay the caller's, loss is a clear error. */
import { describe, expect, it } from 'vitest';
import { adapterInfo, DeviceLostError, gather, getDevice, tensor } from '../../src/index.js';
import { setupGpu } from '../support/gpu.js';

describe('getDevice', () => {
  it('acquires one device and returns it again', async () => {
    await setupGpu('device');
    expect(await getDevice()).toBe(await getDevice());
    expect(adapterInfo().vendor.length + adapterInfo().architecture.length).toBeGreaterThan(0);
  });

  it('borrows a device handed in, never destroys it and never modifies it', async () => {
    // getDevice() already pointed the Vulkan loader at a working driver for this process.
    const gpu = (await import('webgpu')).create([]);
    const mine = await (await gpu.requestAdapter())!.requestDevice();
    const ownProperties = Object.getOwnPropertyNames(mine);
    expect(await getDevice({ device: mine })).toBe(mine);
    expect(Object.getOwnPropertyNames(mine), 'no property of the borrowed device was added or replaced').toEqual(ownProperties);
    expect(mine.destroy).toBe(Object.getPrototypeOf(mine).destroy);
    const rows = gather(tensor([[1, 2], [3, 4]]), [1]);
    expect(rows.device).toBe(mine);
    expect(await rows.array()).toEqual([[3, 4]]);
    rows.dispose();
    let lost = false;
    void mine.lost.then(() => (lost = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(lost).toBe(false);
  });

  it('sees the loss of a borrowed device through device.lost: pending reads reject, later ops throw', async () => {
    const gpu = (await import('webgpu')).create([]);
    const mine = await (await gpu.requestAdapter())!.requestDevice();
    await getDevice({ device: mine });
    const rows = gather(tensor([[1, 2], [3, 4]]), [1]);
    const pending = rows.data();
    mine.destroy();
    await expect(pending).rejects.toThrow(DeviceLostError);
    await mine.lost;
    expect(() => tensor([1])).toThrow('The GPU device was lost because it was destroyed');
    await expect(rows.data()).rejects.toThrow(DeviceLostError);
    rows.dispose();
    const fresh = await getDevice();
    expect(fresh).not.toBe(mine);
    expect(await gather(tensor([[5, 6]]), [0]).array()).toEqual([[5, 6]]);
  });

  it("never blames its reads on other code's errors on a shared device", async () => {
    const device = await getDevice();
    const uncaptured: GPUError[] = [];
    const listen = (event: Event) => uncaptured.push((event as GPUUncapturedErrorEvent).error);
    device.addEventListener('uncapturederror', listen);
    // Someone else's invalid call, outside any of the library's error scopes.
    device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.STORAGE });
    const rows = gather(tensor([[1, 2], [3, 4]]), [1, 0]);
    expect(await rows.array()).toEqual([[3, 4], [1, 2]]);
    rows.dispose();
    await device.queue.onSubmittedWorkDone();
    await new Promise((r) => setTimeout(r, 50));
    device.removeEventListener('uncapturederror', listen);
    expect(uncaptured.length, 'the invalid call did raise an uncaptured error').toBeGreaterThan(0);
  });

  it('reports a lost device as DeviceLostError, then acquires a new one', async () => {
    const device = await getDevice();
    const t = tensor([1, 2, 3]);
    const pending = t.data();
    device.destroy();
    await expect(pending).rejects.toThrow(DeviceLostError);
    await device.lost;
    expect(() => tensor([1])).toThrow(DeviceLostError);
    expect(() => tensor([1])).toThrow('The GPU device was lost because it was destroyed; call await getDevice() to acquire a new one.');
    const fresh = await getDevice();
    expect(fresh).not.toBe(device);
    expect(await gather(tensor([[5, 6]]), [0]).array()).toEqual([[5, 6]]);
  });
});
