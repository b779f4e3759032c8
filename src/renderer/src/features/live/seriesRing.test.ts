import { describe, expect, it } from 'vitest';
import { allocateFrameBatch } from '../../../../shared/domain/frameBatch';
import { decimateMinMax } from '../../../../shared/domain/minMaxDecimation';
import { SeriesRing } from './seriesRing';

function batch(firstSeq: number, count: number, channels: number) {
  const b = allocateFrameBatch('dev', channels, count);
  for (let i = 0; i < count; i++) {
    b.seq[i] = firstSeq + i;
    b.deviceTimeS[i] = (firstSeq + i) / 10;
    for (let c = 0; c < channels; c++) b.values[i * channels + c] = (firstSeq + i) * 10 + c;
  }
  return b;
}

describe('SeriesRing', () => {
  it('keeps the newest frames in order once full', () => {
    const ring = new SeriesRing(5, 2);
    ring.push(batch(0, 4, 2));
    ring.push(batch(4, 4, 2));
    const [time, ch0, ch1] = ring.snapshot();
    expect(Array.from(time)).toEqual([0.3, 0.4, 0.5, 0.6, 0.7]);
    expect(ch0).toEqual([30, 40, 50, 60, 70]);
    expect(ch1).toEqual([31, 41, 51, 61, 71]);
    expect(ring.received).toBe(8);
    expect(ring.gaps).toBe(0);
  });

  it('counts sequence gaps once per missing run', () => {
    const ring = new SeriesRing(100, 1);
    ring.push(batch(0, 3, 1));
    ring.push(batch(10, 3, 1));
    ring.push(batch(13, 2, 1));
    ring.push(batch(20, 1, 1));
    expect(ring.gaps).toBe(2);
    expect(ring.lastSeq).toBe(20);
  });

  it('turns NaN and Infinity into null so the plot shows a gap', () => {
    const ring = new SeriesRing(3, 1);
    const b = batch(0, 3, 1);
    b.values[1] = Number.NaN;
    b.values[2] = Number.POSITIVE_INFINITY;
    ring.push(b);
    const [, ch0] = ring.snapshot();
    expect(ch0).toEqual([0, null, null]);
  });

  it('refuses a batch with another channel count', () => {
    const ring = new SeriesRing(3, 2);
    expect(() => ring.push(batch(0, 1, 3))).toThrow(/3 channels, ring expects 2/);
  });
});

describe('SeriesRing column selection', () => {
  it('returns only the asked columns and the latest frame', () => {
    const ring = new SeriesRing(4, 3);
    ring.push(batch(0, 2, 3));
    const [time, a, b] = ring.snapshot([2, 0]);
    expect(Array.from(time)).toEqual([0, 0.1]);
    expect(a).toEqual([2, 12]);
    expect(b).toEqual([0, 10]);
    expect(Array.from(ring.latest() ?? [])).toEqual([10, 11, 12]);
  });
});

describe('SeriesRing ranges', () => {
  const filled = (): SeriesRing => {
    const ring = new SeriesRing(8, 1);
    const b = batch(0, 12, 1); // device time 0 … 1.1 s; the ring keeps 0.4 … 1.1
    for (let i = 0; i < 12; i++) b.hostTimeMs[i] = 1_700_000_000_000 + i * 100;
    ring.push(b);
    return ring;
  };

  it('finds index ranges and the nearest frame across the wrap point', () => {
    const ring = filled();
    expect(ring.lastX('device')).toBeCloseTo(1.1);
    expect(ring.indexRange('device', 0.5, 0.8)).toEqual([1, 5]);
    expect(ring.indexRange('device', -5, 0.35)).toEqual([0, 0]);
    expect(ring.indexRange('device', 0, 99)).toEqual([0, 8]);
    expect(ring.nearest('device', 0.74)?.seq).toBe(7);
    expect(ring.nearest('device', 0.76)?.seq).toBe(8);
    expect(ring.nearest('device', -1)?.seq).toBe(4);
    expect(ring.nearest('device', 99)?.seq).toBe(11);
    expect(ring.value(ring.nearest('device', 0.9)?.index ?? -1, 0)).toBe(90);
  });

  it('reads host time as Unix seconds on the host axis', () => {
    const ring = filled();
    expect(ring.x(0, 'host')).toBeCloseTo(1_700_000_000.4);
    const [x, v] = ring.snapshot([0], 'host', 6, 8);
    expect(Array.from(x)).toEqual([1_700_000_001.0, 1_700_000_001.1]);
    expect(v).toEqual([100, 110]);
  });

  it('clones into an independent ring', () => {
    const ring = filled();
    const frozen = ring.clone();
    ring.push(batch(12, 3, 1));
    expect(frozen.lastSeq).toBe(11);
    expect(frozen.snapshot()[1]).toEqual([40, 50, 60, 70, 80, 90, 100, 110]);
    expect(ring.lastSeq).toBe(14);
  });

  it('is not changed by min/max decimation reading it: still holds every frame', () => {
    const ring = new SeriesRing(5000, 2);
    const frames = allocateFrameBatch('dev', 2, 5000);
    for (let i = 0; i < 5000; i++) {
      frames.seq[i] = i;
      frames.deviceTimeS[i] = i / 1000;
      frames.values[i * 2] = Math.sin(i / 7);
      frames.values[i * 2 + 1] = i % 13 === 0 ? Number.NaN : i;
    }
    ring.push(frames);
    const before = ring.snapshot();
    const out = decimateMinMax({ x: (i) => ring.x(i, 'device'), value: (i, c) => ring.value(i, c) }, 0, ring.size, [0, 1], 0, 4.999, 100);
    expect(out.x.length).toBe(200);
    expect(ring.snapshot()).toEqual(before);
    expect(ring.size).toBe(5000);
    expect(ring.gaps).toBe(0);
  });
});
