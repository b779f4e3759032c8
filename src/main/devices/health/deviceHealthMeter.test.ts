import { describe, expect, it } from 'vitest';
import { allocateFrameBatch } from '../../../shared/domain/frameBatch';
import { DeviceHealthMeter } from './deviceHealthMeter';

/** A batch of `count` frames at `rateHz` device time, all received at `hostMs`. */
function batch(firstSeq: number, count: number, rateHz: number, hostMs: number, jitterS = () => 0) {
  const b = allocateFrameBatch('d', 1, count);
  for (let i = 0; i < count; i++) {
    b.seq[i] = firstSeq + i;
    b.deviceTimeS[i] = (firstSeq + i) / rateHz + jitterS();
    b.hostTimeMs[i] = hostMs;
  }
  return b;
}

describe('DeviceHealthMeter', () => {
  it('measures the frame rate over its window and forgets old frames', () => {
    const meter = new DeviceHealthMeter(1000);
    for (let k = 0; k < 30; k++) meter.observe(batch(k * 10, 10, 100, k * 100));
    const r = meter.read(2900);
    expect(r.measuredRateHz).toBeCloseTo(100, 0);
    expect(r.framesTotal).toBe(300);
    expect(meter.read(10_000).measuredRateHz).toBe(0);
  });

  it('ignores a corrupt device timestamp instead of reporting absurd jitter', () => {
    const meter = new DeviceHealthMeter(1000);
    for (let k = 0; k < 20; k++) {
      const b = batch(k * 10, 10, 100, k * 100);
      if (k === 7) b.deviceTimeS[3] = 1.8e9; // a garbage line parsed into the time column
      meter.observe(b);
    }
    expect(meter.read(2000).jitterMs).toBeLessThan(1);
  });

  it('reports zero jitter for a perfect clock and the spread of a noisy one', () => {
    const steady = new DeviceHealthMeter(1000);
    for (let k = 0; k < 20; k++) steady.observe(batch(k * 10, 10, 100, k * 100));
    expect(steady.read(2000).jitterMs).toBeCloseTo(0, 6);
    expect(steady.read(2000).meanIntervalMs).toBeCloseTo(10, 6);

    let state = 1;
    const noise = () => {
      state = (state * 48271) % 2147483647;
      return ((state / 2147483647) - 0.5) * 0.002; // ±1 ms uniform
    };
    const noisy = new DeviceHealthMeter(1000);
    for (let k = 0; k < 20; k++) noisy.observe(batch(k * 10, 10, 100, k * 100, noise));
    // Difference of two independent U(-1, 1) ms offsets: sd = sqrt(2/3) ≈ 0.816 ms.
    expect(noisy.read(2000).jitterMs).toBeGreaterThan(0.6);
    expect(noisy.read(2000).jitterMs).toBeLessThan(1.0);
  });
});
