import { describe, expect, it } from 'vitest';
import { Prng } from '../../devices/simulators/prng';
import { pythonReference } from '../testing/pythonReference';
import { classificationMetrics, confusionMatrix, reliability } from './classificationMetrics';
import { eventMetrics, matchEvents } from './eventMetrics';
import { localisationMetrics } from './localisationMetrics';
import { multilabelMetrics } from './multilabelMetrics';
import { regressionMetrics } from './regressionMetrics';

/** A noisy classifier over `k` classes: right with probability ~0.7, probabilities softmax of noisy logits. */
function fakeClassifier(n: number, k: number, seed: number): { truth: number[]; predicted: number[]; probabilities: number[] } {
  const rng = new Prng(seed);
  const truth: number[] = [];
  const predicted: number[] = [];
  const probabilities: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = rng.int(k);
    const logits = Array.from({ length: k }, (_, c) => (c === t ? 1.5 : 0) + rng.gaussian(0, 1));
    const max = Math.max(...logits);
    const exps = logits.map((l) => Math.exp(l - max));
    const sum = exps.reduce((a, b) => a + b, 0);
    const p = exps.map((e) => e / sum);
    truth.push(t);
    predicted.push(p.indexOf(Math.max(...p)));
    probabilities.push(...p);
  }
  return { truth, predicted, probabilities };
}

describe('classification metrics', () => {
  it('matches a hand-computed 3-class case', () => {
    // truth: A A A B B C ; predicted: A A B B C C
    const truth = [0, 0, 0, 1, 1, 2];
    const predicted = [0, 0, 1, 1, 2, 2];
    const probabilities = [0.9, 0.05, 0.05, 0.8, 0.1, 0.1, 0.3, 0.6, 0.1, 0.1, 0.7, 0.2, 0.2, 0.2, 0.6, 0.1, 0.1, 0.8];
    const m = classificationMetrics('out', ['A', 'B', 'C'], { truth, predicted, probabilities, sampleIds: [10, 11, 12, 13, 14, 15] });
    expect(m.confusion).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
    expect(m.accuracy).toBeCloseTo(4 / 6, 12);
    // A: P 2/2, R 2/3 → F1 0.8; B: P 1/2, R 1/2 → 0.5; C: P 1/2, R 1 → 2/3.
    expect(m.perClass.map((c) => c.f1)).toEqual([0.8, 0.5, 2 / 3].map((v) => expect.closeTo(v, 12) as unknown as number));
    expect(m.macroF1).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3, 12);
    expect(m.cells[0][1]).toEqual([12]);
    expect(m.cells[1][2]).toEqual([14]);
    expect(m.thresholdSweep).toEqual([]);
  });

  it('computes ECE from the reliability bins by hand', () => {
    // Two samples at 0.95 (one right), two at 0.55 (both right): |0.5−0.95|·½ + |1−0.55|·½ = 0.45.
    const r = reliability([0.95, 0.95, 0.55, 0.55], [1, 0, 1, 1]);
    expect(r.ece).toBeCloseTo(0.45, 12);
    expect(r.reliability[9]).toMatchObject({ count: 2, accuracy: 0.5 });
    expect(r.reliability[5]).toMatchObject({ count: 2, accuracy: 1 });
  });

  it('agrees with scikit-learn on 2000 samples of 6 classes (confusion matrix, per-class, macro and micro F1)', () => {
    const { truth, predicted, probabilities } = fakeClassifier(2000, 6, 11);
    const labels = ['a', 'b', 'c', 'd', 'e', 'f'];
    const m = classificationMetrics('out', labels, { truth, predicted, probabilities, sampleIds: truth.map((_, i) => i) });
    const ref = pythonReference<{ cm: number[][]; p: number[]; r: number[]; f1: number[]; macro: number; micro: number; acc: number }>(
      `from sklearn.metrics import confusion_matrix, precision_recall_fscore_support, f1_score, accuracy_score
t, p = data['truth'], data['predicted']
pr, rc, f, _ = precision_recall_fscore_support(t, p, labels=list(range(6)), zero_division=0)
result = dict(cm=confusion_matrix(t, p, labels=list(range(6))).tolist(), p=pr.tolist(), r=rc.tolist(), f1=f.tolist(),
  macro=f1_score(t, p, average='macro'), micro=f1_score(t, p, average='micro'), acc=accuracy_score(t, p))`,
      { truth, predicted },
    );
    expect(m.confusion).toEqual(ref.cm);
    m.perClass.forEach((c, i) => {
      expect(c.precision).toBeCloseTo(ref.p[i], 12);
      expect(c.recall).toBeCloseTo(ref.r[i], 12);
      expect(c.f1).toBeCloseTo(ref.f1[i], 12);
    });
    expect(m.macroF1).toBeCloseTo(ref.macro, 12);
    expect(m.microF1).toBeCloseTo(ref.micro, 12);
    expect(m.accuracy).toBeCloseTo(ref.acc, 12);
  });

  it('sweeps the threshold of a binary classifier like scikit-learn does at each point', () => {
    const { truth, predicted, probabilities } = fakeClassifier(800, 2, 5);
    const m = classificationMetrics('out', ['neg', 'pos'], { truth, predicted, probabilities, sampleIds: truth.map((_, i) => i) });
    const scores = truth.map((_, i) => probabilities[i * 2 + 1]);
    const ref = pythonReference<number[][]>(
      `from sklearn.metrics import precision_recall_fscore_support
import numpy as np
s, t = np.array(data['scores']), np.array(data['truth'])
result = [list(precision_recall_fscore_support(t, (s >= th).astype(int), average='binary', zero_division=0)[:3]) for th in data['th']]`,
      { scores, truth, th: m.thresholdSweep.map((p) => p.threshold) },
    );
    m.thresholdSweep.forEach((point, i) => {
      expect(point.precision).toBeCloseTo(ref[i][0], 12);
      expect(point.recall).toBeCloseTo(ref[i][1], 12);
      expect(point.f1).toBeCloseTo(ref[i][2], 12);
    });
  });

  it('leaves a class absent from truth and predictions out of the macro average', () => {
    expect(confusionMatrix([0, 1], [0, 1], 3)).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 0],
    ]);
    const m = classificationMetrics('o', ['a', 'b', 'c'], { truth: [0, 1], predicted: [0, 1], probabilities: [1, 0, 0, 0, 1, 0], sampleIds: [0, 1] });
    expect(m.macroF1).toBe(1);
  });
});

