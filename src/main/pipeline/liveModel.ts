import type { DeviceProfile } from '../../shared/domain/deviceProfile';
import type { FrameBatch } from '../../shared/domain/frameBatch';
import type { ModelManifest } from '../../shared/domain/modelManifest';
import type { Prediction } from '../../shared/domain/prediction';
import { ContractError } from '../../shared/ipc/contractError';
import type { ILiveModelRunner, TaggedRunResult } from '../registry/swappableModelRunner';
import { feedLayoutOf, type FeedLayout } from './inputPreparation';
import { LatencyStats } from './latencyStats';
import { type ILiveInput, StreamLiveInput, TensorLiveInput } from './liveInput';
import { decodeOutput, PerSampleEventDetector } from './outputDecoding';
import type { Window } from './windower';
import { planWindows, type WindowPlan } from './windowPlan';

export interface LiveModelCounters {
  windowsIn: number;
  windowsRun: number;
  /** Dropped oldest-first because inference fell behind. */
  windowsDropped: number;
  /** Refused before inference: NaN or ±Infinity in the window. */
  windowsRejected: number;
  /** Lost to a runtime failure (the host crashed or timed out while running them). */
  windowsFailed: number;
  flaggedOutOfRange: number;
  flaggedOutliers: number;
  batches: number;
}

export interface LiveModelOptions {
  readonly deviceId: string;
  readonly profile: DeviceProfile;
  readonly manifest: ModelManifest;
  /** The model runtime: a swappable runner, so a new version can take over between two batches. */
  readonly client: ILiveModelRunner;
  /** The device's calibrated batches, with the calibration version applied (null or absent: raw frames). */
  readonly subscribe: (listener: (batch: FrameBatch, calibrationVersion?: string | null) => void) => () => void;
  readonly onPrediction: (prediction: Prediction) => void;
  /** Bound on windows waiting for the runtime; beyond it the oldest are dropped and counted. */
  readonly maxQueuedWindows?: number;
  /** Most windows per `session.run` when they have queued up. */
  readonly maxBatch?: number;
}

/**
 * Batches sent to the runtime before the first has answered: while the runtime runs one, the
 * core cuts, checks and packs the next and decodes the last, so neither process waits for the other.
 */
const BATCHES_IN_FLIGHT = 2;

interface Prepared {
  readonly window: Window;
  readonly flags: readonly Prediction['flags'][number][];
  /** The calibration applied to the batch that completed the window. */
  readonly calibrationVersion: string | null;
}

function refuser(profile: DeviceProfile, manifest: ModelManifest): (reason: string) => never {
  return (reason) => {
    throw new ContractError({ code: 'invalid-input', message: `${manifest.name} ${manifest.version} cannot run on ${profile.displayName}: ${reason}.` });
  };
}

function refuseOtherFamily(profile: DeviceProfile, manifest: ModelManifest): void {
  if (manifest.family !== profile.family) refuser(profile, manifest)(`it is a ${manifest.family} model and this is a ${profile.family} device`);
}

/** Checks a manifest can run on a device's stream of frames; the reason names what does not fit. */
export function planLiveModel(profile: DeviceProfile, manifest: ModelManifest): { plan: WindowPlan; layout: FeedLayout } {
  const refuse = refuser(profile, manifest);
  refuseOtherFamily(profile, manifest);
  if (manifest.inputs.length !== 1) refuse(`it takes ${manifest.inputs.length} inputs; live inference feeds one`);
  const input = manifest.inputs[0];
  const planned = planWindows(profile, input);
  if (!planned.ok) return refuse(planned.reason);
  const layout = feedLayoutOf(input);
  if (!layout.ok) return refuse(layout.reason);
  return { plan: planned.plan, layout: layout.layout };
}

/**
 * How a model is fed live from a device: whole samples for tensor devices (each frame one
 * satellite series and its mask), else windows of the stream. Refuses what does not fit.
 */
export function liveInputOf(profile: DeviceProfile, manifest: ModelManifest): ILiveInput {
  if (profile.frameLayout?.kind === 'tensor') {
    refuseOtherFamily(profile, manifest);
    return new TensorLiveInput(profile, manifest);
  }
  const { plan, layout } = planLiveModel(profile, manifest);
  return new StreamLiveInput(plan, layout, manifest.inputs[0]);
}

/**
 * One model running on one device's live stream: windows → validation → bounded queue →
 * batched runs in the model's own process → decoded predictions. The queue drops the oldest
 * windows when the model falls behind (never blocking acquisition), and every window is
 * accounted for in the counters.
 */
