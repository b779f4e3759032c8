import { z } from 'zod';

/**
 * Offline model validation: what a validation run measured, per model output, and how it stood
 * against the manifest's thresholds. One schema serves the stored record, the JSON report and the
 * contract, so a report written today can be read back and re-rendered later.
 */

/** A histogram: `counts[i]` values fell in `[edges[i], edges[i + 1])` (the last bin is closed). */
/**
 * A measured number. NaN (a ratio with nothing to divide by, a mean of nothing) is a legitimate
 * result; JSON writes it as null, so null reads back as NaN.
 */
export const num = z.union([z.number(), z.nan(), z.null()]).transform((v) => v ?? Number.NaN);

export const HistogramSchema = z.object({ edges: z.array(num), counts: z.array(num) });
export type Histogram = z.infer<typeof HistogramSchema>;

/** Precision, recall and F1 of one class or label; `support` is how often it truly occurred. */
export const ClassScoresSchema = z.object({
  label: z.string(),
  precision: num,
  recall: num,
  f1: num,
  support: num,
});
export type ClassScores = z.infer<typeof ClassScoresSchema>;

/** One bin of a reliability diagram: confidences in [lo, hi), their mean and how often they were right. */
export const ReliabilityBinSchema = z.object({ lo: num, hi: num, count: num, meanConfidence: num, accuracy: num });
export type ReliabilityBin = z.infer<typeof ReliabilityBinSchema>;

/** Precision/recall/F1 at one decision threshold (binary and multi-label outputs). */
export const ThresholdPointSchema = z.object({ threshold: num, precision: num, recall: num, f1: num });
export type ThresholdPoint = z.infer<typeof ThresholdPointSchema>;

const calibration = {
  /** Expected calibration error: the count-weighted mean gap between confidence and accuracy over the bins. */
  ece: num,
  reliability: z.array(ReliabilityBinSchema),
};

export const ClassificationMetricsSchema = z.object({
  kind: z.literal('classification'),
  output: z.string(),
  labels: z.array(z.string()),
  samples: num,
  accuracy: num,
  /** Mean F1 over the classes present in the truth or the predictions (scikit-learn's default set). */
  macroF1: num,
  /** For single-label classification this equals accuracy. */
  microF1: num,
  perClass: z.array(ClassScoresSchema),
  /** `confusion[t][p]`: samples of true class t predicted as p. */
  confusion: z.array(z.array(num)),
  /** Sample indices in each confusion cell, for drill-down (capped per cell). */
  cells: z.array(z.array(z.array(num))),
  ...calibration,
  /** Binary outputs only: the positive class's threshold sweep. */
  thresholdSweep: z.array(ThresholdPointSchema),
});
export type ClassificationMetrics = z.infer<typeof ClassificationMetricsSchema>;

export const MultilabelMetricsSchema = z.object({
  kind: z.literal('multilabel'),
  output: z.string(),
  labels: z.array(z.string()),
  samples: num,
  /** Every label right for a sample. */
  subsetAccuracy: num,
  microF1: num,
  macroF1: num,
  microPrecision: num,
  microRecall: num,
  perLabel: z.array(ClassScoresSchema),
  ...calibration,
  /** One common threshold swept over all labels (micro-averaged). */
  thresholdSweep: z.array(ThresholdPointSchema),
});
export type MultilabelMetrics = z.infer<typeof MultilabelMetricsSchema>;

export const RegressionMetricsSchema = z.object({
  kind: z.literal('regression'),
  output: z.string(),
  units: z.string(),
  samples: num,
  mae: num,
  rmse: num,
  /** Coefficient of determination, averaged uniformly over the output's elements (scikit-learn's default). */
  r2: num,
  /** RMSE over the RMSE of passing the input through unchanged (reconstruction models); null when not applicable. */
  rmseRatio: z.number().nullable(),
  /** Signed errors, prediction − truth. */
  errorHistogram: HistogramSchema,
});
export type RegressionMetrics = z.infer<typeof RegressionMetricsSchema>;

