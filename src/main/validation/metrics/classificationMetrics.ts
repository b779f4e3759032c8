import type { ClassificationMetrics, ClassScores, ReliabilityBin, ThresholdPoint } from '../../../shared/domain/validation';

/** Sample indices kept per confusion cell for drill-down; the counts are always complete. */
export const MAX_CELL_SAMPLES = 200;
/** Equal-width confidence bins of the reliability diagram and ECE. */
export const RELIABILITY_BINS = 10;

/** What a classifier said about each scored sample. */
export interface ClassifiedSamples {
  /** True class index per sample. */
  readonly truth: ArrayLike<number>;
  /** Arg-max class index per sample. */
  readonly predicted: ArrayLike<number>;
  /** Probability of every class, `probabilities[s * classes + k]`. */
  readonly probabilities: ArrayLike<number>;
  /** The dataset's sample index of each scored sample (drill-down). */
  readonly sampleIds: ArrayLike<number>;
}

/** `confusion[t][p]`: how many samples of true class t were predicted as p. */
export function confusionMatrix(truth: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): number[][] {
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < truth.length; i++) m[truth[i]][predicted[i]] += 1;
  return m;
}

/** Precision, recall and F1 from counts; 0 where a ratio has no denominator (scikit-learn's zero_division=0). */
export function scoresFromCounts(label: string, tp: number, fp: number, fn: number): ClassScores {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = 2 * tp + fp + fn === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  return { label, precision, recall, f1, support: tp + fn };
}

/**
 * Reliability bins and expected calibration error: confidences binned into equal-width bins,
 * each bin's mean confidence against how often its samples were right (`correct` 1/0).
 */
export function reliability(confidence: ArrayLike<number>, correct: ArrayLike<number>, bins = RELIABILITY_BINS): { ece: number; reliability: ReliabilityBin[] } {
  const count = new Array<number>(bins).fill(0);
  const sumConf = new Array<number>(bins).fill(0);
  const sumCorrect = new Array<number>(bins).fill(0);
  for (let i = 0; i < confidence.length; i++) {
    const c = confidence[i];
    const b = Math.min(bins - 1, Math.max(0, Math.floor(c * bins)));
    count[b] += 1;
    sumConf[b] += c;
    sumCorrect[b] += correct[i];
  }
  let ece = 0;
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    const meanConfidence = count[b] === 0 ? 0 : sumConf[b] / count[b];
    const accuracy = count[b] === 0 ? 0 : sumCorrect[b] / count[b];
    if (count[b] > 0) ece += (count[b] / confidence.length) * Math.abs(accuracy - meanConfidence);
    out.push({ lo: b / bins, hi: (b + 1) / bins, count: count[b], meanConfidence, accuracy });
  }
  return { ece: confidence.length === 0 ? Number.NaN : ece, reliability: out };
}

/** Thresholds of every sweep: 0.05, 0.10, … 0.95. */
export const SWEEP_THRESHOLDS: readonly number[] = Array.from({ length: 19 }, (_, i) => Math.round((i + 1) * 5) / 100);

/** Precision/recall/F1 of "score ≥ threshold" against binary truth, at each sweep threshold. */
export function thresholdSweep(scores: ArrayLike<number>, positive: ArrayLike<number>): ThresholdPoint[] {
  return SWEEP_THRESHOLDS.map((threshold) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < scores.length; i++) {
      const said = scores[i] >= threshold;
      if (said && positive[i]) tp++;
      else if (said) fp++;
      else if (positive[i]) fn++;
    }
    const { precision, recall, f1 } = scoresFromCounts('', tp, fp, fn);
    return { threshold, precision, recall, f1 };
  });
}

/** Every classification metric of one output, with the confusion cells' sample indices. */
export function classificationMetrics(output: string, labels: readonly string[], samples: ClassifiedSamples): ClassificationMetrics {
  const k = labels.length;
  const n = samples.truth.length;
  const confusion = confusionMatrix(samples.truth, samples.predicted, k);
  const cells = Array.from({ length: k }, () => Array.from({ length: k }, (): number[] => []));
  const confidence = new Float64Array(n);
  const correct = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const t = samples.truth[i];
    const p = samples.predicted[i];
    const cell = cells[t][p];
    if (cell.length < MAX_CELL_SAMPLES) cell.push(samples.sampleIds[i]);
    confidence[i] = samples.probabilities[i * k + p];
    correct[i] = t === p ? 1 : 0;
  }
  const perClass = labels.map((label, c) => {
    const tp = confusion[c][c];
    let fp = 0;
    let fn = 0;
    for (let o = 0; o < k; o++) {
      if (o === c) continue;
      fp += confusion[o][c];
      fn += confusion[c][o];
    }
    return scoresFromCounts(label, tp, fp, fn);
  });
  // scikit-learn averages over the labels that occur in the truth or the predictions.
  const present = perClass.filter((_, c) => confusion[c].some((v) => v > 0) || confusion.some((row) => row[c] > 0));
  const diagonal = confusion.reduce((s, row, c) => s + row[c], 0);
  const accuracy = n === 0 ? Number.NaN : diagonal / n;
  const positive = new Uint8Array(n);
  const positiveScore = new Float64Array(n);
  if (k === 2) {
    for (let i = 0; i < n; i++) {
      positive[i] = samples.truth[i] === 1 ? 1 : 0;
      positiveScore[i] = samples.probabilities[i * 2 + 1];
    }
  }
  return {
    kind: 'classification',
    output,
    labels: [...labels],
    samples: n,
    accuracy,
    macroF1: present.length === 0 ? Number.NaN : present.reduce((s, c) => s + c.f1, 0) / present.length,
    microF1: accuracy,
    perClass,
    confusion,
    cells,
    ...reliability(confidence, correct),
    thresholdSweep: k === 2 ? thresholdSweep(positiveScore, positive) : [],
  };
}
