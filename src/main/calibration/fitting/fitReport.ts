import type {
  CalibrationCheck,
  CalibrationParameter,
  ChannelFit,
  ChannelTransform,
  CheckOutcome,
  FitModel,
  FitReport,
} from '../../../shared/domain/calibration';
import { fmt } from '../engine/stabilityCheck';
import type { FitResult } from '../engine/procedureTypes';
import { fitQuality } from './leastSquares';

/** A band a value must lie in: outside `fail` fails, outside `warn` (if given) warns. */
export interface Limits {
  readonly fail: readonly [number, number];
  readonly warn?: readonly [number, number];
}

const SEVERITY: Record<CheckOutcome, number> = { pass: 0, warn: 1, fail: 2 };

/** The worst of several outcomes (no outcomes pass). */
export function worstOutcome(outcomes: Iterable<CheckOutcome>): CheckOutcome {
  let worst: CheckOutcome = 'pass';
  for (const o of outcomes) if (SEVERITY[o] > SEVERITY[worst]) worst = o;
  return worst;
}

/** Compares a value with its limits, writing the limit as a technician reads it. */
export function limitCheck(name: string, value: number, unit: string, limits: Limits): CalibrationCheck {
  const inside = (band: readonly [number, number]): boolean => value >= band[0] && value <= band[1];
  const outcome: CheckOutcome = !inside(limits.fail) ? 'fail' : limits.warn && !inside(limits.warn) ? 'warn' : 'pass';
  const band = limits.warn ?? limits.fail;
  return { name, value, unit, limit: describeBand(band, limits.warn ? limits.fail : undefined), outcome };
}

function describeBand(band: readonly [number, number], hard: readonly [number, number] | undefined): string {
  const text = (b: readonly [number, number]): string =>
    b[0] === Number.NEGATIVE_INFINITY ? `≤ ${fmt(b[1])}` : b[1] === Number.POSITIVE_INFINITY ? `≥ ${fmt(b[0])}` : `${fmt(b[0])} – ${fmt(b[1])}`;
  const hardMeansSomething = hard !== undefined && (Number.isFinite(hard[0]) || Number.isFinite(hard[1]));
  return hardMeansSomething ? `${text(band)} (fails outside ${text(hard)})` : text(band);
}

/** What a channel's fit is made of: its points as reference/raw/corrected triples and its checks. */
export interface ChannelFitInput {
  readonly channel: string;
  readonly unit: string;
  readonly model: FitModel;
  readonly transform: ChannelTransform | null;
  readonly labels: readonly string[];
  readonly reference: readonly number[];
  readonly raw: readonly number[];
  readonly corrected: readonly number[];
  /** Largest acceptable RMS residual; omitted where residuals mean nothing (one point). */
  readonly maxRms?: Limits;
  /** False where points are measurements without a truth to compare (a baseline, statistics). */
  readonly hasResiduals?: boolean;
  readonly checks?: readonly CalibrationCheck[];
}

/** Residuals, R², the RMS check and the channel's outcome. */
export function buildChannelFit(input: ChannelFitInput): ChannelFit {
  const q = fitQuality(input.reference, input.corrected);
  const checks = [...(input.checks ?? [])];
  if (input.maxRms) checks.push(limitCheck(`RMS residual ${input.channel}`, q.rms, input.unit, input.maxRms));
  const withResiduals = input.labels.length > 0 && input.hasResiduals !== false;
  return {
    channel: input.channel,
    unit: input.unit,
    model: input.model,
    transform: input.transform,
    points: input.labels.map((label, i) => ({
      label,
      reference: input.reference[i],
      raw: input.raw[i],
      corrected: input.corrected[i],
      residual: q.residuals[i],
    })),
    rmsResidual: withResiduals ? q.rms : null,
    maxAbsResidual: withResiduals ? q.maxAbs : null,
    r2: withResiduals ? q.r2 : null,
    checks,
    outcome: worstOutcome(checks.map((c) => c.outcome)),
  };
}

/** Assembles the report with a one-line summary of what was fitted and how it went. */
export function buildFitResult(
  what: string,
  channels: readonly ChannelFit[],
  parameters: readonly CalibrationParameter[],
  checks: readonly CalibrationCheck[],
): FitResult {
  const outcome = worstOutcome([...channels.map((c) => c.outcome), ...checks.map((c) => c.outcome)]);
  const failing = [...channels.flatMap((c) => c.checks), ...checks].filter((c) => c.outcome !== 'pass');
  const detail =
    failing.length === 0
      ? 'all within limits'
      : failing
          .slice(0, 3)
          .map((c) => `${c.name} ${fmt(c.value)} ${c.unit} (limit ${c.limit})`.replace(/ {2,}/g, ' '))
          .join('; ') + (failing.length > 3 ? `; and ${failing.length - 3} more` : '');
  const verdict = outcome === 'pass' ? 'Passed' : outcome === 'warn' ? 'Passed with warnings' : 'Failed';
  const report: FitReport = {
    outcome,
    summary: `${what}: ${verdict} — ${detail}.`,
    channels: [...channels],
    parameters: [...parameters],
    checks: [...checks],
  };
  const transforms = channels.flatMap((c) => (c.transform ? [c.transform] : []));
  return { report, transforms, parameters: [...parameters] };
}

/** A fit that could not be made at all (too few or too alike points), as a failed report. */
export function impossibleFit(what: string, reason: string): FitResult {
  return {
    report: { outcome: 'fail', summary: `${what}: Failed — ${reason}.`, channels: [], parameters: [], checks: [] },
    transforms: [],
    parameters: [],
  };
}
