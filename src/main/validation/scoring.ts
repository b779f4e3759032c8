import type { ModelManifest, ModelOutput } from '../../shared/domain/modelManifest';
import type { DecodedOutput } from '../../shared/domain/prediction';
import type { OutputMetrics, SampleResults } from '../../shared/domain/validation';
import type { PredictedSample } from './batchInference';
import type { DatasetTarget, LabelledDataset } from './datasets/labelledDataset';
import { windowLabel } from './datasets/recordingDataset';
import { classificationMetrics } from './metrics/classificationMetrics';
import { eventMetrics, matchEvents } from './metrics/eventMetrics';
import { euclideanErrors, localisationMetrics } from './metrics/localisationMetrics';
import { multilabelMetrics } from './metrics/multilabelMetrics';
import { regressionMetrics } from './metrics/regressionMetrics';

/** Default matching tolerance for events (the step model's ±100 ms). */
export const DEFAULT_EVENT_TOLERANCE_S = 0.1;

export interface ScoringOptions {
  readonly eventToleranceS?: number;
}

/** What scoring a model's predictions against a dataset gave: metrics per output with ground truth, and per-sample results. */
export interface Scored {
  readonly outputs: readonly OutputMetrics[];
  readonly perSample: readonly SampleResults[];
  /** Outputs left unscored and why (no ground truth in the dataset for them). */
  readonly unscored: readonly { readonly output: string; readonly reason: string }[];
  /** Predictions that entered the metrics. */
  readonly samplesScored: number;
  /** Windows left out because no single label interval of a recording covers them. */
  readonly unlabelledWindows: number;
}

function widthOf(output: ModelOutput): number | undefined {
  let n = 1;
  for (const axis of output.shape.slice(1)) {
    if (typeof axis !== 'number') return undefined;
    n *= axis;
  }
  return n;
}

/** Whether a target can be the ground truth of an output. */
function compatible(output: ModelOutput, target: DatasetTarget): boolean {
  if (target.kind === 'text') return output.kind !== 'localisation' && (output.kind !== 'regression' || widthOf(output) === 1);
  switch (output.kind) {
    case 'classification':
      return target.kind === 'classes' || target.kind === 'spans';
    case 'multilabel':
      return target.kind === 'multihot' && target.width === output.labels.length;
    case 'regression':
    case 'actuator': {
      const width = widthOf(output);
      return target.kind === 'values' && (width === undefined || width === target.width);
    }
    case 'localisation':
      return target.kind === 'values' && target.width === output.axes.length;
    case 'events':
      return target.kind === 'events' && target.label === output.labels[0];
  }
}

/**
 * Pairs each output with its ground truth: a target of the output's own name first, else the one
 * remaining target that fits its kind and width (a 32-wide regression takes the 32-wide truth).
 * Outputs with no such target, or several, stay unscored with the reason.
 */
export function bindTargets(manifest: ModelManifest, targets: readonly DatasetTarget[]): { bound: Map<string, DatasetTarget>; unscored: { output: string; reason: string }[] } {
  const bound = new Map<string, DatasetTarget>();
  const used = new Set<DatasetTarget>();
  for (const output of manifest.outputs) {
    const named = targets.find((t) => t.name === output.name && compatible(output, t));
    if (named) {
      bound.set(output.name, named);
      used.add(named);
    }
  }
  const unscored: { output: string; reason: string }[] = [];
  for (const output of manifest.outputs) {
    if (bound.has(output.name)) continue;
    const fitting = targets.filter((t) => !used.has(t) && compatible(output, t));
    if (fitting.length === 1) {
      bound.set(output.name, fitting[0]);
      used.add(fitting[0]);
    } else {
      unscored.push({
        output: output.name,
        reason: fitting.length === 0 ? `the dataset holds no ground truth for this ${output.kind} output` : `several arrays of the dataset could be its ground truth (${fitting.map((t) => t.name).join(', ')})`,
      });
    }
  }
  return { bound, unscored };
}

