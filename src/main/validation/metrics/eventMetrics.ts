import type { EventMetrics } from '../../../shared/domain/validation';
import { scoresFromCounts } from './classificationMetrics';

/** Times kept in the drill-down lists of missed and false events. */
export const MAX_LISTED_EVENTS = 500;

/** The pairs and leftovers of matching detected events to true ones. */
export interface EventMatching {
  /** [detected index, true index] pairs. */
  readonly pairs: readonly (readonly [number, number])[];
  readonly unmatchedDetected: readonly number[];
  readonly unmatchedTrue: readonly number[];
}

/**
 * One-to-one matching in time order: each detection takes the nearest still unmatched true
 * event within ±tolerance (ties go to the earlier true event). Both lists must be sorted.
 * This is the rule the step model was trained and scored with (models/imu decoding.json).
 */
export function matchEvents(detected: readonly number[], truth: readonly number[], tolerance: number): EventMatching {
  const used = new Uint8Array(truth.length);
  const pairs: [number, number][] = [];
  const unmatchedDetected: number[] = [];
  let lo = 0;
  detected.forEach((t, d) => {
    while (lo < truth.length && truth[lo] < t - tolerance) lo++;
    let best = -1;
    for (let k = lo; k < truth.length && truth[k] <= t + tolerance; k++) {
      if (used[k]) continue;
      if (best < 0 || Math.abs(truth[k] - t) < Math.abs(truth[best] - t)) best = k;
    }
    if (best >= 0) {
      used[best] = 1;
      pairs.push([d, best]);
    } else {
      unmatchedDetected.push(d);
    }
  });
  const unmatchedTrue: number[] = [];
  used.forEach((u, k) => {
    if (!u) unmatchedTrue.push(k);
  });
  return { pairs, unmatchedDetected, unmatchedTrue };
}

/** Precision, recall and F1 of detected event times against true ones (seconds), with the drill-down lists. */
export function eventMetrics(output: string, label: string, detectedS: readonly number[], truthS: readonly number[], toleranceS: number): EventMetrics {
  const m = matchEvents(detectedS, truthS, toleranceS);
  const tp = m.pairs.length;
  const scores = scoresFromCounts(label, tp, m.unmatchedDetected.length, m.unmatchedTrue.length);
  const offset = m.pairs.reduce((s, [d, t]) => s + detectedS[d] - truthS[t], 0);
  return {
    kind: 'events',
    output,
    label,
    toleranceS,
    trueEvents: truthS.length,
    detected: detectedS.length,
    truePositives: tp,
    falsePositives: m.unmatchedDetected.length,
    falseNegatives: m.unmatchedTrue.length,
    precision: scores.precision,
    recall: scores.recall,
    f1: scores.f1,
    meanOffsetS: tp === 0 ? Number.NaN : offset / tp,
    missedTimesS: m.unmatchedTrue.slice(0, MAX_LISTED_EVENTS).map((k) => truthS[k]),
    falseTimesS: m.unmatchedDetected.slice(0, MAX_LISTED_EVENTS).map((d) => detectedS[d]),
  };
}
