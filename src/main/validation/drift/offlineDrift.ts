import { randomUUID } from 'node:crypto';
import type { DriftRun, PredictionDrift } from '../../../shared/domain/validationDrift';
import { ContractError } from '../../../shared/ipc/contractError';
import type { PredictedSample } from '../batchInference';
import type { LabelledDataset } from '../datasets/labelledDataset';
import { mean } from '../metrics/histogram';
import { decorrelationStride, thin } from './autocorrelation';
import { channelDrift } from './channelDrift';
import { ksMinimumPValue, ksTwoSample } from './ksTest';
import { categoricalPsi, psi } from './psi';

/** Default family-wise false-alarm rate of an offline drift run. */
export const DEFAULT_DRIFT_ALPHA = 0.01;

export interface DriftOptions {
  /** Chance of flagging any channel when nothing drifted (split over channels, Bonferroni). */
  readonly alpha?: number;
  /** Keep every stride-th sample; by default the largest decorrelation time over the baseline's channels. */
  readonly stride?: number;
  /** Predictions of one model on each dataset, for prediction and confidence drift. */
  readonly predictions?: {
    readonly model: DriftRun['model'];
    readonly baseline: readonly PredictedSample[];
    readonly current: readonly PredictedSample[];
  };
  readonly runId?: string;
}

/** One number per prediction that summarises an output for drift, plus the class/label index where it has one. */
function summarise(p: PredictedSample, output: string): { value: number; category: number | undefined; confidence: number | undefined } | undefined {
  const o = p.outputs.find((x) => x.name === output);
  if (!o) return undefined;
  switch (o.kind) {
    case 'classification':
      return { value: o.topProbability, category: o.labels.indexOf(o.top), confidence: o.topProbability };
    case 'multilabel':
      return { value: o.active.length, category: undefined, confidence: Math.max(...o.probabilities) };
    case 'regression':
      return { value: o.values[0], category: undefined, confidence: undefined };
    case 'localisation':
      return { value: Math.hypot(...o.position), category: undefined, confidence: undefined };
    case 'actuator':
      return { value: o.value, category: undefined, confidence: undefined };
    case 'events':
      return { value: o.events.length, category: undefined, confidence: undefined };
  }
}

function predictionDrift(output: string, base: readonly PredictedSample[], cur: readonly PredictedSample[], alpha: number): PredictionDrift {
  const a = base.flatMap((p) => summarise(p, output) ?? []);
  const b = cur.flatMap((p) => summarise(p, output) ?? []);
  const classes = base.find((p) => p.outputs.some((o) => o.name === output && o.kind === 'classification'))?.outputs.find((o) => o.name === output);
  const categorical = classes?.kind === 'classification';
  const ks = ksTwoSample(
    a.map((s) => s.value),
    b.map((s) => s.value),
  );
  const confidences = (list: typeof a): number | null => (list[0]?.confidence === undefined ? null : mean(list.map((s) => s.confidence ?? Number.NaN)));
  return {
    output,
    psi: categorical
      ? categoricalPsi(
          a.map((s) => s.category ?? 0),
          b.map((s) => s.category ?? 0),
          classes.labels.length,
        )
      : psi(
          a.map((s) => s.value),
          b.map((s) => s.value),
        ),
    ks,
    baselineMeanConfidence: confidences(a),
    currentMeanConfidence: confidences(b),
    drifted: ks.pValue < alpha,
  };
}

/**
 * Data drift between two datasets of the same channels: per channel the KS test (at α split over
 * the channels) and PSI, on samples thinned to the baseline's decorrelation time; with a model's
 * predictions on both, the drift of its predicted distribution and mean confidence.
 */
export function compareDatasets(baseline: LabelledDataset, current: LabelledDataset, options: DriftOptions = {}): DriftRun {
  const startedAt = new Date().toISOString();
  const shared = baseline.channels.filter((c) => current.channels.includes(c));
  if (shared.length === 0) {
    throw new ContractError({
      code: 'invalid-input',
      message: `The datasets share no channel (baseline: ${baseline.channels.join(', ')}; current: ${current.channels.join(', ')}).`,
    });
  }
  const alpha = options.alpha ?? DEFAULT_DRIFT_ALPHA;
  const baseValues = shared.map((name) => baseline.channelValues(baseline.channels.indexOf(name)));
  const curValues = shared.map((name) => current.channelValues(current.channels.indexOf(name)));
  const stride = options.stride ?? Math.max(...baseValues.map((v) => decorrelationStride(v)));
  const thinnedBase = baseValues.map((v) => thin(v, stride));
  const thinnedCur = curValues.map((v) => thin(v, stride));
  const channels = shared.map((name, k) => channelDrift(name, thinnedBase[k], thinnedCur[k], alpha / shared.length));
  const inconclusive = powerProblem(thinnedBase[0]?.length ?? 0, thinnedCur[0]?.length ?? 0, alpha / shared.length, stride);
  const outputs = [...new Set(options.predictions?.baseline.flatMap((p) => p.outputs.map((o) => o.name)) ?? [])];
  const predictions = options.predictions
    ? outputs.map((o) => predictionDrift(o, options.predictions?.baseline ?? [], options.predictions?.current ?? [], alpha / outputs.length))
    : [];
  return {
    id: options.runId ?? randomUUID(),
    startedAt,
    endedAt: new Date().toISOString(),
    baseline: baseline.ref,
    current: current.ref,
    alpha,
    stride,
    channels,
    predictions,
    model: options.predictions?.model ?? null,
    drifted: channels.some((c) => c.drifted) || predictions.some((p) => p.drifted),
    inconclusive,
  };
}

/**
 * Says why the channel tests cannot find drift, when even completely separated samples of these
 * sizes would not reach the per-channel level (a slow process recorded briefly: few independent samples).
 */
function powerProblem(baselineSamples: number, currentSamples: number, alphaPerChannel: number, stride: number): string | null {
  const floor = ksMinimumPValue(baselineSamples, currentSamples);
  if (floor < alphaPerChannel) return null;
  return (
    `Too few independent samples to detect drift: ${baselineSamples} baseline and ${currentSamples} current after keeping every ${stride}. sample ` +
    `(the baseline's decorrelation time); even completely separated data would give p ≥ ${floor.toExponential(2)}, ` +
    `above the per-channel level ${alphaPerChannel.toExponential(2)}. Compare longer recordings.`
  );
}
