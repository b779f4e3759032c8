import type { MetricCheck, OutputMetrics } from '../../shared/domain/validation';

/**
 * The flat metric names a manifest's `validation` block can bound (docs/validation.md lists them):
 * `<output>_<stat>` for every scored output (`<label>_<stat>` too for events), and the bare
 * `<stat>` when exactly one output has that statistic (so a one-output classifier's `accuracy`).
 */
export function flattenMetrics(outputs: readonly OutputMetrics[]): Record<string, number> {
  const prefixed: Record<string, number> = {};
  const bare = new Map<string, number[]>();
  const put = (prefix: string, stat: string, value: number | null): void => {
    if (value === null || !Number.isFinite(value)) return;
    prefixed[`${prefix}_${stat}`] = value;
  };
  for (const m of outputs) {
    const stats = statsOf(m);
    for (const [stat, value] of Object.entries(stats)) {
      put(m.output, stat, value);
      if (m.kind === 'events') put(m.label, stat, value);
      if (value !== null && Number.isFinite(value)) bare.set(stat, [...(bare.get(stat) ?? []), value]);
    }
  }
  for (const [stat, values] of bare) if (values.length === 1 && !(stat in prefixed)) prefixed[stat] = values[0];
  return prefixed;
}

function statsOf(m: OutputMetrics): Record<string, number | null> {
  switch (m.kind) {
    case 'classification':
      return { accuracy: m.accuracy, macro_f1: m.macroF1, micro_f1: m.microF1, ece: m.ece };
    case 'multilabel':
      return { micro_f1: m.microF1, macro_f1: m.macroF1, subset_accuracy: m.subsetAccuracy, micro_precision: m.microPrecision, micro_recall: m.microRecall, ece: m.ece };
    case 'regression':
      return { mae: m.mae, rmse: m.rmse, r2: m.r2, rmse_ratio: m.rmseRatio };
    case 'localisation':
      return { mean_error_m: m.meanErrorM, median_error_m: m.medianErrorM, p90_error_m: m.p90ErrorM, max_error_m: m.maxErrorM };
    case 'events':
      return { precision: m.precision, recall: m.recall, f1: m.f1 };
  }
}

/** Checks every bound of the manifest's `validation` block; a metric the run could not compute fails its check. */
export function checkThresholds(bounds: Readonly<Record<string, { min?: number; max?: number }>>, metrics: Readonly<Record<string, number>>, known: readonly string[]): MetricCheck[] {
  return Object.entries(bounds).map(([metric, b]) => {
    const value = Object.hasOwn(metrics, metric) ? metrics[metric] : null;
    const limits = { ...(b.min === undefined ? {} : { min: b.min }), ...(b.max === undefined ? {} : { max: b.max }) };
    if (value === null) {
      return {
        metric,
        value: null,
        ...limits,
        passed: false,
        note: `not computed on this dataset: the run gave ${known.length === 0 ? 'no metrics' : known.join(', ')}`,
      };
    }
    const passed = (b.min === undefined || value >= b.min) && (b.max === undefined || value <= b.max);
    return { metric, value, ...limits, passed };
  });
}
