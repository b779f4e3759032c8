import { describe, expect, test } from 'vitest';
import { allocateFrameBatch, type FrameBatch } from '../../shared/domain/frameBatch';
import { Prng } from '../devices/simulators/prng';
import { channelStats, percentile, timingStats } from './signalStats';

/** A one-channel batch at `rateHz` with values from `value(i)`. */
function batch(n: number, rateHz: number, value: (i: number) => number): FrameBatch {
  const b = allocateFrameBatch('test', 1, n);
  for (let i = 0; i < n; i++) {
    b.deviceTimeS[i] = i / rateHz;
    b.values[i] = value(i);
  }
  return b;
}

describe('timing', () => {
  test('a regular stream has its rate and no jitter', () => {
    expect(timingStats(batch(301, 100, () => 0))).toMatchObject({ frames: 301, sampleRateHz: expect.closeTo(100, 6), jitterMs: expect.closeTo(0, 6) });
  });

  test('a dropped frame lowers the rate; a garbled time stamp or a reboot does not hide it', () => {
    const dropped = batch(100, 100, () => 0);
    dropped.deviceTimeS.set(dropped.deviceTimeS.subarray(51).map((t) => t + 0.01), 51);
    // 100 frames over 1.00 s instead of 0.99 s.
    expect(timingStats(dropped).sampleRateHz).toBeCloseTo(99, 6);
    const garbled = batch(100, 100, () => 0);
    garbled.deviceTimeS[0] = 1.8e9;
    garbled.deviceTimeS[40] = Number.NaN;
    expect(timingStats(garbled).sampleRateHz).toBeCloseTo(100, 6);
  });
});

describe('channel statistics', () => {
  test('a stuck channel has exactly zero spread even on a large offset', () => {
    const [s] = channelStats(batch(100, 1, () => 1234.5678), Int32Array.of(0), 1);
    expect(s).toMatchObject({ count: 100, min: expect.closeTo(1234.5678, 3), std: 0 });
    expect(s.snrDb).toBeNaN();
  });

  test('SNR of a slow sine in white noise is close to its true value', () => {
    const rng = new Prng(5);
    // Signal variance 0.5 (amplitude 1), noise σ 0.05 → 10·log10(0.5 / 0.0025) ≈ 23 dB.
    const [s] = channelStats(batch(20_000, 1000, (i) => Math.sin((2 * Math.PI * i) / 1000) + rng.gaussian(0, 0.05)), Int32Array.of(0), 1);
    expect(s.snrDb).toBeGreaterThan(21.5);
    expect(s.snrDb).toBeLessThan(24.5);
    expect(s.mean).toBeCloseTo(0, 2);
  });

  test('NaN samples are ignored', () => {
    const [s] = channelStats(batch(4, 1, (i) => (i === 2 ? Number.NaN : i)), Int32Array.of(0), 1);
    expect(s).toMatchObject({ count: 3, min: 0, max: 3 });
  });
});

test('percentile interpolates between order statistics', () => {
  expect(percentile([1, 2, 3, 4, 5], 50)).toBe(3);
  expect(percentile([1, 2, 3, 4, 5], 95)).toBeCloseTo(4.8);
  expect(percentile([], 95)).toBeNaN();
});
