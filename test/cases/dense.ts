/**
 * Dense: every activation's backward against central differences of the
 * CPU forward, the GPU trace (fused product + bias + activation; transposed
 * products backward) against the CPU twin at awkward sizes and beyond 65,535
 * workgroups, initialisers, checks and config. Shared by both tiers.
 */
import { cpu, Dense, Input, Model, Sequential, tensor, type Activation, type AnyHostTensor, type HostTensor, type Initializer, type Tensor } from '../../src/index.js';
import { assert, assertAllClose } from '../support/close.js';
import { expectThrowsWithoutLeak } from '../support/expect.js';
import { checkFiniteDifferences, checkTraceAgainstCpu, hostWeights } from '../support/gradients.js';
import { randomFloats, type Random } from '../support/random.js';
import type { Case } from './case.js';

const fitOptions = { training: true, seed: 11, step: 2 };
const activations: Activation[] = ['linear', 'relu', 'sigmoid', 'tanh', 'softmax'];

function hostFloats(rng: Random, shape: number[], scale = 1): AnyHostTensor {
  return { data: randomFloats(rng, shape.reduce((a, b) => a * b, 1)).map((v) => v * scale), shape };
}

/** A built Dense with random (not initialiser-shaped) weights, so every output is far from trivial. */
async function denseWith(rng: Random, inputs: number, units: number, activation: Activation, useBias = true): Promise<Dense> {
  const layer = new Dense({ units, activation, useBias });
  layer.build([null, inputs]);
  const values = [randomFloats(rng, inputs * units), ...(useBias ? [randomFloats(rng, units)] : [])];
  const given = values.map((v, i) => tensor(v, i === 0 ? [inputs, units] : [units]));
  layer.setWeights(given);
  given.forEach((t) => t.dispose());
  return layer;
}

/**
 * Inputs whose pre-activations all lie at least 0.05 from relu's kink, so
 * that no step of the central differences (0.01 on values within [-1, 1])
 * crosses it: a layer with one unit and one row would otherwise have every
 * element near the kink now and then, and nothing left to check.
 */
async function awayFromKinks(rng: Random, layer: Dense, shape: number[]): Promise<AnyHostTensor> {
  const [kernel, bias] = await hostWeights(layer);
  const inputs = shape[shape.length - 1];
  for (let attempt = 0; attempt < 1000; attempt++) {
    const x = hostFloats(rng, shape);
    const z = cpu.dense({ data: x.data as Float32Array, shape: [x.data.length / inputs, inputs] }, kernel as HostTensor, bias as HostTensor, 'linear');
    if (z.data.every((v) => Math.abs(v) >= 0.05)) return x;
  }
  throw new Error(`no input of shape [${shape}] keeps every pre-activation 0.05 away from 0 in 1000 draws`);
}

/** [input shape, units]: D not a multiple of 4, one row, an empty batch, thin products and 32 x 32 tiles with edges, a rank-3 input. */
const sizes: [number[], number][] = [
  [[5, 3], 4],
  [[1, 7], 1],
  [[33, 17], 35],
  [[33, 40], 35],
  [[70, 64], 33],
  [[0, 4], 3],
  [[2, 3, 6], 5],
];

