import type { StepView } from '../../../shared/domain/calibrationWizard';
import type { SlidingWindow } from '../fitting/slidingWindow';
import type { FeatureSet, StabilitySpec } from './procedureTypes';

/** The stability part of a step's view. */
export type StabilityView = NonNullable<StepView['stability']>;

/** The verdict on a window, with the first limit broken in words (`gyro_x moves: std 0.31 rad/s, limit 0.02`). */
export interface StabilityVerdict {
  readonly view: StabilityView;
  readonly failure: string | null;
}

/** Judges a window against a stability spec. A window that is not yet full is `filling`. */
export function checkStability(window: SlidingWindow, spec: StabilitySpec, features: FeatureSet): StabilityVerdict {
  let failure: string | null = null;
  const views = features.names.map((name, f) => {
    const { mean, std, slopePerS } = window.stats(f);
    const scale = spec.relative ? Math.abs(mean) : 1;
    const maxStd = spec.maxStd[f] * scale;
    const maxSlopePerS = spec.maxSlopePerS[f] * scale;
    const unit = features.units[f];
    const stdOk = std <= maxStd;
    const slopeOk = Math.abs(slopePerS) <= maxSlopePerS;
    if (failure === null && window.count > 1) {
      if (!stdOk) failure = `${name} is not steady: std ${fmt(std)} ${unit}, limit ${fmt(maxStd)} ${unit}`;
      else if (!slopeOk) failure = `${name} is drifting: ${fmt(slopePerS)} ${unit}/s, limit ±${fmt(maxSlopePerS)} ${unit}/s`;
    }
    return { name, unit, mean: finite(mean), std: finite(std), maxStd, slopePerS: finite(slopePerS), maxSlopePerS, ok: stdOk && slopeOk };
  });
  const state = !window.full ? 'filling' : failure === null ? 'stable' : 'unstable';
  return { view: { state, features: views }, failure: state === 'filling' ? null : failure };
}

/** NaN (an empty window) is not valid JSON for the snapshot; report 0 there. */
function finite(x: number): number {
  return Number.isFinite(x) ? x : 0;
}

/** Three significant figures, as a technician reads a limit. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  return Number(x.toPrecision(3)).toString();
}
