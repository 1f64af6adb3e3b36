/**
 * The data of one `fit` or `evaluate`: inputs and targets checked before any
 * GPU work, the validation split taken off the end (before any shuffling,
 * as Keras does), host data uploaded once, and GPU-resident data checked by
 * one kernel pass before the first update.
 */
import type { LossName } from '../cpu/losses.js';
import { sliceRows } from '../tensor/copy.js';
import { Embedding } from '../layers/embedding.js';
import type { Shape } from '../layers/shape.js';
import type { SymbolicTensor } from '../layers/symbolic.js';
import { checkValues } from '../ops/check-values.js';
import { tensor } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { positionOf } from '../validate/position.js';
import { batchOf, checkFeeds, indexReaders, type Feed } from './feed.js';
import { checkTargets, type TargetFeed } from './targets.js';

/** Checked inputs (one feed per model input) and targets, with the number of samples. */
export interface Checked {
  inputs: Feed[];
  target: TargetFeed;
  samples: number;
}

/** Data on the GPU: one tensor per input and the targets, `[samples, ...]`. */
export interface Resident {
  inputs: Tensor[];
  target: Tensor<'float32'>;
  samples: number;
}

/** The model's side of the checks. */
export interface DataModel {
  inputs: readonly SymbolicTensor[];
  steps: readonly SymbolicTensor[];
  output: Shape;
  loss: LossName;
}

/**
 * @internal Checks `x` and `y` for `model`, before any GPU work: every input
 * as `predict` checks it, the targets for the output and loss, and the same
 * number of samples in all.
 *
 * @example
 * ```ts
 * const data = checkData(model, [users, items], ratings, "Model 'm'.fit");
 * ```
 */
export function checkData(model: DataModel, x: unknown, y: unknown, owner: string): Checked {
  const inputs = checkFeeds(x, model.inputs, model.steps, owner);
  let target: TargetFeed;
  try {
    target = checkTargets(y, model.output, model.loss, owner);
    const samples = batchOf(inputs[0]);
    const targets = target.kind === 'host' ? target.shape[0] : target.tensor.shape[0];
    if (targets !== samples) {
      throw new RangeError(`${owner}: expected as many target samples as input samples (${samples}), received ${targets}.`);
    }
    return { inputs, target, samples };
  } catch (error) {
    for (const feed of inputs) if (feed.kind === 'tensor' && feed.owned) feed.tensor.dispose();
    throw error;
  }
}

/**
 * @internal Frees the tensors the checks made (views of reshaped tensors).
 *
 * @example
 * ```ts
 * release(data);
 * ```
 */
export function release(data: Checked): void {
  for (const feed of [...data.inputs, data.target]) if (feed.kind === 'tensor' && feed.owned) feed.tensor.dispose();
}

function sliceFeed<F extends Feed | TargetFeed>(feed: F, start: number, end: number): F {
  if (feed.kind === 'host') {
    const sample = feed.shape.slice(1).reduce((a, b) => a * b, 1);
    return { ...feed, data: feed.data.subarray(start * sample, end * sample), shape: [end - start, ...feed.shape.slice(1)] };
  }
  return { kind: 'tensor', tensor: sliceRows(feed.tensor, start, end - start, 'validation split'), owned: true } as F;
}

/**
 * @internal Keras's `validationSplit`: the last `fraction` of the samples
 * (from `floor(samples * (1 - fraction))` on) for validation, the rest for
 * training. Host data is viewed; tensors are copied (freed by `release`).
 *
 * @example
 * ```ts
 * const { train, validation } = splitData(data, 0.1);
 * ```
 */
export function splitData(data: Checked, fraction: number): { train: Checked; validation: Checked } {
  const at = Math.floor(data.samples * (1 - fraction));
  const part = (start: number, end: number): Checked => ({
    inputs: data.inputs.map((feed) => sliceFeed(feed, start, end)),
    target: sliceFeed(data.target, start, end),
    samples: end - start,
  });
  const train = part(0, at);
  try {
    return { train, validation: part(at, data.samples) };
  } catch (error) {
    release(train);
    throw error;
  }
}

function uploadFeed(feed: Feed | TargetFeed, made: Tensor[]): Tensor {
  if (feed.kind === 'tensor') return feed.tensor;
  const t = tensor(feed.data, feed.shape, feed.data instanceof Int32Array ? 'int32' : 'float32');
  made.push(t);
  return t;
}

/**
 * @internal Puts checked data on the GPU, uploading host values once;
 * `made` collects the tensors uploaded, which the caller frees.
 *
 * @example
 * ```ts
 * const made: Tensor[] = [];
 * const resident = upload(train, made);
 * ```
 */
export function upload(data: Checked, made: Tensor[]): Resident {
  return { inputs: data.inputs.map((feed) => uploadFeed(feed, made)), target: uploadFeed(data.target, made) as Tensor<'float32'>, samples: data.samples };
}

/**
 * @internal Checks the GPU-resident parts of `data` with one kernel pass
 * each and one read: index inputs against the Embeddings they feed, targets
 * for finite values (and class ids for a sparse loss). Host parts were
 * checked on the host already. Throws a RangeError naming the first bad
 * value and where it is.
 *
 * @example
 * ```ts
 * await checkResident(model, data, resident, "Model 'm'.fit");
 * ```
 */
export async function checkResident(model: DataModel, data: Checked, resident: Resident, owner: string): Promise<void> {
  const checks: Promise<string | null>[] = [];
  data.inputs.forEach((feed, i) => {
    if (feed.kind !== 'tensor') return;
    const input = model.inputs[i];
    const bounds = indexReaders(input, model.steps)
      .filter((layer) => !(layer instanceof Embedding && layer.outOfRange === 'zero'))
      .map((layer) => [layer.inputDim, layer.describe()] as const);
    if (!bounds.length) return;
    const [upper, layer] = bounds.reduce((a, b) => (b[0] < a[0] ? b : a));
    checks.push(
      checkValues(resident.inputs[i], { kind: 'indices', upper }).then((bad) => {
        if (!bad) {
          // Known in range now: the batches' lookups need no out-of-range report.
          resident.inputs[i].markIndicesBelow(upper);
          return null;
        }
        return `${layer}: expected integer indices in [0, ${upper}), received ${bad.value} at ${positionOf(bad.position, resident.inputs[i].shape)} of input '${input.layer.name}' (${bad.count} out of range)`;
      }),
    );
  });
  if (data.target.kind === 'tensor') {
    const classes = model.output[model.output.length - 1];
    const rule = model.loss === 'sparseCategoricalCrossentropy' && typeof classes === 'number' ? ({ kind: 'classes', upper: classes } as const) : ({ kind: 'finite' } as const);
    checks.push(
      checkValues(resident.target, rule).then((bad) =>
        bad ? `expected ${rule.kind === 'classes' ? `integer class ids in [0, ${rule.upper})` : 'finite targets'}, received ${bad.value} at ${positionOf(bad.position, resident.target.shape)} (${bad.count} such values)` : null,
      ),
    );
  }
  const problem = (await Promise.all(checks)).find((p) => p !== null);
  if (problem) throw new RangeError(`${owner}: ${problem}.`);
}
