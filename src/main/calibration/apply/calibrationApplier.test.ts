import { describe, expect, it } from 'vitest';
import { allocateFrameBatch } from '../../../shared/domain/frameBatch';
import type { CompiledCalibration } from './applyCalibration';
import { CalibrationApplier } from './calibrationApplier';

/** A stand-in compiled calibration for a 1-channel device: value × 2 + 1. */
const doubling: CompiledCalibration = { valuesPerFrame: 1, ops: [{ kind: 'linear', start: 0, end: 1, gain: 2, offset: 1 }] } as CompiledCalibration;

describe('CalibrationApplier', () => {
  it('looks the active calibration up at most once a second, and at once after invalidate', () => {
    let now = 0;
    let lookups = 0;
    let active: { versionId: string; compiled: CompiledCalibration } | null = null;
    const applier = new CalibrationApplier(
      () => {
        lookups += 1;
        return active;
      },
      () => undefined,
      () => now,
    );
    const batch = allocateFrameBatch('d', 1, 1);
    expect(applier.apply('d', batch)).toBeUndefined();
    active = { versionId: 'v1', compiled: doubling };
    now = 500;
    expect(applier.apply('d', batch)).toBeUndefined(); // still cached as "none"
    now = 1600;
    batch.values[0] = 3;
    const applied = applier.apply('d', batch);
    expect(applied?.version).toBe('v1');
    expect(applied?.batch.values[0]).toBe(7);
    expect(lookups).toBe(2);
    active = null;
    applier.invalidate();
    expect(applier.apply('d', batch)).toBeUndefined();
    expect(lookups).toBe(3);
  });

  it('drops a calibration that does not fit the frames and reports why', () => {
    const errors: string[] = [];
    const applier = new CalibrationApplier(() => ({ versionId: 'v1', compiled: { ...doubling, valuesPerFrame: 3 } as CompiledCalibration }), (_d, m) => errors.push(m));
    expect(applier.apply('d', allocateFrameBatch('d', 1, 1))).toBeUndefined();
    expect(errors[0]).toMatch(/expects 3/);
  });
});
