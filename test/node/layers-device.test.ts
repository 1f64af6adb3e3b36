/**
 * A model whose weights were on a device that was lost: predict says so
 * with a DeviceLostError (the weights cannot move to the new device by
 * themselves), and disposing the model afterwards is safe.
 */
import { describe, expect, it } from 'vitest';
import { DeviceLostError, Embedding, getDevice, Input, Model, type Tensor } from '../../src/index.js';
import { setupGpu } from '../support/gpu.js';

describe('layers after device loss (Node)', () => {
  it('predict throws DeviceLostError for weights on the lost device; dispose still works', async () => {
    await setupGpu('layers after device loss');
    const x = Input({ shape: [1] });
    const model = new Model({ inputs: x, outputs: new Embedding({ inputDim: 4, outputDim: 2, embeddingsInitializer: 'ones' }).apply(x) });
    expect(await (model.predict([[1]]) as Tensor).array()).toEqual([[[1, 1]]]);
    const device = await getDevice();
    device.destroy();
    await device.lost;
    await getDevice();
    expect(() => model.predict([[1]])).toThrow(DeviceLostError);
    expect(() => model.dispose()).not.toThrow();
  });

  it('the same for float16 and int8 tables', async () => {
    await setupGpu('layers after device loss');
    for (const dtype of ['float16', 'int8'] as const) {
      const x = Input({ shape: [1] });
      const model = new Model({ inputs: x, outputs: new Embedding({ inputDim: 4, outputDim: 2, embeddingsInitializer: 'ones', dtype }).apply(x) });
      expect(await (model.predict([[1]]) as Tensor).array()).toEqual([[[1, 1]]]);
      const device = await getDevice();
      device.destroy();
      await device.lost;
      await getDevice();
      expect(() => model.predict([[1]]), dtype).toThrow(DeviceLostError);
      expect(() => model.dispose()).not.toThrow();
    }
  });
});
