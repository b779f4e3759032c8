import { describe, expect, it } from 'vitest';
import { FrameBatchBuilder } from '../../../shared/domain/frameBatch';
import { findShippedProfile } from '../../devices/profiles/shippedProfiles';
import { applyCalibration, compileCalibration } from './applyCalibration';
import { mergeTransforms, transformValue, zeroingTransform } from './transforms';

function profile(id: string) {
  const p = findShippedProfile(id);
  if (!p) throw new Error(id);
  return p;
}

describe('applyCalibration', () => {
  it('transforms only the named channels, column by column, and leaves the raw batch alone', () => {
    const imu = profile('imu-6axis');
    const b = new FrameBatchBuilder('d', 6);
    b.push(0, 0, 0, [1, 2, 3, 4, 5, 6]);
    b.push(1, 0.01, 10, [2, 3, 4, 5, 6, 7]);
    const raw = b.take();
    const compiled = compileCalibration(imu, [
      { kind: 'linear', channel: 'accel_y', gain: 2, offset: -1 },
      { kind: 'polynomial', channel: 'gyro_z', coefficients: [1, 0, 0.5] },
    ]);
    if (!compiled.ok) throw new Error(compiled.error);
    const out = applyCalibration(raw, compiled.compiled);
    expect(Array.from(out.values)).toEqual([1, 3, 3, 4, 5, 19, 2, 5, 4, 5, 6, 25.5]);
    expect(Array.from(raw.values)).toEqual([1, 2, 3, 4, 5, 6, 2, 3, 4, 5, 6, 7]);
    expect(out.seq).toBe(raw.seq);
  });

  it('moves a waveform channel earlier by its delay, between samples too', () => {
    const echo = profile('echoloc-square-4');
    const b = new FrameBatchBuilder('d', 1024);
    b.push(0, 0, 0, Float32Array.from({ length: 1024 }, (_, i) => i % 256));
    const compiled = compileCalibration(echo, [{ kind: 'delay', channel: 'rx1', delayS: 2.5 / 20_000 }]);
    if (!compiled.ok) throw new Error(compiled.error);
    const out = applyCalibration(b.take(), compiled.compiled).values;
    expect(out[10]).toBe(10);
    expect(out[256 + 10]).toBeCloseTo(12.5, 5);
    expect(out[511]).toBe(255);
  });

  it('refuses transforms that do not fit the profile', () => {
    expect(compileCalibration(profile('imu-6axis'), [{ kind: 'linear', channel: 'mos_1', gain: 1, offset: 0 }])).toEqual({
      ok: false,
      error: 'The calibration has a transform for "mos_1", which 6-axis IMU (step detection) does not have.',
    });
    expect(compileCalibration(profile('imu-6axis'), [{ kind: 'delay', channel: 'gyro_x', delayS: 0 }])).toMatchObject({ ok: false, error: expect.stringMatching(/needs waveform channels/) });
  });
});

describe('transform helpers', () => {
  it('a zero calibration keeps an existing span gain and shifts only the offset', () => {
    const span = { kind: 'linear' as const, channel: 'a', gain: 2, offset: 1 };
    const zeroed = zeroingTransform('a', span, 3, 0);
    expect(zeroed).toEqual({ kind: 'linear', channel: 'a', gain: 2, offset: -6 });
    expect(transformValue(zeroed, 3)).toBe(0);
    const poly = zeroingTransform('a', { kind: 'polynomial', channel: 'a', coefficients: [0, 1, 0.1] }, 2, 5);
    expect(transformValue(poly, 2)).toBeCloseTo(5, 12);
  });

  it('a new transform of a channel replaces its old one; others are carried over', () => {
    const merged = mergeTransforms(
      [
        { kind: 'linear', channel: 'a', gain: 1, offset: 1 },
        { kind: 'linear', channel: 'b', gain: 1, offset: 2 },
      ],
      [{ kind: 'linear', channel: 'a', gain: 3, offset: 0 }],
    );
    expect(merged.map((t) => [t.channel, t.kind === 'linear' ? t.gain : 0])).toEqual([
      ['b', 1],
      ['a', 3],
    ]);
  });
});
