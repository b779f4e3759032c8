import type { FrameBatch } from '../../../shared/domain/frameBatch';
import type { DriftAlert, DriftSeverity } from '../../../shared/domain/validationDrift';
import { decorrelationStride, thin } from './autocorrelation';
import { channelDrift } from './channelDrift';

/** Tuning of a live detector. */
export interface LiveDriftOptions {
  readonly deviceId: string;
  /** Names of the batch columns to watch, in column order (the device profile's channels). */
  readonly channels: readonly string[];
  /**
   * Values per channel in a frame: 1 for flat frames, `samplesPerChannel` for waveform devices
   * (each channel's waveform is summarised by its mean, one value per frame).
   */
  readonly valuesPerChannel?: number;
  /** Baseline values per watched channel (from a reference recording, a dataset, or the first minutes of this device). */
  readonly baseline: readonly ArrayLike<number>[];
  /** Frames in the sliding window compared against the baseline (default 2000). */
  readonly windowFrames?: number;
  /** Frames between checks once the window is full (default half a window). */
  readonly checkEveryFrames?: number;
  /**
   * Chance that one check raises any alert when nothing drifted (default 0.001): split over the
   * channels (Bonferroni), with samples thinned to their decorrelation time so the test's
   * independence assumption holds.
   */
  readonly falseAlarmRate?: number;
}

/** Channel `channel` of frame `frame`: its value, or the mean of its waveform (`valuesPerChannel` samples, channel-major). */
export function frameChannelMean(batch: FrameBatch, frame: number, channel: number, valuesPerChannel: number): number {
  let sum = 0;
  for (let i = 0; i < valuesPerChannel; i++) sum += batch.values[frame * batch.channelCount + channel * valuesPerChannel + i];
  return sum / valuesPerChannel;
}

/** Lattice size above which the live checks use the asymptotic p-value (cheap enough to run every check). */
const LIVE_EXACT_CELLS = 10_000;

/**
 * Watches a device's stream for data drift: a sliding window of recent frames per channel is
 * compared with a baseline by the two-sample KS test (plus PSI for severity) every
 * `checkEveryFrames` frames. An alert names the channel and its severity; a channel alerts again
 * only after it recovered, or when its severity rises, so a lasting drift is one alert, not a flood.
 */
export class LiveDriftDetector {
  readonly #deviceId: string;
  readonly #channels: readonly string[];
  readonly #baseline: readonly Float64Array[];
  readonly #strides: readonly number[];
  readonly #window: number;
  readonly #checkEvery: number;
  readonly #alphaPerChannel: number;
  readonly #ring: Float32Array;
  readonly #state: DriftSeverity[];
  readonly #valuesPerChannel: number;
  #head = 0;
  #filled = 0;
  #sinceCheck = 0;
  #checks = 0;

  constructor(options: LiveDriftOptions) {
    if (options.baseline.length !== options.channels.length) throw new RangeError('one baseline per watched channel is needed');
    this.#deviceId = options.deviceId;
    this.#channels = options.channels;
    this.#window = options.windowFrames ?? 2000;
    this.#checkEvery = options.checkEveryFrames ?? Math.max(1, Math.floor(this.#window / 2));
    this.#alphaPerChannel = (options.falseAlarmRate ?? 0.001) / options.channels.length;
    this.#strides = options.baseline.map((b) => decorrelationStride(b));
    this.#baseline = options.baseline.map((b, c) => thin(b, this.#strides[c]));
    this.#ring = new Float32Array(this.#window * options.channels.length);
    this.#state = options.channels.map(() => 'none');
    this.#valuesPerChannel = options.valuesPerChannel ?? 1;
  }

  /** Checks run so far. */
  get checks(): number {
    return this.#checks;
  }

  /** Thinning stride per channel (frames between samples that enter a test). */
  get strides(): readonly number[] {
    return this.#strides;
  }

  /** Feeds frames (channels in `channels` order, extra values ignored); returns the alerts they raised. */
  push(batch: FrameBatch): DriftAlert[] {
    const alerts: DriftAlert[] = [];
    const c = this.#channels.length;
    const per = this.#valuesPerChannel;
    for (let f = 0; f < batch.frameCount; f++) {
      for (let k = 0; k < c; k++) this.#ring[this.#head * c + k] = frameChannelMean(batch, f, k, per);
      this.#head = (this.#head + 1) % this.#window;
      this.#filled = Math.min(this.#filled + 1, this.#window);
      this.#sinceCheck += 1;
      if (this.#filled === this.#window && this.#sinceCheck >= this.#checkEvery) {
        this.#sinceCheck = 0;
        alerts.push(...this.#check(batch.deviceTimeS[f]));
      }
    }
    return alerts;
  }

  #check(deviceTimeS: number): DriftAlert[] {
    this.#checks += 1;
    const c = this.#channels.length;
    const alerts: DriftAlert[] = [];
    for (let k = 0; k < c; k++) {
      const values: number[] = [];
      // Oldest first, every stride-th frame of the window.
      for (let i = 0; i < this.#window; i += this.#strides[k]) values.push(this.#ring[((this.#head + i) % this.#window) * c + k]);
      const result = channelDrift(this.#channels[k], this.#baseline[k], thin(values, 1), this.#alphaPerChannel, LIVE_EXACT_CELLS);
      const previous = this.#state[k];
      this.#state[k] = result.severity;
      const rose = result.severity === 'critical' ? previous !== 'critical' : result.severity === 'warning' && previous === 'none';
      if (!rose || result.severity === 'none') continue;
      alerts.push({
        deviceId: this.#deviceId,
        channel: result.channel,
        severity: result.severity,
        statistic: result.ks.statistic,
        pValue: result.ks.pValue,
        psi: result.psi,
        deviceTimeS,
        message: `${result.channel} drifted from its baseline (KS D = ${result.ks.statistic.toFixed(3)}, p = ${result.ks.pValue.toExponential(1)}, PSI ${result.psi.toFixed(2)}; mean ${result.baselineMean.toPrecision(4)} → ${result.currentMean.toPrecision(4)})`,
      });
    }
    return alerts;
  }
}
