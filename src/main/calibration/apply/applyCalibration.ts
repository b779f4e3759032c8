import type { ChannelTransform } from '../../../shared/domain/calibration';
import type { DeviceProfile } from '../../../shared/domain/deviceProfile';
import { valuesPerFrame } from '../../../shared/domain/deviceProfile';
import type { FrameBatch } from '../../../shared/domain/frameBatch';
import { evaluatePolynomial } from '../fitting/leastSquares';

/** One transform resolved to the value positions it touches in a frame. */
type CompiledOp =
  | { readonly kind: 'linear'; readonly start: number; readonly end: number; readonly gain: number; readonly offset: number }
  | { readonly kind: 'polynomial'; readonly start: number; readonly end: number; readonly coefficients: Float64Array }
  | { readonly kind: 'delay'; readonly start: number; readonly end: number; readonly shiftSamples: number };

/** A device's transforms resolved against its profile once, so applying them is a tight loop. */
export interface CompiledCalibration {
  readonly valuesPerFrame: number;
  readonly ops: readonly CompiledOp[];
}

export type CompileResult = { readonly ok: true; readonly compiled: CompiledCalibration } | { readonly ok: false; readonly error: string };

/**
 * Resolves channel names to value positions (a waveform channel spans its samples) and checks
 * every transform fits the profile: a calibration made for another profile must not be applied.
 */
export function compileCalibration(profile: DeviceProfile, transforms: readonly ChannelTransform[]): CompileResult {
  const layout = profile.frameLayout;
  if (layout?.kind === 'tensor' && transforms.length > 0) {
    return { ok: false, error: `${profile.displayName} delivers tensors; per-channel calibration does not apply to it.` };
  }
  const samples = layout?.kind === 'waveform' ? layout.samplesPerChannel : 1;
  const ops: CompiledOp[] = [];
  for (const t of transforms) {
    const c = profile.channels.findIndex((ch) => ch.name === t.channel);
    if (c < 0) return { ok: false, error: `The calibration has a transform for "${t.channel}", which ${profile.displayName} does not have.` };
    const start = c * samples;
    const end = start + samples;
    switch (t.kind) {
      case 'linear':
        ops.push({ kind: 'linear', start, end, gain: t.gain, offset: t.offset });
        break;
      case 'polynomial':
        ops.push({ kind: 'polynomial', start, end, coefficients: Float64Array.from(t.coefficients) });
        break;
      case 'delay':
        if (layout?.kind !== 'waveform') return { ok: false, error: `A delay correction needs waveform channels; "${t.channel}" is a single value.` };
        ops.push({ kind: 'delay', start, end, shiftSamples: t.delayS * layout.sampleRateHz });
        break;
    }
  }
  return { ok: true, compiled: { valuesPerFrame: valuesPerFrame(profile), ops } };
}

/**
 * The calibrated copy of a batch: same frames and times, values transformed channel by channel.
 * Pure and allocation-light (one values array), so the pipeline keeps raw and calibrated side by side.
 */
export function applyCalibration(batch: FrameBatch, compiled: CompiledCalibration): FrameBatch {
  if (batch.channelCount !== compiled.valuesPerFrame) {
    throw new RangeError(`batch has ${batch.channelCount} values per frame, the calibration expects ${compiled.valuesPerFrame}`);
  }
  const values = batch.values.slice();
  const stride = batch.channelCount;
  for (const op of compiled.ops) {
    switch (op.kind) {
      case 'linear':
        for (let base = 0; base < values.length; base += stride) {
          for (let i = base + op.start; i < base + op.end; i++) values[i] = op.gain * values[i] + op.offset;
        }
        break;
      case 'polynomial': {
        const k = op.coefficients;
        for (let base = 0; base < values.length; base += stride) {
          for (let i = base + op.start; i < base + op.end; i++) values[i] = evaluatePolynomial(k, values[i]);
        }
        break;
      }
      case 'delay':
        for (let base = 0; base < values.length; base += stride) {
          shiftWaveform(batch.values, values, base + op.start, op.end - op.start, op.shiftSamples);
        }
        break;
    }
  }
  return { ...batch, values };
}

/**
 * out[n] = in[n + shift] with linear interpolation between samples; positions beyond the recorded
 * waveform hold its edge sample (the envelope's baseline), since NaN would read as a sensor fault.
 */
function shiftWaveform(input: Float32Array, out: Float32Array, start: number, length: number, shift: number): void {
  const last = length - 1;
  for (let n = 0; n < length; n++) {
    const pos = Math.min(last, Math.max(0, n + shift));
    const i = Math.floor(pos);
    const frac = pos - i;
    const a = input[start + i];
    out[start + n] = frac === 0 || i >= last ? a : a + (input[start + i + 1] - a) * frac;
  }
}