/** Index of each of `wanted` in `have` by name, falling back to position when the names are not given. */
function labelMap(wanted: readonly string[], have: readonly string[]): number[] {
  return wanted.map((label, i) => (have.length === 0 ? i : have.indexOf(label)));
}

function decodedOf<K extends DecodedOutput['kind']>(p: PredictedSample, name: string, kind: K): Extract<DecodedOutput, { kind: K }> | undefined {
  const found = p.outputs.find((o) => o.name === name);
  return found?.kind === kind ? (found as Extract<DecodedOutput, { kind: K }>) : undefined;
}

/** A class index for a text label: the label's name, or a whole number in range. */
function classOfText(text: string, labels: readonly string[]): number {
  const byName = labels.indexOf(text);
  if (byName >= 0) return byName;
  const n = Number(text);
  return text !== '' && Number.isInteger(n) && n >= 0 && n < labels.length ? n : -1;
}

function truthFlag(text: string): boolean {
  return text !== '' && text !== '0' && text.toLowerCase() !== 'false';
}

/**
 * Scores a model's predictions over a dataset: each output against its bound ground truth, on the
 * samples the dataset marks as worth scoring, with per-sample results for drill-down and A/B.
 */
export function scorePredictions(
  manifest: ModelManifest,
  dataset: LabelledDataset,
  predictions: readonly PredictedSample[],
  windowLength: number,
  options: ScoringOptions = {},
): Scored {
  const { bound, unscored } = bindTargets(manifest, dataset.targets);
  const mask = dataset.scoreMask;
  const scoredPredictions = predictions.filter((p) => !mask || mask[p.sample] === 1);
  const outputs: OutputMetrics[] = [];
  const perSample: SampleResults[] = [];
  const scoredSamples = new Set<number>();
  let unlabelledWindows = 0;
  for (const output of manifest.outputs) {
    const target = bound.get(output.name);
    if (!target) continue;
    const result = scoreOutput(output, target, dataset, output.kind === 'events' ? predictions : scoredPredictions, windowLength, options);
    if (!result) {
      unscored.push({ output: output.name, reason: 'no prediction had usable ground truth' });
      continue;
    }
    outputs.push(result.metrics);
    perSample.push(result.samples);
    unlabelledWindows = Math.max(unlabelledWindows, result.unlabelled ?? 0);
    for (const s of result.samples.sample) scoredSamples.add(s);
  }
  return { outputs, perSample, unscored, samplesScored: scoredSamples.size, unlabelledWindows };
}

interface OutputScore {
  readonly metrics: OutputMetrics;
  readonly samples: SampleResults;
  /** Windows without a covering label (recording label spans only). */
  readonly unlabelled?: number;
}

function scoreOutput(
  output: ModelOutput,
  target: DatasetTarget,
  dataset: LabelledDataset,
  predictions: readonly PredictedSample[],
  windowLength: number,
  options: ScoringOptions,
): OutputScore | undefined {
  switch (output.kind) {
    case 'classification':
      return scoreClassification(output, target, predictions, windowLength);
    case 'multilabel':
      return scoreMultilabel(output, target, predictions);
    case 'regression':
    case 'actuator':
      return scoreRegression(output, target, predictions);
    case 'localisation':
      return scoreLocalisation(output, target, predictions);
    case 'events':
      return scoreEvents(output, target, dataset, predictions, windowLength, options.eventToleranceS ?? DEFAULT_EVENT_TOLERANCE_S);
  }
}

