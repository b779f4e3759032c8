import type { Comparison, Disagreement, MetricDelta, SampleResults, ValidationResult } from '../../shared/domain/validation';
import { percentile } from '../hil/signalStats';

/** Disagreeing samples listed per output (the count is always complete). */
export const MAX_LISTED_DISAGREEMENTS = 100;

/** Metrics where a smaller value is better, recognised by name when no manifest bound says so. */
const LOWER_IS_BETTER = /(error|mae|rmse|ece|loss)/;
const HIGHER_IS_BETTER = /(accuracy|f1|precision|recall|r2)/;

function direction(metric: string, bounds: Readonly<Record<string, { min?: number; max?: number }>>): 'higher' | 'lower' | undefined {
  const b = bounds[metric];
  if (b?.min !== undefined && b.max === undefined) return 'higher';
  if (b?.max !== undefined && b.min === undefined) return 'lower';
  if (LOWER_IS_BETTER.test(metric)) return 'lower';
  if (HIGHER_IS_BETTER.test(metric)) return 'higher';
  return undefined;
}

/** Metric deltas (b − a) over the metrics both runs computed, with which model did better. */
export function metricDeltas(a: ValidationResult, b: ValidationResult, bounds: Readonly<Record<string, { min?: number; max?: number }>>): MetricDelta[] {
  return Object.keys(a.metrics)
    .filter((m) => Object.hasOwn(b.metrics, m))
    .sort()
    .map((metric) => {
      const va = a.metrics[metric];
      const vb = b.metrics[metric];
      const delta = vb - va;
      const dir = direction(metric, bounds);
      const same = Math.abs(delta) <= 1e-12 * Math.max(1, Math.abs(va));
      const better = same ? 'same' : dir === undefined ? 'unknown' : (dir === 'higher') === delta > 0 ? 'b' : 'a';
      return { metric, a: va, b: vb, delta, better };
    });
}

/**
 * Samples where the models disagree: a different answer for classes, labels and events; for
 * numeric outputs, an error gap larger than the two models' median errors combined. Largest gap first.
 */
function disagreementsOf(a: SampleResults, b: SampleResults, numeric: boolean): Disagreement {
  const bBySample = new Map<number, number>();
  b.sample.forEach((s, i) => bBySample.set(s, i));
  const threshold = numeric ? percentile(a.error, 50) + percentile(b.error, 50) : 0;
  const rows: Disagreement['samples'] = [];
  a.sample.forEach((s, i) => {
    const j = bBySample.get(s);
    if (j === undefined) return;
    const differs = numeric ? Math.abs(a.error[i] - b.error[j]) > threshold : a.predicted[i] !== b.predicted[j];
    if (differs) rows.push({ sample: s, a: a.predicted[i], b: b.predicted[j], errorA: a.error[i], errorB: b.error[j] });
  });
  rows.sort((x, y) => Math.abs(y.errorA - y.errorB) - Math.abs(x.errorA - x.errorB));
  return { output: a.output, count: rows.length, samples: rows.slice(0, MAX_LISTED_DISAGREEMENTS) };
}

/** Compares two models' results on the same dataset: metric deltas and per-sample disagreements per output. */
export function compareResults(a: ValidationResult, b: ValidationResult, bounds: Readonly<Record<string, { min?: number; max?: number }>>): Comparison {
  const kinds = new Map(a.outputs.map((o) => [o.output, o.kind]));
  const disagreements = a.perSample.flatMap((resultsA) => {
    const resultsB = b.perSample.find((r) => r.output === resultsA.output);
    const kind = kinds.get(resultsA.output);
    return resultsB && kind ? [disagreementsOf(resultsA, resultsB, kind === 'regression' || kind === 'localisation')] : [];
  });
  return { deltas: metricDeltas(a, b, bounds), disagreements };
}
