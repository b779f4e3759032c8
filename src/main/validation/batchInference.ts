import type { DeviceProfile } from '../../shared/domain/deviceProfile';
import type { FrameBatch } from '../../shared/domain/frameBatch';
import type { ModelInput, ModelManifest } from '../../shared/domain/modelManifest';
import type { DecodedOutput } from '../../shared/domain/prediction';
import type { LatencyStats } from '../../shared/domain/validation';
import { ContractError } from '../../shared/ipc/contractError';
import { defaultProfileOf } from '../devices/profiles/shippedProfiles';
import type { NpyArray } from '../devices/simulators/npy';
import { percentile } from '../hil/signalStats';
import type { HostTensor } from '../inference/hostTensor';
import type { HostFeedMap } from '../inference/windowedFeed';
import type { InferenceHostClient } from '../inference/inferenceHostClient';
import { checkWindow, feedOfWindows } from '../pipeline/inputPreparation';
import { planLiveModel } from '../pipeline/liveModel';
import { decodeOutput, PerSampleEventDetector } from '../pipeline/outputDecoding';
import { bindTensorInputs, checkSample, npyDtypeFits, tensorFeed } from '../pipeline/tensorInputs';
import { Windower, type Window } from '../pipeline/windower';
import type { LabelledDataset, TensorData } from './datasets/labelledDataset';

/** One model answer for one dataset sample. */
export interface PredictedSample {
  /** The dataset sample the answer belongs to: the window's last frame, or the series index. */
  readonly sample: number;
  readonly outputs: readonly DecodedOutput[];
  /** The raw input of a one-frame window (what a do-nothing model would pass through). */
  readonly input: Float32Array | undefined;
}

/** Everything a batch run over a dataset produced. */
export interface BatchInferenceResult {
  readonly predictions: readonly PredictedSample[];
  readonly latency: LatencyStats;
  readonly rejected: number;
  readonly flaggedOutOfRange: number;
  readonly flaggedOutliers: number;
  /** Frames per window (1 for per-frame and tensor models), for working out which frames a window covered. */
  readonly windowLength: number;
}

export interface BatchInferenceOptions {
  readonly signal?: AbortSignal;
  /** Called after every batch with the samples done so far and the total. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Most windows per runtime call (default 256). */
  readonly maxBatch?: number;
  /** Per-call timeout (default 60 s: a big batch of a big model on a busy laptop). */
  readonly runTimeoutMs?: number;
}

/** Frames read from the dataset per windowing step, so memory stays bounded on long recordings. */
const CHUNK_FRAMES = 8192;

/** Thrown when the caller's AbortSignal ends a run. */
export function cancelledError(): ContractError {
  return new ContractError({ code: 'failed', message: 'The validation run was cancelled.' });
}

function sliceFrames(batch: FrameBatch, start: number, end: number): FrameBatch {
  return {
    deviceId: batch.deviceId,
    channelCount: batch.channelCount,
    frameCount: end - start,
    seq: batch.seq.subarray(start, end),
    deviceTimeS: batch.deviceTimeS.subarray(start, end),
    hostTimeMs: batch.hostTimeMs.subarray(start, end),
    values: batch.values.subarray(start * batch.channelCount, end * batch.channelCount),
  };
}

/** A CSV file has no profile: plan it as the model's family's profile with the file's columns as channels. */
function csvProfile(manifest: ModelManifest, channels: readonly string[]): DeviceProfile {
  const base = defaultProfileOf(manifest.family);
  const { frameLayout: _none, ...flat } = base;
  return {
    ...flat,
    channels: channels.map((name) => base.channels.find((c) => c.name === name) ?? { name, unit: '', range: [-Infinity, Infinity] }),
  };
}

/** Accumulates batch latencies and the counters of a run. */
class RunAccounting {
  readonly batchMs: number[] = [];
  readonly batchSizes: number[] = [];
  rejected = 0;
  flaggedOutOfRange = 0;
  flaggedOutliers = 0;

  latency(): LatencyStats {
    const samples = this.batchSizes.reduce((a, b) => a + b, 0);
    const total = this.batchMs.reduce((a, b) => a + b, 0);
    return {
      batches: this.batchMs.length,
      meanBatchSize: this.batchMs.length === 0 ? 0 : samples / this.batchMs.length,
      batchP50Ms: percentile(this.batchMs, 50),
      batchP95Ms: percentile(this.batchMs, 95),
      batchMaxMs: this.batchMs.length === 0 ? Number.NaN : Math.max(...this.batchMs),
      perSampleMeanMs: samples === 0 ? Number.NaN : total / samples,
    };
  }
}

/**
 * Runs a model over a whole dataset in its inference host, the way live inference does: the same
 * windowing (`Windower` after `planLiveModel`), the same input checks and normalisation
 * (`checkWindow`, `feedOfWindows`) and the same decoding (`decodeOutput` with a stateful event
 * detector), so an offline result stands for what the model does live. Tensor datasets feed
 * whole samples to same-named (or same-shaped) inputs. Reports progress after every batch and
 * stops between batches when `signal` aborts (rejecting with "cancelled").
 */