function scoreClassification(
  output: Extract<ModelOutput, { kind: 'classification' }>,
  target: DatasetTarget,
  predictions: readonly PredictedSample[],
  windowLength: number,
): OutputScore | undefined {
  const k = output.labels.length;
  const fromTarget = target.kind === 'classes' || target.kind === 'spans' ? labelMap(target.labels.length === 0 ? [] : target.labels, output.labels) : [];
  let unlabelled = 0;
  const truthOf = (p: PredictedSample): number => {
    switch (target.kind) {
      case 'classes':
        return fromTarget.length === 0 ? target.values[p.sample] : (fromTarget[target.values[p.sample]] ?? -1);
      case 'spans': {
        const label = windowLabel(target, p.sample, windowLength);
        if (label === 'unlabelled') unlabelled++;
        return label === 'unlabelled' ? -1 : (fromTarget[label] ?? -1);
      }
      case 'text':
        return classOfText(target.values[p.sample], output.labels);
      case 'multihot':
      case 'values':
      case 'events':
        return -1;
    }
  };
  const truth: number[] = [];
  const predicted: number[] = [];
  const probabilities: number[] = [];
  const ids: number[] = [];
  for (const p of predictions) {
    const decoded = decodedOf(p, output.name, 'classification');
    if (!decoded) continue;
    const t = truthOf(p);
    if (t < 0 || t >= k) continue;
    truth.push(t);
    predicted.push(output.labels.indexOf(decoded.top));
    probabilities.push(...decoded.probabilities);
    ids.push(p.sample);
  }
  if (ids.length === 0) return undefined;
  return {
    metrics: classificationMetrics(output.name, output.labels, { truth, predicted, probabilities, sampleIds: ids }),
    samples: { output: output.name, sample: ids, predicted, error: truth.map((t, i) => (t === predicted[i] ? 0 : 1)) },
    unlabelled,
  };
}

function scoreMultilabel(output: Extract<ModelOutput, { kind: 'multilabel' }>, target: DatasetTarget, predictions: readonly PredictedSample[]): OutputScore | undefined {
  const k = output.labels.length;
  const columns = target.kind === 'multihot' ? labelMap(output.labels, target.labels) : [];
  const truth: number[] = [];
  const probabilities: number[] = [];
  const ids: number[] = [];
  const predicted: number[] = [];
  const errors: number[] = [];
  for (const p of predictions) {
    const decoded = decodedOf(p, output.name, 'multilabel');
    if (!decoded) continue;
    let row: number[];
    if (target.kind === 'multihot') row = columns.map((c) => (c < 0 ? 0 : target.values[p.sample * target.width + c]));
    else if (target.kind === 'text') {
      const present = new Set(target.values[p.sample].split(/[|;]/).map((s) => s.trim()));
      row = output.labels.map((l) => (present.has(l) ? 1 : 0));
    } else continue;
    truth.push(...row);
    probabilities.push(...decoded.probabilities);
    ids.push(p.sample);
    predicted.push(decoded.active.length);
    errors.push(output.labels.reduce((s, l, i) => s + ((decoded.active.includes(l) ? 1 : 0) !== row[i] ? 1 : 0), 0));
  }
  if (ids.length === 0) return undefined;
  return {
    metrics: multilabelMetrics(output.name, output.labels, { truth, probabilities, thresholds: output.thresholds.length === k ? output.thresholds : new Array<number>(k).fill(0.5) }),
    samples: { output: output.name, sample: ids, predicted, error: errors },
  };
}

function scoreRegression(output: Extract<ModelOutput, { kind: 'regression' | 'actuator' }>, target: DatasetTarget, predictions: readonly PredictedSample[]): OutputScore | undefined {
  const truth: number[] = [];
  const predicted: number[] = [];
  const baseline: number[] = [];
  let baselineUsable = true;
  const ids: number[] = [];
  const firsts: number[] = [];
  const errors: number[] = [];
  let width = 0;
  for (const p of predictions) {
    const found = p.outputs.find((o) => o.name === output.name);
    const values = found?.kind === 'regression' ? found.values : found?.kind === 'actuator' ? [found.value] : undefined;
    if (!values) continue;
    width = values.length;
    let row: number[];
    if (target.kind === 'values' && target.width === width) row = Array.from(target.values.subarray(p.sample * width, (p.sample + 1) * width));
    else if (target.kind === 'text' && width === 1 && target.values[p.sample] !== '' && Number.isFinite(Number(target.values[p.sample]))) row = [Number(target.values[p.sample])];
    else continue;
    truth.push(...row);
    predicted.push(...values);
    if (p.input && p.input.length === width) baseline.push(...p.input);
    else baselineUsable = false;
    ids.push(p.sample);
    firsts.push(values[0]);
    errors.push(row.reduce((s, t, i) => s + Math.abs(values[i] - t), 0) / width);
  }
  if (ids.length === 0) return undefined;
  const units = output.units;
  return {
    metrics: regressionMetrics(output.name, units, { truth, predicted, width, baseline: baselineUsable ? baseline : undefined }),
    samples: { output: output.name, sample: ids, predicted: firsts, error: errors },
  };
}