export class LiveModel {
  readonly manifest: ModelManifest;
  readonly counters: LiveModelCounters = {
    windowsIn: 0,
    windowsRun: 0,
    windowsDropped: 0,
    windowsRejected: 0,
    windowsFailed: 0,
    flaggedOutOfRange: 0,
    flaggedOutliers: 0,
    batches: 0,
  };
  readonly latency = new LatencyStats();
  readonly #options: LiveModelOptions;
  readonly #input: ILiveInput;
  readonly #events = new PerSampleEventDetector();
  readonly #queue: Prepared[] = [];
  readonly #maxQueued: number;
  readonly #maxBatch: number;
  #unsubscribe: (() => void) | undefined;
  /** Windows in the batches sent and not yet decoded. */
  #inFlight = 0;
  #batchesInFlight = 0;
  /** Answers are decoded in the order their batches were sent, even when a hot swap lets a later batch finish first. */
  #decoded: Promise<void> = Promise.resolve();
  #stopped = false;
  #lastError: string | undefined;

  constructor(options: LiveModelOptions) {
    this.#options = options;
    this.manifest = options.manifest;
    this.#input = liveInputOf(options.profile, options.manifest);
    this.#maxQueued = options.maxQueuedWindows ?? 256;
    this.#maxBatch = options.maxBatch ?? 64;
  }

  /** Until the first window: frames held towards it and how many it takes (a 192 s e-nose window fills for minutes). */
  get firstWindow(): { held: number; needed: number } | null {
    return this.counters.windowsIn > 0 ? null : this.#input.fill;
  }

  get lastError(): string | undefined {
    return this.#lastError;
  }

  /** Windows waiting for the runtime plus those in the call being run: the rest of `windowsIn` is in the counters. */
  get queued(): number {
    return this.#queue.length + this.#inFlight;
  }

  start(): void {
    this.#unsubscribe = this.#options.subscribe((batch, calibrationVersion) => this.#onBatch(batch, calibrationVersion ?? null));
  }

  stop(): void {
    this.#stopped = true;
    this.#unsubscribe?.();
    this.#queue.length = 0;
  }

  #onBatch(batch: FrameBatch, calibrationVersion: string | null): void {
    for (const { window, check } of this.#input.push(batch)) {
      this.counters.windowsIn += 1;
      if (!check.ok) {
        this.counters.windowsRejected += 1;
        continue;
      }
      if (check.flags.includes('out-of-range')) this.counters.flaggedOutOfRange += 1;
      if (check.flags.includes('outlier')) this.counters.flaggedOutliers += 1;
      this.#queue.push({ window, flags: check.flags, calibrationVersion });
      if (this.#queue.length > this.#maxQueued) {
        this.#queue.shift();
        this.counters.windowsDropped += 1;
      }
      // A long batch of frames (a backlog, a burst) starts the runtime on its first full batch instead of after the last window.
      if (this.#queue.length >= this.#maxBatch) this.#pump();
    }
    this.#pump();
  }

  #pump(): void {
    while (this.#queue.length > 0 && this.#batchesInFlight < BATCHES_IN_FLIGHT && !this.#stopped) {
      const batch = this.#queue.splice(0, this.#maxBatch);
      this.#inFlight += batch.length;
      this.#batchesInFlight += 1;
      const answer = this.#send(batch);
      // Handled in #receive, possibly after an earlier batch: mark it handled now so an early failure is not reported as unhandled.
      answer.catch(() => undefined);
      this.#decoded = this.#decoded
        .then(() => this.#receive(batch, answer))
        .finally(() => {
          this.#inFlight -= batch.length;
          this.#batchesInFlight -= 1;
          this.#pump();
        });
    }
  }

  #send(batch: readonly Prepared[]): Promise<TaggedRunResult> {
    const windows = batch.map((p) => p.window);
    // Built for the manifest of the version the batch goes to: versions may normalise differently.
    return this.#options.client.run((m) => this.#input.feeds(m, windows));
  }

  async #receive(batch: readonly Prepared[], answer: Promise<TaggedRunResult>): Promise<void> {
    try {
      const result = await answer;
      const manifest = result.manifest;
      const latencyMs = result.latencyUs / 1000;
      this.latency.add(latencyMs);
      this.counters.batches += 1;
      this.counters.windowsRun += batch.length;
      this.#lastError = undefined;
      const hostTimeMs = Date.now();
      batch.forEach((p, b) => {
        const outputs = manifest.outputs.map((output) => decodeOutput(output, result.outputs[output.name], b, p.window, this.#events));
        this.#options.onPrediction({
          deviceId: this.#options.deviceId,
          modelName: manifest.name,
          modelVersion: manifest.version,
          modelVersionId: result.versionId,
          seq: p.window.endSeq,
          deviceTimeS: p.window.endDeviceTimeS,
          hostTimeMs,
          latencyMs,
          flags: [...p.flags],
          calibrationVersion: p.calibrationVersion,
          outputs,
        });
      });
    } catch (error) {
      // The runtime crashed or timed out: these windows are lost (counted); the client restarts
      // the runtime by itself and later windows run again.
      this.counters.windowsFailed += batch.length;
      this.#lastError = error instanceof Error ? error.message : String(error);
    }
  }
}
