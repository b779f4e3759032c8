import type { DeviceProfile } from '../../shared/domain/deviceProfile';
import type { FrameBatch } from '../../shared/domain/frameBatch';

/** Statistics of one channel over a capture (NaN samples ignored). */
export interface ChannelStats {
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** Population standard deviation. */
  readonly std: number;
  /**
   * Signal-to-noise ratio in dB, estimated from the capture alone: the noise variance from the
   * differences of consecutive samples (σ²_noise ≈ var(Δx)/2 for white noise on a signal that
   * changes slowly against the sample rate), the signal variance as what remains of the total.
   * NaN when the channel is constant (no signal and no noise to compare).
   */
  readonly snrDb: number;
}

/** Rate and clock regularity of a capture, from the frames' device time. */
export interface TimingStats {
  readonly frames: number;
  /** Frames per second of device time over the capture's regular intervals (NaN with fewer than 2 frames). */
  readonly sampleRateHz: number;
  /** Standard deviation of the intervals between consecutive frames, ms. */
  readonly jitterMs: number;
}

/**
 * For each value of a frame, the index of the profile channel it belongs to: value i is channel i
 * for flat frames; waveform frames are channel-major runs of `samplesPerChannel` values.
 * Tensor frames (offline datasets) have no live channels and map to nothing (-1).
 */
export function valueChannelMap(profile: DeviceProfile, valuesPerFrame: number): Int32Array {
  const layout = profile.frameLayout;
  const map = new Int32Array(valuesPerFrame).fill(-1);
  if (layout === undefined) {
    for (let i = 0; i < Math.min(valuesPerFrame, profile.channels.length); i++) map[i] = i;
  } else if (layout.kind === 'waveform') {
    for (let i = 0; i < valuesPerFrame; i++) map[i] = Math.floor(i / layout.samplesPerChannel);
  }
  return map;
}

/** Intervals longer than this many median intervals are gaps (a disconnect, a garbled clock), not jitter. */
const GAP_FACTOR = 10;

/**
 * Timing statistics of a capture from its device-time intervals. Intervals that are not positive
 * (a device that rebooted restarts its clock; a garbled time stamp) or longer than GAP_FACTOR
 * median intervals are left out, so one bad time stamp cannot hide a whole capture's rate. A
 * dropped frame still counts: it doubles one interval and lowers the rate.
 */
export function timingStats(batch: FrameBatch): TimingStats {
  const t = batch.deviceTimeS;
  const intervals: number[] = [];
  for (let i = 1; i < batch.frameCount; i++) {
    const dtMs = (t[i] - t[i - 1]) * 1000;
    if (dtMs > 0 && Number.isFinite(dtMs)) intervals.push(dtMs);
  }
  const median = percentile(intervals, 50);
  const kept = intervals.filter((dt) => dt <= GAP_FACTOR * median);
  if (kept.length === 0) return { frames: batch.frameCount, sampleRateHz: Number.NaN, jitterMs: Number.NaN };
  const sum = kept.reduce((a, b) => a + b, 0);
  const mean = sum / kept.length;
  const variance = kept.reduce((a, dt) => a + (dt - mean) ** 2, 0) / kept.length;
  return {
    frames: batch.frameCount,
    sampleRateHz: (1000 * kept.length) / sum,
    jitterMs: kept.length > 1 ? Math.sqrt(variance) : Number.NaN,
  };
}

/** Per-channel statistics of a capture; `valueChannel` maps each value of a frame to its channel. */
export function channelStats(batch: FrameBatch, valueChannel: Int32Array, channelCount: number): ChannelStats[] {
  const acc = Array.from({ length: channelCount }, () => ({ shift: Number.NaN, n: 0, sum: 0, sumSq: 0, min: Infinity, max: -Infinity, dn: 0, dSum: 0, dSumSq: 0 }));
  const width = batch.channelCount;
  // Consecutive samples of a channel: along the waveform within a frame, or frame to frame.
  const previous = new Float64Array(channelCount).fill(Number.NaN);
  const waveform = valueChannel.length > channelCount;
  for (let f = 0; f < batch.frameCount; f++) {
    if (waveform) previous.fill(Number.NaN);
    const base = f * width;
    for (let i = 0; i < Math.min(width, valueChannel.length); i++) {
      const c = valueChannel[i];
      if (c < 0) continue;
      const x = batch.values[base + i];
      if (Number.isNaN(x)) continue;
      const a = acc[c];
      // Sums of values shifted by the first one: no cancellation on large offsets (kΩ, °C).
      if (a.n === 0) a.shift = x;
      const s = x - a.shift;
      a.n += 1;
      a.sum += s;
      a.sumSq += s * s;
      if (x < a.min) a.min = x;
      if (x > a.max) a.max = x;
      const p = previous[c];
      if (!Number.isNaN(p)) {
        const d = x - p;
        a.dn += 1;
        a.dSum += d;
        a.dSumSq += d * d;
      }
      previous[c] = x;
    }
  }
  return acc.map((a) => {
    if (a.n === 0) return { count: 0, min: Number.NaN, max: Number.NaN, mean: Number.NaN, std: Number.NaN, snrDb: Number.NaN };
    const shiftedMean = a.sum / a.n;
    const variance = Math.max(0, a.sumSq / a.n - shiftedMean * shiftedMean);
    const mean = a.shift + shiftedMean;
    const dMean = a.dn > 0 ? a.dSum / a.dn : 0;
    const noiseVariance = a.dn > 1 ? Math.max(0, a.dSumSq / a.dn - dMean * dMean) / 2 : Number.NaN;
    const signalVariance = Math.max(variance - noiseVariance, 0);
    const snrDb = noiseVariance > 0 ? 10 * Math.log10(Math.max(signalVariance, Number.MIN_VALUE) / noiseVariance) : Number.NaN;
    return { count: a.n, min: a.min, max: a.max, mean, std: Math.sqrt(variance), snrDb };
  });
}

/** The p-th percentile (0…100) by linear interpolation between order statistics; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}