function scoreLocalisation(output: Extract<ModelOutput, { kind: 'localisation' }>, target: DatasetTarget, predictions: readonly PredictedSample[]): OutputScore | undefined {
  if (target.kind !== 'values') return undefined;
  const axes = output.axes.length;
  const truth: number[] = [];
  const predicted: number[] = [];
  const ids: number[] = [];
  for (const p of predictions) {
    const decoded = decodedOf(p, output.name, 'localisation');
    if (!decoded) continue;
    truth.push(...target.values.subarray(p.sample * axes, (p.sample + 1) * axes));
    predicted.push(...decoded.position);
    ids.push(p.sample);
  }
  if (ids.length === 0) return undefined;
  const errors = Array.from(euclideanErrors(truth, predicted, axes));
  return {
    metrics: localisationMetrics(output.name, truth, predicted, axes),
    samples: { output: output.name, sample: ids, predicted: ids.map((_, i) => predicted[i * axes]), error: errors },
  };
}

/**
 * Events are scored over the span the model actually saw with full context (the trusted part of
 * the first to the last window), less the tolerance at each end, so an event at the very edge
 * neither counts as missed nor as found.
 */
function scoreEvents(
  output: Extract<ModelOutput, { kind: 'events' }>,
  target: DatasetTarget,
  dataset: LabelledDataset,
  predictions: readonly PredictedSample[],
  windowLength: number,
  toleranceS: number,
): OutputScore | undefined {
  if (predictions.length === 0) return undefined;
  const times = dataset.timesS;
  const per = output.perSample;
  const firstStart = predictions[0].sample - windowLength + 1;
  const lastStart = predictions[predictions.length - 1].sample - windowLength + 1;
  const from = times[Math.max(0, per ? firstStart + per.trustedStart : predictions[0].sample)] + toleranceS;
  const to = times[Math.min(times.length - 1, per ? lastStart + per.trustedEnd - 1 : predictions[predictions.length - 1].sample)] - toleranceS;
  const truthFrames: number[] = [];
  for (let s = 0; s < dataset.count; s++) {
    const isEvent = target.kind === 'events' ? target.flags[s] === 1 : target.kind === 'text' && truthFlag(target.values[s]);
    if (isEvent && times[s] >= from && times[s] <= to) truthFrames.push(s);
  }
  const detected: number[] = [];
  for (const p of predictions) {
    const decoded = decodedOf(p, output.name, 'events');
    for (const e of decoded?.events ?? []) if (e.label === output.labels[0] && e.deviceTimeS >= from && e.deviceTimeS <= to) detected.push(e.deviceTimeS);
  }
  detected.sort((a, b) => a - b);
  const truthS = truthFrames.map((s) => times[s]);
  const matched = new Set(matchEvents(detected, truthS, toleranceS).pairs.map(([, t]) => t));
  return {
    metrics: eventMetrics(output.name, output.labels[0], detected, truthS, toleranceS),
    samples: { output: output.name, sample: truthFrames, predicted: truthFrames.map((_, k) => (matched.has(k) ? 1 : 0)), error: truthFrames.map((_, k) => (matched.has(k) ? 0 : 1)) },
  };
}
