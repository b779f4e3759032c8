import { randomUUID } from 'node:crypto';
import { MODEL_FILE_NAME, type ModelManifest } from '../../shared/domain/modelManifest';
import type { ModelRef, ValidationProgress, ValidationResult, ValidationRun } from '../../shared/domain/validation';
import type { InferenceChannelFactory } from '../inference/IInferenceChannel';
import { InferenceHostClient } from '../inference/inferenceHostClient';
import { readModelPackage } from '../inference/modelPackage';
import { compareResults } from './abCompare';
import { runBatchInference, type BatchInferenceResult } from './batchInference';
import type { LabelledDataset } from './datasets/labelledDataset';
import { metricIntervals, withInterval } from './metricIntervals';
import { checkThresholds, flattenMetrics } from './metricNames';
import { scorePredictions } from './scoring';

/** Inference takes this share of the progress bar; scoring and storing the rest, so 1 means finished. */
const INFERENCE_SHARE = 0.95;

/** What to validate, on what, and how to report. */
export interface ValidationRequest {
  /** Model package folder (catalogue ids are resolved to folders by the caller). */
  readonly modelDir: string;
  /** A second package for an A/B comparison on the same data. */
  readonly modelDirB?: string;
  readonly dataset: LabelledDataset;
  readonly createChannel: InferenceChannelFactory;
  /** ONNX Runtime intra-op threads (the station setting; default 1). */
  readonly runtimeThreads?: () => number;
  readonly appVersion: string;
  readonly calibrationVersion?: string | null;
  /** Events within this many seconds of a true event count as found (default 0.1 s). */
  readonly eventToleranceS?: number;
  readonly runId?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ValidationProgress) => void;
}

/** A loaded model's identity for the record. */
function modelRef(dir: string, manifest: ModelManifest): ModelRef {
  const file = manifest.files.find((f) => f.path === MODEL_FILE_NAME);
  return { name: manifest.name, version: manifest.version, sha256: file?.sha256 ?? '', path: dir };
}

/** Loads a package into its own inference host, runs it over the dataset and disposes of the host. */
async function inferInHost(
  dir: string,
  request: ValidationRequest,
  onBatch: (done: number, total: number) => void,
): Promise<{ manifest: ModelManifest; ref: ModelRef; result: BatchInferenceResult }> {
  const pkg = await readModelPackage(dir);
  const client = new InferenceHostClient({
    createChannel: request.createChannel,
    name: `validation ${pkg.manifest.name}`,
    runTimeoutMs: 60_000,
    runtimeThreads: request.runtimeThreads,
  });
  try {
    await client.load(pkg.dir);
    const result = await runBatchInference(client, pkg.manifest, request.dataset, { signal: request.signal, onProgress: onBatch });
    return { manifest: pkg.manifest, ref: modelRef(pkg.dir, pkg.manifest), result };
  } finally {
    await client.dispose();
  }
}

/**
 * The metrics of predictions [from, to) alone, for the intervals. Event outputs are left out: their
 * truth events span the whole dataset, so a block would count the events outside it as missed.
 */
function blockMetrics(manifest: ModelManifest, run: BatchInferenceResult, request: ValidationRequest, from: number, to: number): Record<string, number> {
  const withoutEvents = { ...manifest, outputs: manifest.outputs.filter((o) => o.kind !== 'events') };
  const scored = scorePredictions(withoutEvents, request.dataset, run.predictions.slice(from, to), run.windowLength, { eventToleranceS: request.eventToleranceS });
  return flattenMetrics(scored.outputs);
}

/** Scores one model's run and checks the manifest's thresholds, each with its 95 % interval where the run allows one. */
function resultOf(manifest: ModelManifest, ref: ModelRef, run: BatchInferenceResult, request: ValidationRequest): ValidationResult {
  const scored = scorePredictions(manifest, request.dataset, run.predictions, run.windowLength, { eventToleranceS: request.eventToleranceS });
  const metrics = flattenMetrics(scored.outputs);
  // Intervals only for the metrics the manifest bounds: each block is scored again, which a run without thresholds need not pay for.
  const bounded = Object.fromEntries(Object.entries(metrics).filter(([name]) => Object.hasOwn(manifest.validation, name)));
  const intervals = metricIntervals(run.predictions.length, bounded, (from, to) => blockMetrics(manifest, run, request, from, to));
  const checks = checkThresholds(manifest.validation, metrics, Object.keys(metrics)).map((c) => withInterval(c, intervals[c.metric]));
  const passed = checks.length > 0 ? checks.every((c) => c.passed) : scored.outputs.length > 0;
  return {
    model: ref,
    outputs: [...scored.outputs],
    metrics,
    checks,
    passed,
    latency: run.latency,
    samplesScored: scored.samplesScored,
    rejected: run.rejected,
    unlabelledWindows: scored.unlabelledWindows,
    flaggedOutOfRange: run.flaggedOutOfRange,
    flaggedOutliers: run.flaggedOutliers,
    perSample: [...scored.perSample],
  };
}

/**
 * Validates one model, or two side by side, on a labelled dataset: batch inference in a real
 * inference host, metrics per output, the manifest's thresholds, and for A/B the metric deltas
 * and per-sample disagreements. Progress stops short of 1 (the caller reports 1 once the run is
 * stored); an aborted signal rejects with "cancelled" and leaves nothing behind.
 */
export async function runValidation(request: ValidationRequest): Promise<ValidationRun> {
  const runId = request.runId ?? randomUUID();
  const startedAt = new Date();
  const dirs = request.modelDirB === undefined ? [request.modelDir] : [request.modelDir, request.modelDirB];
  const t0 = performance.now();
  const report = (phase: ValidationProgress['phase'], fraction: number, detail: string): void => {
    const elapsedS = (performance.now() - t0) / 1000;
    const etaS = fraction > 0.01 && phase === 'inference' ? (elapsedS / fraction) * (1 - fraction) : null;
    request.onProgress?.({ runId, phase, fraction: Math.min(fraction, INFERENCE_SHARE + 0.04), etaS, detail });
  };
  const results: ValidationResult[] = [];
  const manifests: ModelManifest[] = [];
  for (const [m, dir] of dirs.entries()) {
    report('loading', (m / dirs.length) * INFERENCE_SHARE, `Loading ${dir}`);
    const { manifest, ref, result } = await inferInHost(dir, request, (done, total) =>
      report('inference', ((m + (total === 0 ? 1 : done / total)) / dirs.length) * INFERENCE_SHARE, `${modelLabel(dirs, m)}: ${done} of ${total} samples`),
    );
    report('scoring', ((m + 1) / dirs.length) * INFERENCE_SHARE, `Scoring ${manifest.name} ${manifest.version}`);
    results.push(resultOf(manifest, ref, result, request));
    manifests.push(manifest);
  }
  const [a, b] = results;
  return {
    id: runId,
    startedAt: startedAt.toISOString(),
    endedAt: new Date().toISOString(),
    dataset: request.dataset.ref,
    calibrationVersion: request.calibrationVersion ?? null,
    appVersion: request.appVersion,
    a,
    b: b ?? null,
    comparison: b ? compareResults(a, b, manifests[0].validation) : null,
    passed: results.every((r) => r.passed),
  };
}

function modelLabel(dirs: readonly string[], m: number): string {
  return dirs.length === 1 ? 'Model' : m === 0 ? 'Model A' : 'Model B';
}
