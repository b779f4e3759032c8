import { z } from 'zod';
import { DatasetRefSchema, HistogramSchema, num } from './validation';

/**
 * Data drift between a baseline and current data (seed 003's monitoring: KS test per channel,
 * confidence drift), offline between two datasets and live on a device's stream.
 */

/** Two-sample Kolmogorov–Smirnov test. */
export const KsResultSchema = z.object({
  statistic: num,
  pValue: num,
  /** `exact` counts lattice paths (small samples); `asymptotic` uses Kolmogorov's limit distribution. */
  method: z.enum(['exact', 'asymptotic']),
});
export type KsResult = z.infer<typeof KsResultSchema>;

/** How bad a drift is: PSI ≥ 0.25 or a shifted mean of more than one baseline SD is `critical`. */
export const DriftSeveritySchema = z.enum(['none', 'warning', 'critical']);
export type DriftSeverity = z.infer<typeof DriftSeveritySchema>;

export const ChannelDriftSchema = z.object({
  channel: z.string(),
  ks: KsResultSchema,
  /** Population stability index over the baseline's decile bins. */
  psi: num,
  baselineMean: num,
  currentMean: num,
  baselineStd: num,
  currentStd: num,
  drifted: z.boolean(),
  severity: DriftSeveritySchema,
  /** Both distributions over common edges, for the report's overlay plot. */
  baseline: HistogramSchema,
  current: HistogramSchema,
});
export type ChannelDrift = z.infer<typeof ChannelDriftSchema>;

/** Drift of one model output's predictions between the two datasets. */
export const PredictionDriftSchema = z.object({
  output: z.string(),
  /** PSI of the predicted class/label distribution, or of the prediction's value (regression). */
  psi: num,
  ks: KsResultSchema,
  /** Mean top-class/label confidence on each side (null for outputs without one). */
  baselineMeanConfidence: z.number().nullable(),
  currentMeanConfidence: z.number().nullable(),
  drifted: z.boolean(),
});
export type PredictionDrift = z.infer<typeof PredictionDriftSchema>;

export const DriftRunSchema = z.object({
  id: z.string(),
  startedAt: z.string(),
  endedAt: z.string(),
  baseline: DatasetRefSchema,
  current: DatasetRefSchema,
  /** Family-wise false-alarm rate across channels (Bonferroni). */
  alpha: num,
  /** Every `stride`-th sample entered the tests, so neighbouring (correlated) samples do not pose as independent. */
  stride: num,
  channels: z.array(ChannelDriftSchema),
  predictions: z.array(PredictionDriftSchema),
  model: z.object({ name: z.string(), version: z.string(), sha256: z.string(), path: z.string() }).nullable(),
  drifted: z.boolean(),
  /**
   * Why "no drift" means nothing here: too few independent samples after thinning for the test to
   * reach its level even on completely separated data. Null when the test had the power to decide.
   */
  inconclusive: z.string().nullable().default(null),
});
export type DriftRun = z.infer<typeof DriftRunSchema>;

/** An alert of the live drift detector. */
export const DriftAlertSchema = z.object({
  deviceId: z.string(),
  channel: z.string(),
  severity: z.enum(['warning', 'critical']),
  statistic: num,
  pValue: num,
  psi: num,
  /** Device time of the newest frame in the window that raised it. */
  deviceTimeS: num,
  message: z.string(),
});
export type DriftAlert = z.infer<typeof DriftAlertSchema>;
