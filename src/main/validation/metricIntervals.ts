import { boundSpannedByInterval, type MetricCheck } from '../../shared/domain/validation';

/** Contiguous blocks a run is split into for batch means. */
export const INTERVAL_BLOCKS = 10;
/** Student's t at 97.5 % for INTERVAL_BLOCKS − 1 degrees of freedom: a two-sided 95 % interval. */
const T_95_9DF = 2.262;
/** Blocks smaller than this say more about noise than about the model. */
const MIN_SAMPLES_PER_BLOCK = 20;

export interface MetricInterval {
  readonly low: number;
  readonly high: number;
}

/**
 * 95 % intervals of a run's metrics by batch means: the run is cut into INTERVAL_BLOCKS
 * contiguous blocks, each scored alone, and the spread of the block metrics gives the standard
 * error of the whole-run value. Windows of a sensor stream are strongly autocorrelated (an e-nose
 * window shares 191 of 192 readings with the next), so a per-window formula would claim far too
 * much certainty; blocks of minutes are close to independent. Metrics a block cannot compute (no
 * positive label in it) get no interval. `scoreBlock(from, to)` scores samples [from, to).
 */
export function metricIntervals(
  samples: number,
  whole: Readonly<Record<string, number>>,
  scoreBlock: (from: number, to: number) => Readonly<Record<string, number>>,
): Record<string, MetricInterval> {
  if (samples < INTERVAL_BLOCKS * MIN_SAMPLES_PER_BLOCK || Object.keys(whole).length === 0) return {};
  const blocks = Array.from({ length: INTERVAL_BLOCKS }, (_, b) => scoreBlock(Math.floor((b * samples) / INTERVAL_BLOCKS), Math.floor(((b + 1) * samples) / INTERVAL_BLOCKS)));
  const intervals: Record<string, MetricInterval> = {};
  for (const [metric, value] of Object.entries(whole)) {
    // The largest error of the run is not the mean of the blocks' largest: batch means do not apply.
    if (metric.endsWith('max_error_m')) continue;
    const values = blocks.map((b) => b[metric]);
    if (!values.every((v) => Number.isFinite(v))) continue;
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1));
    const half = (T_95_9DF * sd) / Math.sqrt(values.length);
    intervals[metric] = { low: value - half, high: value + half };
  }
  return intervals;
}

/**
 * A check with its interval; when the interval spans the bound the note says the run cannot
 * decide and roughly how much more data would (the half-width shrinks with the square root of
 * the data).
 */
export function withInterval(check: MetricCheck, interval: MetricInterval | undefined): MetricCheck {
  if (!interval || check.value === null) return check;
  const value = check.value;
  const bound = boundSpannedByInterval({ ...check, interval });
  if (bound === undefined) return { ...check, interval };
  const half = (interval.high - interval.low) / 2;
  const margin = Math.abs(value - bound);
  const more = margin > 0 ? Math.ceil((half / margin) ** 2) : undefined;
  const note = `not decisive: the 95 % interval ${fmt(interval.low)}–${fmt(interval.high)} spans the bound ${bound}; ${more === undefined ? 'the value sits on the bound' : `about ${more}× as much data would decide`}`;
  return { ...check, interval, note: check.note ? `${check.note}; ${note}` : note };
}

const fmt = (v: number): string => (Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(3));
