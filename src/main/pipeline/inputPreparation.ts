import type { ModelInput } from '../../shared/domain/modelManifest';
import type { HostTensor } from '../inference/hostTensor';
import type { Window } from './windower';
import type { WindowPlan } from './windowPlan';

/** How far (in standard deviations of the training data) a normalised value may sit before it is flagged. */
export const OUTLIER_Z = 6;

export type WindowCheck =
  | { readonly ok: true; readonly flags: readonly ('out-of-range' | 'outlier')[] }
  | { readonly ok: false; readonly reason: 'non-finite' };

/**
 * Seed 000's input validation, per window: non-finite values reject the window (the model never
 * sees a NaN); values outside the valid range and z-score outliers are run but flagged.
 */
export function checkWindow(window: Window, plan: WindowPlan, input: ModelInput): WindowCheck {
  const flags = new Set<'out-of-range' | 'outlier'>();
  const { data, length } = window;
  for (let c = 0; c < window.channels; c++) {
    const [min, max] = plan.ranges[c];
    const mean = input.normalisation?.mean[c];
    const std = input.normalisation?.std[c];
    for (let k = 0; k < length; k++) {
      const v = data[c * length + k];
      if (!Number.isFinite(v)) return { ok: false, reason: 'non-finite' };
      if (v < min || v > max) flags.add('out-of-range');
      if (mean !== undefined && std !== undefined && Math.abs((v - mean) / std) > OUTLIER_Z) flags.add('outlier');
    }
  }
  return { ok: true, flags: [...flags] };
}

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

/** Normalises and packs windows into one batch tensor in the input's layout. */
export function buildFeed(windows: readonly Window[], input: ModelInput, layout: FeedLayout): HostTensor {
  const first = windows[0];
  const { channels, length } = first;
  const per = channels * length;
  const data = new Float32Array(windows.length * per);
  const mean = input.normalisation?.mean;
  const std = input.normalisation?.std;
  windows.forEach((w, b) => {
    for (let c = 0; c < channels; c++) {
      const m = mean ? mean[c] : 0;
      const s = std ? std[c] : 1;
      for (let k = 0; k < length; k++) {
        const v = (w.data[c * length + k] - m) / s;
        const at = layout === 'time-channels' ? k * channels + c : c * length + k;
        data[b * per + at] = v;
      }
    }
  });
  const dims = layout === 'channels' ? [windows.length, channels] : layout === 'channels-time' ? [windows.length, channels, length] : [windows.length, length, channels];
  return { dims, data };
}