/** Mean localisation error over a grid of true positions. */
export const ErrorMapSchema = z.object({
  xEdges: z.array(num),
  yEdges: z.array(num),
  /** `meanError[iy][ix]`, null where no sample fell. */
  meanError: z.array(z.array(z.number().nullable())),
  count: z.array(z.array(num)),
});
export type ErrorMap = z.infer<typeof ErrorMapSchema>;

export const LocalisationMetricsSchema = z.object({
  kind: z.literal('localisation'),
  output: z.string(),
  samples: num,
  meanErrorM: num,
  medianErrorM: num,
  p90ErrorM: num,
  maxErrorM: num,
  errorHistogram: HistogramSchema,
  errorMap: ErrorMapSchema.nullable(),
});
export type LocalisationMetrics = z.infer<typeof LocalisationMetricsSchema>;

export const EventMetricsSchema = z.object({
  kind: z.literal('events'),
  output: z.string(),
  label: z.string(),
  toleranceS: num,
  trueEvents: num,
  detected: num,
  truePositives: num,
  falsePositives: num,
  falseNegatives: num,
  precision: num,
  recall: num,
  f1: num,
  /** Mean of detected − true time over matched pairs, s. */
  meanOffsetS: num,
  /** Device times of missed true events and of false detections, for drill-down (capped). */
  missedTimesS: z.array(num),
  falseTimesS: z.array(num),
});
export type EventMetrics = z.infer<typeof EventMetricsSchema>;

/** The metrics of one model output against its ground truth. */
export const OutputMetricsSchema = z.discriminatedUnion('kind', [
  ClassificationMetricsSchema,
  MultilabelMetricsSchema,
  RegressionMetricsSchema,
  LocalisationMetricsSchema,
  EventMetricsSchema,
]);
export type OutputMetrics = z.infer<typeof OutputMetricsSchema>;

/** Latency of the model runtime over the run: per batch and per sample. */
export const LatencyStatsSchema = z.object({
  batches: num,
  meanBatchSize: num,
  batchP50Ms: num,
  batchP95Ms: num,
  batchMaxMs: num,
  perSampleMeanMs: num,
});
export type LatencyStats = z.infer<typeof LatencyStatsSchema>;

/** One manifest threshold checked against the run. */
export const MetricCheckSchema = z.object({
  metric: z.string(),
  /** null when the run could not compute it (no ground truth for that output, unknown name). */
  value: z.number().nullable(),
  min: num.optional(),
  max: num.optional(),
  passed: z.boolean(),
  note: z.string().optional(),
  /** 95 % interval of the value by batch means over contiguous blocks of the run (absent when the run is too short to tell). */
  interval: z.object({ low: num, high: num }).optional(),
});
export type MetricCheck = z.infer<typeof MetricCheckSchema>;

/** The bound a check's 95 % interval spans (the run cannot decide that check), or undefined. */
export function boundSpannedByInterval(check: MetricCheck): number | undefined {
  const interval = check.interval;
  if (!interval) return undefined;
  return [check.min, check.max].find((b): b is number => b !== undefined && interval.low < b && b < interval.high);
}

/**
 * One prediction per scored sample, for drill-down and A/B: what the model said and its error.
 * `predicted` is a class index (classification), the number of active labels (multi-label),
 * or the prediction's first value; `error` is per kind: 0/1 wrong (classification), Hamming
 * distance (multi-label), mean absolute error (regression), Euclidean error (localisation).
 */
export const SampleResultSchema = z.object({ output: z.string(), sample: z.array(num), predicted: z.array(num), error: z.array(num) });
export type SampleResults = z.infer<typeof SampleResultSchema>;