export const cases: Case[] = [
  ...activations.flatMap((activation) =>
    sizes.map(([shape, units]): Case => ({
      name: `Dense(${units}, ${activation}) on [${shape}]: backward vs central differences, GPU trace vs CPU twin`,
      run: async (rng) => {
        const layer = await denseWith(rng, shape[shape.length - 1], units, activation);
        const differences = shape[0] > 0 && shape.reduce((a, b) => a * b, 1) < 200;
        const x = activation === 'relu' && differences ? await awayFromKinks(rng, layer, shape) : hostFloats(rng, shape);
        const label = `Dense ${activation} [${shape}] -> ${units}`;
        if (differences) checkFiniteDifferences(layer, [x], await hostWeights(layer), fitOptions, rng, label, { eps: 1e-2, samples: 25 });
        await checkTraceAgainstCpu(layer, [x], fitOptions, rng, label, { atol: 2e-5, rtol: 1e-4 });
        layer.dispose();
      },
    })),
  ),
  {
    name: 'Dense without a bias has only its kernel; backward vs central differences and GPU vs CPU',
    run: async (rng) => {
      const layer = await denseWith(rng, 6, 3, 'tanh', false);
      assert(layer.weights.length === 1 && layer.weights[0].name === `${layer.name}/kernel`, 'one weight, the kernel');
      const x = hostFloats(rng, [4, 6]);
      checkFiniteDifferences(layer, [x], await hostWeights(layer), fitOptions, rng, 'Dense no bias');
      await checkTraceAgainstCpu(layer, [x], fitOptions, rng, 'Dense no bias', { atol: 2e-5, rtol: 1e-4 });
      layer.dispose();
    },
  },
  {
    name: 'Dense forward and input gradient needing more than 65,535 workgroups in one dimension (2-D folded dispatch)',
    run: async (rng) => {
      // 5.6M rows x 3 units = 16.8M outputs, one invocation each (the thin-product kernel): ~65.6k workgroups of 256.
      // tanh, not relu: among 16.8M pre-activations some lie within float32 rounding of relu's kink, where the
      // GPU and the CPU may rightly disagree about the side.
      const layer = await denseWith(rng, 2, 3, 'tanh');
      await checkTraceAgainstCpu(layer, [hostFloats(rng, [5_600_000, 2])], fitOptions, rng, 'Dense folded', { atol: 1e-5, rtol: 1e-4 }, { weights: false });
      layer.dispose();
    },
  },
  {
    name: 'Dense in a model: predict equals the CPU reference; weights are kernel [inputs, units] then bias [units]',
    run: async (rng) => {
      const x = Input({ shape: [5], dtype: 'float32' });
      const hidden = new Dense({ units: 7, activation: 'relu', name: 'hidden', seed: 5 });
      const out = new Dense({ units: 2, activation: 'softmax', name: 'out', seed: 6 });
      const model = new Model({ inputs: x, outputs: out.apply(hidden.apply(x)) });
      assert(JSON.stringify(model.weights.map((w) => [w.name, ...w.shape])) === JSON.stringify([['hidden/kernel', 5, 7], ['hidden/bias', 7], ['out/kernel', 7, 2], ['out/bias', 2]]), 'weight names and shapes');
      const data = hostFloats(rng, [9, 5]);
      const [k1, b1] = await hostWeights(hidden);
      const [k2, b2] = await hostWeights(out);
      assert(b1.data.every((v) => v === 0), "bias initialiser 'zeros' by default");
      const h = cpu.dense(data as never, k1 as never, b1 as never, 'relu');
      const expected = cpu.dense(h, k2 as never, b2 as never, 'softmax');
      const y = model.predict(data.data, { batchSize: 4 }) as Tensor;
      assertAllClose(await y.data(), expected.data, 'two Dense layers', { atol: 1e-6, rtol: 1e-5 });
      y.dispose();
      const seq = new Sequential([new Dense({ units: 3, inputDim: 4 })]);
      assert(JSON.stringify(seq.outputShape) === '[null,3]', 'inputDim gives a Sequential its input');
      seq.dispose();
      model.dispose();
    },
  },
  {
    name: 'Dense checks its input and options with clear errors',
    run: async () => {
      const layer = new Dense({ units: 3, name: 'checked' });
      expectThrowsWithoutLeak(() => layer.apply(Input({ shape: [4] })), TypeError, "Dense 'checked': expected float32 inputs, received int32");
      expectThrowsWithoutLeak(() => layer.computeOutputShape([null, null]), RangeError, 'whose last dimension is known, received shape (None, None)');
      layer.apply(Input({ shape: [4], dtype: 'float32' }));
      expectThrowsWithoutLeak(() => layer.apply(Input({ shape: [5], dtype: 'float32' })), RangeError, "Dense 'checked': expected an input whose last dimension is 4, received shape (None, 5)");
      expectThrowsWithoutLeak(() => new Dense({ units: 0 }), RangeError, 'expected units to be a positive integer, received 0');
      expectThrowsWithoutLeak(() => new Dense({ units: 2, activation: 'gelu' as Activation }), TypeError, "expected activation to be one of 'linear', 'relu', 'sigmoid', 'tanh', 'softmax'");
      expectThrowsWithoutLeak(() => new Dense({ units: 2, kernelInitializer: 'xavier' as Initializer }), TypeError, 'expected kernelInitializer to be one of');
      layer.dispose();
    },
  },
  {
    name: "initialisers: glorotUniform (Dense's default), glorotNormal, heUniform, heNormal follow TF.js's variance scaling; seeds reproduce",
    run: async (rng) => {
      const seed = Math.floor(rng() * 1e9);
      const kernelOf = async (init: Initializer, s = seed, [inputs, units] = [200, 100]) => {
        const layer = new Dense({ units, kernelInitializer: init, seed: s });
        layer.build([null, inputs]);
        const [kernel] = await hostWeights(layer);
        layer.dispose();
        return kernel.data as Float32Array;
      };
      const stats = (v: Float32Array) => {
        const mean = v.reduce((a, b) => a + b, 0) / v.length;
        return { mean, std: Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length), peak: v.reduce((a, b) => Math.max(a, Math.abs(b)), 0) };
      };
      const glorot = await kernelOf('glorotUniform');
      const limit = Math.sqrt(6 / 300);
      assert(stats(glorot).peak <= limit && stats(glorot).peak > 0.95 * limit, `glorotUniform within ±${limit}: peak ${stats(glorot).peak}`);
      assertAllClose(await kernelOf('glorotUniform'), glorot, 'same seed, same kernel');
      assert((await kernelOf('glorotUniform', seed + 1)).some((v, i) => v !== glorot[i]), 'another seed, another kernel');
      const byDefault = new Dense({ units: 100, seed });
      byDefault.build([null, 200]);
      assertAllClose((await hostWeights(byDefault))[0].data, glorot, "Dense's default is glorotUniform");
      byDefault.dispose();
      const heU = stats(await kernelOf('heUniform'));
      assert(heU.peak <= Math.sqrt(6 / 200) && heU.peak > 0.95 * Math.sqrt(6 / 200), `heUniform limit: ${heU.peak}`);
      // Truncated at two standard deviations: the sample std is about 0.88 of the scale's.
      for (const [init, scale] of [['glorotNormal', Math.sqrt(2 / 300)], ['heNormal', Math.sqrt(2 / 200)]] as const) {
        const s = stats(await kernelOf(init));
        assert(Math.abs(s.mean) < 0.05 * scale && Math.abs(s.std / scale - 0.88) < 0.03 && s.peak <= 2 * scale, `${init}: ${JSON.stringify(s)} for scale ${scale}`);
      }
    },
  },
  {
    name: 'getConfig round-trips Dense through fromConfig',
    run: async () => {
      const layer = new Dense({ units: 4, activation: 'sigmoid', useBias: false, kernelInitializer: 'heNormal', biasInitializer: 'ones', seed: 3, name: 'cfg_dense', inputDim: 6 });
      const config = layer.getConfig();
      assert(JSON.stringify(Dense.fromConfig(config).getConfig()) === JSON.stringify(config), JSON.stringify(config));
      assert(config.units === 4 && config.activation === 'sigmoid' && config.useBias === false && config.kernelInitializer === 'heNormal', JSON.stringify(config));
    },
  },
];
