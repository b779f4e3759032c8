import { describe, expect, it } from 'vitest';
import { allocateFrameBatch } from '../../../../shared/domain/frameBatch';
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