describe('multi-label metrics', () => {
  it('agrees with scikit-learn on micro/macro F1, per-label scores and subset accuracy', () => {
    const rng = new Prng(3);
    const n = 500;
    const k = 5;
    const truth: number[] = [];
    const probabilities: number[] = [];
    for (let i = 0; i < n * k; i++) {
      const t = rng.next() < 0.3 ? 1 : 0;
      truth.push(t);
      probabilities.push(Math.min(1, Math.max(0, (t ? 0.65 : 0.3) + rng.gaussian(0, 0.2))));
    }
    const thresholds = [0.5, 0.4, 0.5, 0.6, 0.5];
    const m = multilabelMetrics('notes', ['a', 'b', 'c', 'd', 'e'], { truth, probabilities, thresholds });
    const ref = pythonReference<{ micro: number; macro: number; f1: number[]; subset: number }>(
      `from sklearn.metrics import f1_score, accuracy_score
import numpy as np
t = np.array(data['truth']).reshape(-1, 5)
p = (np.array(data['p']).reshape(-1, 5) >= np.array(data['th'])).astype(int)
result = dict(micro=f1_score(t, p, average='micro'), macro=f1_score(t, p, average='macro', zero_division=0),
  f1=f1_score(t, p, average=None, zero_division=0).tolist(), subset=accuracy_score(t, p))`,
      { truth, p: probabilities, th: thresholds },
    );
    expect(m.microF1).toBeCloseTo(ref.micro, 12);
    expect(m.macroF1).toBeCloseTo(ref.macro, 12);
    m.perLabel.forEach((l, i) => expect(l.f1).toBeCloseTo(ref.f1[i], 12));
    expect(m.subsetAccuracy).toBeCloseTo(ref.subset, 12);
  });
});

