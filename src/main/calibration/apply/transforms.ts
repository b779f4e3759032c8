import type { ChannelTransform } from '../../../shared/domain/calibration';
import { evaluatePolynomial } from '../fitting/leastSquares';

/** A value transform (linear or polynomial); delays act on waveforms, not on single values. */
export type ValueTransform = Extract<ChannelTransform, { kind: 'linear' | 'polynomial' }>;

/** The calibrated value of one raw reading. */
export function transformValue(t: ValueTransform, raw: number): number {
  switch (t.kind) {
    case 'linear':
      return t.gain * raw + t.offset;
    case 'polynomial':
      return evaluatePolynomial(t.coefficients, raw);
  }
}

/**
 * The transform that makes `raw` read `target` while keeping the shape of the channel's existing
 * transform: a zero calibration corrects the offset and leaves a span calibration's gain alone.
 */
export function zeroingTransform(channel: string, previous: ChannelTransform | undefined, raw: number, target: number): ValueTransform {
  if (previous === undefined || previous.kind === 'delay') return { kind: 'linear', channel, gain: 1, offset: target - raw };
  const shift = target - transformValue(previous, raw);
  switch (previous.kind) {
    case 'linear':
      return { ...previous, offset: previous.offset + shift };
    case 'polynomial':
      return { ...previous, coefficients: previous.coefficients.map((c, k) => (k === 0 ? c + shift : c)) };
  }
}

/** A fitted polynomial as the simplest transform that holds it. */
export function polynomialTransform(channel: string, coefficients: ArrayLike<number>): ValueTransform {
  if (coefficients.length === 2) return { kind: 'linear', channel, gain: coefficients[1], offset: coefficients[0] };
  return { kind: 'polynomial', channel, coefficients: Array.from(coefficients) };
}

/** Merges a calibration's new transforms over those in force: a channel's new transform replaces its old one. */
export function mergeTransforms(current: readonly ChannelTransform[], updates: readonly ChannelTransform[]): ChannelTransform[] {
  const updated = new Set(updates.map((t) => t.channel));
  return [...current.filter((t) => !updated.has(t.channel)), ...updates];
}