export async function runBatchInference(
  client: InferenceHostClient,
  manifest: ModelManifest,
  dataset: LabelledDataset,
  options: BatchInferenceOptions = {},
): Promise<BatchInferenceResult> {
  const maxBatch = options.maxBatch ?? 256;
  const timeoutMs = options.runTimeoutMs ?? 60_000;
  const accounting = new RunAccounting();
  const predictions: PredictedSample[] = [];
  const detectors = new Map(manifest.outputs.map((o) => [o.name, new PerSampleEventDetector()]));
  const checkAbort = (): void => {
    if (options.signal?.aborted) throw cancelledError();
  };

  const run = async (feeds: HostFeedMap, windows: readonly Window[], inputs: readonly (Float32Array | undefined)[]): Promise<void> => {
    checkAbort();
    const result = await client.run(feeds, { timeoutMs });
    checkAbort();
    accounting.batchMs.push(result.latencyUs / 1000);
    accounting.batchSizes.push(windows.length);
    windows.forEach((window, b) => {
      const outputs = manifest.outputs.map((o) => decodeOutput(o, result.outputs[o.name], b, window, detectors.get(o.name) ?? new PerSampleEventDetector()));
      predictions.push({ sample: window.endSeq, outputs, input: inputs[b] });
    });
  };

  const data = dataset.data;
  if (data.kind === 'tensor') {
    await runTensors(manifest, dataset, data, maxBatch, accounting, run, options.onProgress);
    return { predictions, latency: accounting.latency(), ...counters(accounting), windowLength: 1 };
  }

  const { plan, layout } = planLiveModel(data.profile ?? csvProfile(manifest, dataset.channels), manifest);
  const input = manifest.inputs[0];
  const windower = new Windower(plan);
  const frames = data.frames;
  const total = plan.samplesPerChannel !== undefined ? frames.frameCount : Math.max(0, Math.floor((frames.frameCount - plan.length) / plan.hop) + 1);
  let done = 0;
  let queue: Window[] = [];
  const flush = async (): Promise<void> => {
    if (queue.length === 0) return;
    const windows = queue;
    queue = [];
    await run({ [input.name]: feedOfWindows(windows, input, layout, plan) }, windows, windows.map((w) => (w.length === 1 ? w.data : undefined)));
    done += windows.length;
    options.onProgress?.(Math.min(done, total), total);
  };
  for (let start = 0; start < frames.frameCount; start += CHUNK_FRAMES) {
    checkAbort();
    for (const window of windower.push(sliceFrames(frames, start, Math.min(frames.frameCount, start + CHUNK_FRAMES)))) {
      const check = checkWindow(window, plan, input);
      if (!check.ok) {
        accounting.rejected += 1;
        done += 1;
        continue;
      }
      if (check.flags.includes('out-of-range')) accounting.flaggedOutOfRange += 1;
      if (check.flags.includes('outlier')) accounting.flaggedOutliers += 1;
      queue.push(window);
      if (queue.length >= maxBatch) await flush();
    }
  }
  await flush();
  return { predictions, latency: accounting.latency(), ...counters(accounting), windowLength: plan.length };
}

function counters(a: RunAccounting): { rejected: number; flaggedOutOfRange: number; flaggedOutliers: number } {
  return { rejected: a.rejected, flaggedOutOfRange: a.flaggedOutOfRange, flaggedOutliers: a.flaggedOutliers };
}

/** The dataset array feeding each model input (see `bindTensorInputs`). */
function bindInputs(manifest: ModelManifest, data: TensorData): Map<string, NpyArray> {
  const candidates = new Map([...data.arrays].map(([name, array]) => [name, { array, shape: array.shape.slice(1), dtypeFits: (input: ModelInput) => npyDtypeFits(input, array.dtype) }]));
  return new Map([...bindTensorInputs(manifest, candidates, 'the dataset')].map(([name, c]) => [name, c.array]));
}

type RunBatch = (feeds: HostFeedMap, windows: readonly Window[], inputs: readonly (Float32Array | undefined)[]) => Promise<void>;

/** Whole-sample inputs: each dataset sample is one model item; float inputs are checked and normalised per channel. */
async function runTensors(
  manifest: ModelManifest,
  dataset: LabelledDataset,
  data: TensorData,
  maxBatch: number,
  accounting: RunAccounting,
  run: RunBatch,
  onProgress: ((done: number, total: number) => void) | undefined,
): Promise<void> {
  const bound = bindInputs(manifest, data);
  const total = dataset.count;
  let pending: number[] = [];
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const samples = pending;
    pending = [];
    const feeds: Record<string, HostTensor> = {};
    for (const input of manifest.inputs) feeds[input.name] = tensorFeed(input, bound.get(input.name) as NpyArray, samples);
    const windows = samples.map((s) => tensorWindow(s, dataset.timesS[s]));
    await run(feeds, windows, samples.map(() => undefined));
    onProgress?.(samples[samples.length - 1] + 1, total);
  };
  for (let s = 0; s < total; s++) {
    const check = checkSample(manifest, bound, s);
    if (!check.ok) {
      accounting.rejected += 1;
      continue;
    }
    if (check.outOfRange) accounting.flaggedOutOfRange += 1;
    if (check.outlier) accounting.flaggedOutliers += 1;
    pending.push(s);
    if (pending.length >= maxBatch) await flush();
  }
  await flush();
}

/** Tensor samples have no stream: a one-sample "window" carries the sample index and time for decoding. */
function tensorWindow(sample: number, timeS: number): Window {
  return { data: new Float32Array(0), channels: 0, length: 1, sampleTimesS: Float64Array.of(timeS), endSeq: sample, endDeviceTimeS: timeS, endHostTimeMs: 0 };
}
