import type { MultilabelMetrics } from '../../../shared/domain/validation';
import { reliability, scoresFromCounts, thresholdSweep } from './classificationMetrics';

/** Probabilities and multi-hot truth of a multi-label output, `[s * labels + l]`. */
export interface MultilabelSamples {
  readonly truth: ArrayLike<number>;
  readonly probabilities: ArrayLike<number>;
  /** One threshold per label (the manifest's). */
  readonly thresholds: readonly number[];
}

/**
 * Per-label and averaged scores of a multi-label output at the manifest's thresholds, the
 * calibration of every (sample, label) probability, and a common-threshold sweep.
 */
export function multilabelMetrics(output: string, labels: readonly string[], s: MultilabelSamples): MultilabelMetrics {
  const k = labels.length;
  const n = s.truth.length / k;
  const tp = new Array<number>(k).fill(0);
  const fp = new Array<number>(k).fill(0);
  const fn = new Array<number>(k).fill(0);
  let exact = 0;
  for (let i = 0; i < n; i++) {
    let allRight = true;
    for (let l = 0; l < k; l++) {
      const said = s.probabilities[i * k + l] >= s.thresholds[l];
      const actual = s.truth[i * k + l] === 1;
      if (said && actual) tp[l]++;
      else if (said) fp[l]++;
      else if (actual) fn[l]++;
      if (said !== actual) allRight = false;
    }
    if (allRight) exact++;
  }
  const perLabel = labels.map((label, l) => scoresFromCounts(label, tp[l], fp[l], fn[l]));
  const sum = (a: number[]): number => a.reduce((x, y) => x + y, 0);
  const micro = scoresFromCounts('micro', sum(tp), sum(fp), sum(fn));
  const correct = new Uint8Array(s.truth.length);
  for (let i = 0; i < correct.length; i++) correct[i] = s.truth[i] === 1 ? 1 : 0;
  return {
    kind: 'multilabel',
    output,
    labels: [...labels],
    samples: n,
    subsetAccuracy: n === 0 ? Number.NaN : exact / n,
    microF1: micro.f1,
    macroF1: sum(perLabel.map((p) => p.f1)) / k,
    microPrecision: micro.precision,
    microRecall: micro.recall,
    perLabel,
    // Each probability is a claim "this label is present with probability p": calibrated when p matches the frequency.
    ...reliability(s.probabilities, correct),
    thresholdSweep: thresholdSweep(s.probabilities, correct),
  };
}