export const ModelRefSchema = z.object({
  name: z.string(),
  version: z.string(),
  /** SHA-256 of model.onnx, from the verified manifest. */
  sha256: z.string(),
  path: z.string(),
});
export type ModelRef = z.infer<typeof ModelRefSchema>;

export const DatasetRefSchema = z.object({
  path: z.string(),
  kind: z.enum(['simulator', 'csv', 'recording']),
  /** SHA-256 over the dataset's files (names and contents), so a result names exactly what it saw. */
  sha256: z.string(),
  samples: num,
  family: z.string().nullable(),
});
export type DatasetRef = z.infer<typeof DatasetRefSchema>;

/** Everything one model's validation on one dataset produced. */
export const ValidationResultSchema = z.object({
  model: ModelRefSchema,
  outputs: z.array(OutputMetricsSchema),
  /** Flat metric names as the manifest's `validation` uses them (see docs/validation.md). */
  metrics: z.record(z.string(), num),
  checks: z.array(MetricCheckSchema),
  passed: z.boolean(),
  latency: LatencyStatsSchema,
  samplesScored: num,
  /** Windows refused before inference (NaN/Inf) and flagged (out of range, outliers). */
  rejected: num,
  /** Windows of a recording no single label interval covers (a label change, an unlabelled stretch): not scored. */
  unlabelledWindows: num.default(0),
  flaggedOutOfRange: num,
  flaggedOutliers: num,
  perSample: z.array(SampleResultSchema),
});
export type ValidationResult = z.infer<typeof ValidationResultSchema>;

/** One metric of an A/B comparison. */
export const MetricDeltaSchema = z.object({
  metric: z.string(),
  a: num,
  b: num,
  delta: num,
  /** Which model did better by the metric's own direction (from the manifest bound, or the metric's nature). */
  better: z.enum(['a', 'b', 'same', 'unknown']),
});
export type MetricDelta = z.infer<typeof MetricDeltaSchema>;

/** Samples where the two models disagree on one output. */
export const DisagreementSchema = z.object({
  output: z.string(),
  count: num,
  /** The disagreeing samples, largest difference first (capped). */
  samples: z.array(z.object({ sample: num, a: num, b: num, errorA: num, errorB: num })),
});
export type Disagreement = z.infer<typeof DisagreementSchema>;

export const ComparisonSchema = z.object({ deltas: z.array(MetricDeltaSchema), disagreements: z.array(DisagreementSchema) });
export type Comparison = z.infer<typeof ComparisonSchema>;

/** A stored validation run: one model, or two side by side (A/B). */
export const ValidationRunSchema = z.object({
  id: z.string(),
  startedAt: z.string(),
  endedAt: z.string(),
  dataset: DatasetRefSchema,
  calibrationVersion: z.string().nullable(),
  appVersion: z.string(),
  a: ValidationResultSchema,
  b: ValidationResultSchema.nullable(),
  comparison: ComparisonSchema.nullable(),
  /** Model A met every threshold (and B too, when there is one). */
  passed: z.boolean(),
});
export type ValidationRun = z.infer<typeof ValidationRunSchema>;

/** Progress of a long run: `fraction` reaches 1 only when the run is complete and stored. */
export const ValidationProgressSchema = z.object({
  runId: z.string(),
  phase: z.enum(['loading', 'inference', 'scoring', 'done']),
  fraction: z.number().min(0).max(1),
  /** Seconds left, estimated from the rate so far; null until there is a rate. */
  etaS: z.number().nullable(),
  detail: z.string(),
});
export type ValidationProgress = z.infer<typeof ValidationProgressSchema>;

/** The list view of stored runs. */
export const ValidationRunSummarySchema = z.object({
  id: z.string(),
  kind: z.enum(['validation', 'drift']),
  startedAt: z.string(),
  title: z.string(),
  datasetPath: z.string(),
  passed: z.boolean(),
});
export type ValidationRunSummary = z.infer<typeof ValidationRunSummarySchema>;
