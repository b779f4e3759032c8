import type { RegressionMetrics } from '../../../shared/domain/validation';
import { histogram } from './histogram';

export const ERROR_HISTOGRAM_BINS = 30;

/** Predictions and truth of a regression output, `[s * width + e]`. */
export interface RegressionSamples {
  readonly truth: ArrayLike<number>;
  readonly predicted: ArrayLike<number>;
  readonly width: number;
  /** What a do-nothing model would say (the input passed through), same layout; for `rmseRatio`. */
  readonly baseline?: ArrayLike<number>;
}

function rmseOf(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] - b[i]) ** 2;
  return Math.sqrt(sum / a.length);
}

/**
 * MAE and RMSE over every element; R² per element (column) averaged uniformly, as
 * scikit-learn's `r2_score` does for multi-output targets (a constant column whose prediction
 * is perfect scores 1, otherwise 0 — its convention too); the signed error histogram.
 */
export function regressionMetrics(output: string, units: string, s: RegressionSamples): RegressionMetrics {
  const { truth, predicted, width } = s;
  const n = truth.length / width;
  const errors = new Float64Array(truth.length);
  let absSum = 0;
  for (let i = 0; i < truth.length; i++) {
    errors[i] = predicted[i] - truth[i];
    absSum += Math.abs(errors[i]);
  }
  let r2Sum = 0;
  for (let e = 0; e < width; e++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += truth[i * width + e];
    m /= n;
    let ssRes = 0;
    let ssTot = 0;
    for (let i = 0; i < n; i++) {
      ssRes += errors[i * width + e] ** 2;
      ssTot += (truth[i * width + e] - m) ** 2;
    }
    r2Sum += ssTot === 0 ? (ssRes === 0 ? 1 : 0) : 1 - ssRes / ssTot;
  }
  const rmse = rmseOf(predicted, truth);
  const baselineRmse = s.baseline ? rmseOf(s.baseline, truth) : 0;
  return {
    kind: 'regression',
    output,
    units,
    samples: n,
    mae: absSum / truth.length,
    rmse,
    r2: r2Sum / width,
    rmseRatio: baselineRmse > 0 ? rmse / baselineRmse : null,
    errorHistogram: histogram(errors, ERROR_HISTOGRAM_BINS),
  };
}