describe('regression metrics', () => {
  it('matches hand-computed MAE, RMSE and R²', () => {
    // truth 1 2 3 4, predicted 1 2 3 6: errors 0 0 0 2 → MAE 0.5, RMSE 1, R² = 1 − 4/5.
    const m = regressionMetrics('y', 'V', { truth: [1, 2, 3, 4], predicted: [1, 2, 3, 6], width: 1, baseline: [0, 0, 0, 0] });
    expect(m.mae).toBe(0.5);
    expect(m.rmse).toBe(1);
    expect(m.r2).toBeCloseTo(0.2, 12);
    expect(m.rmseRatio).toBeCloseTo(1 / Math.sqrt(30 / 4), 12);
    expect(m.errorHistogram.counts.reduce((a, b) => a + b, 0)).toBe(4);
  });

  it('agrees with scikit-learn on MAE, RMSE and multi-output R² (uniform average)', () => {
    const rng = new Prng(9);
    const n = 400;
    const width = 3;
    const truth: number[] = [];
    const predicted: number[] = [];
    for (let i = 0; i < n * width; i++) {
      const t = rng.gaussian(i % width, 1 + (i % width));
      truth.push(t);
      predicted.push(t * 0.9 + rng.gaussian(0, 0.4));
    }
    const m = regressionMetrics('y', 'V', { truth, predicted, width });
    const ref = pythonReference<{ mae: number; rmse: number; r2: number }>(
      `from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score
import numpy as np
t = np.array(data['t']).reshape(-1, 3); p = np.array(data['p']).reshape(-1, 3)
result = dict(mae=mean_absolute_error(t.ravel(), p.ravel()), rmse=float(np.sqrt(mean_squared_error(t.ravel(), p.ravel()))), r2=r2_score(t, p))`,
      { t: truth, p: predicted },
    );
    expect(m.mae).toBeCloseTo(ref.mae, 10);
    expect(m.rmse).toBeCloseTo(ref.rmse, 10);
    expect(m.r2).toBeCloseTo(ref.r2, 10);
  });
});

describe('localisation metrics', () => {
  it('gives median and p90 Euclidean error as numpy percentiles do', () => {
    const rng = new Prng(4);
    const truth: number[] = [];
    const predicted: number[] = [];
    for (let i = 0; i < 300; i++) {
      const x = rng.uniform(-1, 1);
      const y = rng.uniform(0.2, 2);
      truth.push(x, y);
      predicted.push(x + rng.gaussian(0, 0.05), y + rng.gaussian(0, 0.05));
    }
    const m = localisationMetrics('position', truth, predicted, 2);
    const ref = pythonReference<number[]>(
      `import numpy as np
e = np.linalg.norm(np.array(data['p']).reshape(-1, 2) - np.array(data['t']).reshape(-1, 2), axis=1)
result = [float(np.median(e)), float(np.percentile(e, 90)), float(e.mean())]`,
      { t: truth, p: predicted },
    );
    expect(m.medianErrorM).toBeCloseTo(ref[0], 12);
    expect(m.p90ErrorM).toBeCloseTo(ref[1], 12);
    expect(m.meanErrorM).toBeCloseTo(ref[2], 12);
    const cells = m.errorMap?.count.flat().reduce((a, b) => a + b, 0);
    expect(cells).toBe(300);
  });

  it('is exact on a hand case (3-4-5 triangle)', () => {
    const m = localisationMetrics('p', [0, 0, 0, 0], [3, 4, 0, 0], 2);
    expect(m.maxErrorM).toBe(5);
    expect(m.medianErrorM).toBe(2.5);
  });
});

describe('event metrics', () => {
  it('matches one-to-one within the tolerance, nearest first', () => {
    // True steps at 1.0 and 1.15; two detections near them and one far away.
    const m = eventMetrics('step_prob', 'step', [0.98, 1.1, 3.0], [1.0, 1.15], 0.1);
    expect(m).toMatchObject({ truePositives: 2, falsePositives: 1, falseNegatives: 0, precision: 2 / 3, recall: 1 });
    expect(m.falseTimesS).toEqual([3.0]);
    // Two detections around one true event: only one may take it.
    expect(matchEvents([0.95, 1.05], [1.0], 0.1).pairs).toHaveLength(1);
    const miss = eventMetrics('s', 'step', [], [1, 2], 0.1);
    expect(miss).toMatchObject({ recall: 0, precision: 0, f1: 0, missedTimesS: [1, 2] });
  });

  it('does not match outside the tolerance', () => {
    expect(matchEvents([1.2], [1.0], 0.1).pairs).toEqual([]);
    expect(matchEvents([1.1], [1.0], 0.1).pairs).toEqual([[0, 0]]);
  });
});
