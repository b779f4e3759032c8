import type { FrameLayout } from '../../../../shared/domain/deviceProfile';

type TensorLayout = Extract<FrameLayout, { kind: 'tensor' }>;

/** One frame of a tensor device reduced to what a plot can show: per channel, one value per time step. */
export interface TensorSeries {
  /** Time steps (acquisitions) in the frame. */
  readonly steps: number;
  /** Per channel (the `C` axis), the mean over the other axes at each step; NaN where the mask flags the step. */
  readonly means: Float64Array[];
  /** Steps a per-step mask part flags (e.g. clouded acquisitions). */
  readonly masked: number;
}

/**
 * Reduces a frame laid out as `[T, C, …]` (+ an optional `[T]` mask part, e.g. a satellite patch
 * time series and its cloud mask) to per-channel means over the remaining axes for each step.
 * Masked steps become NaN — gaps on the plot, as the model leaves them out. Undefined when the
 * layout has no part with both a `T` and a `C` axis.
 */
export function tensorSeries(frame: Float32Array, layout: TensorLayout): TensorSeries | undefined {
  let offset = 0;
  let data: { offset: number; shape: readonly number[]; t: number; c: number } | undefined;
  let maskOffset: number | undefined;
  for (const part of layout.parts) {
    const t = part.axes.indexOf('T');
    const c = part.axes.indexOf('C');
    if (data === undefined && t >= 0 && c >= 0) data = { offset, shape: part.shape, t, c };
    else if (maskOffset === undefined && part.axes.length === 1 && t === 0) maskOffset = offset;
    offset += part.shape.reduce((a, b) => a * b, 1);
  }
  if (data === undefined) return undefined;
  const { shape } = data;
  const steps = shape[data.t];
  const channels = shape[data.c];
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const sums = Array.from({ length: channels }, () => new Float64Array(steps));
  const counts = Array.from({ length: channels }, () => new Float64Array(steps));
  const total = shape.reduce((a, b) => a * b, 1);
  for (let i = 0; i < total; i++) {
    const v = frame[data.offset + i];
    if (!Number.isFinite(v)) continue;
    const step = Math.floor(i / strides[data.t]) % steps;
    const channel = Math.floor(i / strides[data.c]) % channels;
    sums[channel][step] += v;
    counts[channel][step] += 1;
  }
  let masked = 0;
  const isMasked = (step: number): boolean => maskOffset !== undefined && frame[maskOffset + step] >= 0.5;
  for (let s = 0; s < steps; s++) if (isMasked(s)) masked++;
  const means = sums.map((sum, c) => sum.map((v, s) => (isMasked(s) || counts[c][s] === 0 ? Number.NaN : v / counts[c][s])));
  return { steps, means, masked };
}
