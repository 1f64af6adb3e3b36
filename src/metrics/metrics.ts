/**
 * Metrics by name, resolved as TensorFlow.js's `compile` does: 'accuracy'
 * (or 'acc') becomes binary, sparse categorical or categorical accuracy
 * depending on the output and the loss, and is logged as `acc`; any other
 * metric is logged under the name it was given.
 */
import { isSparse, type LossName, type RowMetric } from '../cpu/losses.js';
import type { Shape } from '../layers/shape.js';
import { lossNames } from '../losses/losses.js';
import { formatValue } from '../validate/position.js';

/** The metric names `compile` takes. */
export type MetricIdentifier =
  | 'accuracy'
  | 'acc'
  | 'crossentropy'
  | 'ce'
  | 'binaryAccuracy'
  | 'categoricalAccuracy'
  | 'sparseCategoricalAccuracy'
  | 'mse'
  | 'meanSquaredError'
  | 'mae'
  | 'meanAbsoluteError'
  | 'binaryCrossentropy'
  | 'categoricalCrossentropy'
  | 'sparseCategoricalCrossentropy';

/** A resolved metric: the key of its values in logs and history, and what it computes per row. */
export interface Metric {
  name: string;
  kind: RowMetric;
}

const direct: Record<string, RowMetric> = {
  binaryAccuracy: 'binaryAccuracy',
  categoricalAccuracy: 'categoricalAccuracy',
  sparseCategoricalAccuracy: 'sparseCategoricalAccuracy',
  ...lossNames,
};

/** Accuracy or cross-entropy for `loss` and an output of `units` along its last axis, as TensorFlow.js picks them. */
function picked(metric: 'acc' | 'ce', loss: LossName, units: number | null): RowMetric {
  if (units === 1 || loss === 'binaryCrossentropy') return metric === 'acc' ? 'binaryAccuracy' : 'binaryCrossentropy';
  if (loss === 'sparseCategoricalCrossentropy') return metric === 'acc' ? 'sparseCategoricalAccuracy' : 'sparseCategoricalCrossentropy';
  return metric === 'acc' ? 'categoricalAccuracy' : 'categoricalCrossentropy';
}

/**
 * @internal The metrics `identifiers` names for a model trained with `loss`
 * whose output has shape `output`, in order; a name given twice is logged
 * the second time with `_2` appended (TensorFlow.js's deduplication).
 * Metrics must read the targets the loss reads: class ids for a sparse
 * loss, else values shaped like the output (an output of one unit takes
 * either).
 *
 * @example
 * ```ts
 * metricsFrom(['accuracy', 'mse'], 'binaryCrossentropy', [null, 1], "Model 'm'.compile");
 * // [{ name: 'acc', kind: 'binaryAccuracy' }, { name: 'mse', kind: 'meanSquaredError' }]
 * ```
 */
export function metricsFrom(identifiers: unknown, loss: LossName, output: Shape, owner: string): Metric[] {
  if (identifiers === undefined || identifiers === null) return [];
  const list = Array.isArray(identifiers) ? identifiers : [identifiers];
  const units = output[output.length - 1];
  const seen = new Map<string, number>();
  return list.map((identifier) => {
    let metric: Metric;
    if (identifier === 'accuracy' || identifier === 'acc') metric = { name: 'acc', kind: picked('acc', loss, units) };
    else if (identifier === 'crossentropy' || identifier === 'ce') metric = { name: 'ce', kind: picked('ce', loss, units) };
    else if (typeof identifier === 'string' && direct[identifier]) metric = { name: identifier, kind: direct[identifier] };
    else {
      throw new TypeError(`${owner}: expected metrics to be names among 'accuracy', 'mse', 'mae', 'binaryCrossentropy', 'categoricalCrossentropy', 'sparseCategoricalCrossentropy', 'binaryAccuracy', 'categoricalAccuracy', 'sparseCategoricalAccuracy', 'crossentropy', received ${formatValue(identifier)}.`);
    }
    if (units !== 1 && isSparse(metric.kind) !== isSparse(loss)) {
      const targets = isSparse(loss) ? 'class ids' : 'values shaped like the output';
      throw new TypeError(`${owner}: metric '${identifier}' (${metric.kind}) cannot read the targets of loss '${loss}', which are ${targets}.`);
    }
    const count = (seen.get(metric.name) ?? 0) + 1;
    seen.set(metric.name, count);
    return count === 1 ? metric : { ...metric, name: `${metric.name}_${count}` };
  });
}
