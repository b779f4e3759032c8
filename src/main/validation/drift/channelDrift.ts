import type { ChannelDrift, DriftSeverity } from '../../../shared/domain/validationDrift';
import { extent, histogram, mean, std } from '../metrics/histogram';
import { ksTwoSample } from './ksTest';
import { psi } from './psi';

/** Bins of the overlay histograms in reports. */
const OVERLAY_BINS = 24;
/** PSI from which a shift counts as major. */
export const PSI_CRITICAL = 0.25;

/** `critical` when PSI says major shift or the mean moved by more than one baseline SD; else `warning`. */
export function severityOf(drifted: boolean, psiValue: number, meanShift: number, baselineStd: number): DriftSeverity {
  if (!drifted) return 'none';
  return psiValue >= PSI_CRITICAL || Math.abs(meanShift) > baselineStd ? 'critical' : 'warning';
}

/**
 * Compares one channel's (already thinned) baseline and current values: KS test against the
 * per-channel level `alphaPerChannel`, PSI, moments and overlay histograms on common edges.
 */
export function channelDrift(channel: string, baseline: Float64Array, current: Float64Array, alphaPerChannel: number, maxExactCells?: number): ChannelDrift {
  const ks = ksTwoSample(baseline, current, maxExactCells);
  const p = psi(baseline, current);
  const [bLo, bHi] = extent(baseline);
  const [cLo, cHi] = extent(current);
  const range: [number, number] = [Math.min(bLo, cLo), Math.max(bHi, cHi)];
  const baselineMean = mean(baseline);
  const currentMean = mean(current);
  const baselineStd = std(baseline);
  const drifted = ks.pValue < alphaPerChannel;
  return {
    channel,
    ks,
    psi: p,
    baselineMean,
    currentMean,
    baselineStd,
    currentStd: std(current),
    drifted,
    severity: severityOf(drifted, p, currentMean - baselineMean, baselineStd),
    baseline: histogram(baseline, OVERLAY_BINS, range),
    current: histogram(current, OVERLAY_BINS, range),
  };
}
