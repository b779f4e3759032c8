import type { ModelInput } from '../../shared/domain/modelManifest';
import type { HostTensor } from '../inference/hostTensor';
import type { HostFeed, WindowedFeed } from '../inference/windowedFeed';
import type { Window } from './windower';
import type { WindowPlan } from './windowPlan';

/** How far (in standard deviations of the training data) a normalised value may sit before it is flagged. */
export const OUTLIER_Z = 6;

export type WindowCheck =
  | { readonly ok: true; readonly flags: readonly ('out-of-range' | 'outlier')[] }
  | { readonly ok: false; readonly reason: 'non-finite' };

/**
 * Seed 000's input validation, per window: non-finite values reject the window (the model never
 * sees a NaN); values outside the valid range and z-score outliers are run but flagged. One pass
 * per channel keeps its extremes; the range and z-score tests then look at those two values only.
 */
export function checkWindow(window: Window, plan: WindowPlan, input: ModelInput): WindowCheck {
  let outOfRange = false;
  let outlier = false;
  const { data, length } = window;
  const normalisation = input.normalisation;
  for (let c = 0; c < window.channels; c++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let k = c * length, end = k + length; k < end; k++) {
      const v = data[k];
      // v − v is 0 for every finite number and NaN for NaN and ±Infinity.
      if (v - v !== 0) return { ok: false, reason: 'non-finite' };
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const [min, max] = plan.ranges[c];
    if (lo < min || hi > max) outOfRange = true;
    if (normalisation) {
      const mean = normalisation.mean[c];
      const std = normalisation.std[c];
      if (Math.abs((lo - mean) / std) > OUTLIER_Z || Math.abs((hi - mean) / std) > OUTLIER_Z) outlier = true;
    }
  }
  if (!outOfRange && !outlier) return NO_FLAGS;
  return { ok: true, flags: outOfRange && outlier ? ['out-of-range', 'outlier'] : outOfRange ? ['out-of-range'] : ['outlier'] };
}

const NO_FLAGS: WindowCheck = { ok: true, flags: [] };

/** Where channels and time sit in the input tensor after the batch axis. */
export type FeedLayout = 'channels' | 'channels-time' | 'time-channels';

export type FeedLayoutResult = { ok: true; layout: FeedLayout } | { ok: false; reason: string };

/** The layouts the console can feed: [batch, C], [batch, C, T] or [batch, T, C]. */
export function feedLayoutOf(input: ModelInput): FeedLayoutResult {
  const rank = input.shape.length;
  if (input.dtype !== 'float32') return { ok: false, reason: `input "${input.name}" is ${input.dtype}; live inference feeds float32 sensor data` };
  if (typeof input.shape[0] === 'number' && input.shape[0] !== 1) {
    return { ok: false, reason: `input "${input.name}" fixes its first axis to ${input.shape[0]}; the console batches along the first axis` };
  }
  if (rank === 2 && input.channelAxis === 1 && input.timeAxis === undefined) return { ok: true, layout: 'channels' };
  // A rank-3 input without a declared time axis (a waveform per frame) has time on the axis channels do not use.
  const timeAxis = input.timeAxis ?? (rank === 3 && input.channelAxis !== undefined ? 3 - input.channelAxis : undefined);
  if (rank === 3 && input.channelAxis === 1 && timeAxis === 2) return { ok: true, layout: 'channels-time' };
  if (rank === 3 && input.channelAxis === 2 && timeAxis === 1) return { ok: true, layout: 'time-channels' };
  return {
    ok: false,
    reason: `input "${input.name}" has shape [${input.shape.join(', ')}]; the console feeds [batch, channels], [batch, channels, time] or [batch, time, channels]`,
  };
}

/**
 * Normalises and packs windows into one batch tensor in the input's layout. Without
 * normalisation a channel-major window is already in the tensor's layout and is copied whole.
 */
export function buildFeed(windows: readonly Window[], input: ModelInput, layout: FeedLayout): HostTensor {
  const { channels, length } = windows[0];
  const per = channels * length;
  const data = new Float32Array(windows.length * per);
  const normalisation = input.normalisation;
  for (let b = 0; b < windows.length; b++) {
    const src = windows[b].data;
    const base = b * per;
    if (layout === 'time-channels') {
      for (let c = 0; c < channels; c++) {
        const m = normalisation ? normalisation.mean[c] : 0;
        const s = normalisation ? normalisation.std[c] : 1;
        for (let k = 0; k < length; k++) data[base + k * channels + c] = (src[c * length + k] - m) / s;
      }
    } else if (!normalisation) {
      data.set(src, base);
    } else {
      for (let c = 0; c < channels; c++) {
        const m = normalisation.mean[c];
        const s = normalisation.std[c];
        for (let k = c * length, end = k + length; k < end; k++) data[base + k] = (src[k] - m) / s;
      }
    }
  }
  const dims = layout === 'channels' ? [windows.length, channels] : layout === 'channels-time' ? [windows.length, channels, length] : [windows.length, length, channels];
  return { dims, data };
}

/** The feed for windows cut by `plan`: overlapping windows of a stream as their distinct samples, any others (waveform frames, single frames) whole. */
export function feedOfWindows(windows: readonly Window[], input: ModelInput, layout: FeedLayout, plan: WindowPlan): HostFeed {
  if (plan.samplesPerChannel === undefined && layout !== 'channels' && plan.hop < plan.length) return buildWindowedFeed(windows, input, layout);
  return buildFeed(windows, input, layout);
}

/**
 * Packs windows cut from one stream as the distinct samples they cover (see WindowedFeed),
 * normalised like `buildFeed`. Consecutive windows of the same run of a Windower whose ends are
 * fewer than `length` samples apart overlap, so each adds only its newest samples; any other
 * window (another run, or one cut elsewhere) adds all of its own.
 */
export function buildWindowedFeed(windows: readonly Window[], input: ModelInput, layout: 'channels-time' | 'time-channels'): WindowedFeed {
  const { channels, length } = windows[0];
  const starts = new Int32Array(windows.length);
  /** Per window, the first of its samples not already packed with the window before it. */
  const newFrom = new Int32Array(windows.length);
  let span = 0;
  windows.forEach((w, b) => {
    const advance = b > 0 ? w.endSeq - windows[b - 1].endSeq : length;
    const overlaps = b > 0 && w.run !== undefined && w.run === windows[b - 1].run && advance > 0 && advance < length;
    starts[b] = overlaps ? starts[b - 1] + advance : span;
    newFrom[b] = overlaps ? length - advance : 0;
    span = starts[b] + length;
  });
  const samples = new Float32Array(channels * span);
  const normalisation = input.normalisation;
  for (let c = 0; c < channels; c++) {
    const m = normalisation ? normalisation.mean[c] : 0;
    const s = normalisation ? normalisation.std[c] : 1;
    const row = c * span;
    windows.forEach((w, b) => {
      const src = w.data;
      for (let k = newFrom[b]; k < length; k++) samples[row + starts[b] + k] = (src[c * length + k] - m) / s;
    });
  }
  const dims = layout === 'channels-time' ? [windows.length, channels, length] : [windows.length, length, channels];
  return { dims, timeAxis: layout === 'channels-time' ? 2 : 1, samples, starts };
}
