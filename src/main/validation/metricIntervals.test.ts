import { describe, expect, it } from 'vitest';
import { boundSpannedByInterval } from '../../shared/domain/validation';
import { INTERVAL_BLOCKS, metricIntervals, withInterval } from './metricIntervals';

/** Ten blocks whose accuracy is 0.80, 0.82, …, 0.98 (mean 0.89, sd 0.0606). */
const blockAccuracy = (from: number, samples: number): number => 0.8 + 0.02 * Math.round((from * INTERVAL_BLOCKS) / samples);

describe('metric intervals by batch means', () => {
  it('centre on the whole-run value with the blocks’ standard error and a t quantile', () => {
    const samples = 1000;
    const intervals = metricIntervals(samples, { accuracy: 0.9 }, (from) => ({ accuracy: blockAccuracy(from, samples) }));
    const sd = Math.sqrt(Array.from({ length: 10 }, (_, b) => (0.8 + 0.02 * b - 0.89) ** 2).reduce((a, v) => a + v, 0) / 9);
    const half = (2.262 * sd) / Math.sqrt(10);
    expect(intervals['accuracy'].low).toBeCloseTo(0.9 - half, 12);
    expect(intervals['accuracy'].high).toBeCloseTo(0.9 + half, 12);
  });

  it('give none on a run too short to split, for a metric a block cannot compute, or for a run maximum', () => {
    expect(metricIntervals(150, { accuracy: 0.9 }, () => ({ accuracy: 0.9 }))).toEqual({});
    // Nothing to bound: no block is scored at all.
    expect(metricIntervals(1000, {}, () => expect.unreachable('a block was scored'))).toEqual({});
    const intervals = metricIntervals(1000, { micro_f1: 0.9, accuracy: 0.9, max_error_m: 0.2 }, (from) => ({
      accuracy: 0.9,
      max_error_m: 0.2,
      ...(from === 0 ? {} : { micro_f1: 0.9 }),
    }));
    expect(Object.keys(intervals)).toEqual(['accuracy']);
  });

  it('say when the interval spans the bound and how much more data would decide', () => {
    const check = { metric: 'notes_micro_f1', value: 0.86, min: 0.85, passed: true };
    expect(withInterval(check, { low: 0.855, high: 0.865 })).toEqual({ ...check, interval: { low: 0.855, high: 0.865 } });
    const spanning = withInterval(check, { low: 0.83, high: 0.89 });
    // Half-width 0.03 against a margin of 0.01: nine times the data shrinks the half-width to a third, 0.01.
    expect(spanning.note).toBe('not decisive: the 95 % interval 0.830–0.890 spans the bound 0.85; about 9× as much data would decide');
    expect(spanning.passed).toBe(true);
    expect(withInterval({ ...check, value: 0.85 }, { low: 0.82, high: 0.88 }).note).toMatch(/the value sits on the bound$/);
    expect(withInterval({ ...check, note: 'from recording A' }, { low: 0.83, high: 0.89 }).note).toMatch(/^from recording A; not decisive/);
    expect(withInterval({ ...check, value: null }, { low: 0.83, high: 0.89 })).toEqual({ ...check, value: null });
  });

  it('name the bound an interval spans, lower or upper, and none when it clears both', () => {
    const check = { metric: 'mae', value: 0.2, min: 0.1, max: 0.25, passed: true };
    expect(boundSpannedByInterval({ ...check, interval: { low: 0.15, high: 0.3 } })).toBe(0.25);
    expect(boundSpannedByInterval({ ...check, interval: { low: 0.05, high: 0.2 } })).toBe(0.1);
    expect(boundSpannedByInterval({ ...check, interval: { low: 0.12, high: 0.24 } })).toBeUndefined();
    expect(boundSpannedByInterval(check)).toBeUndefined();
  });
});
