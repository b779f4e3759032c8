import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateFrameBatch, type FrameBatch } from '../../shared/domain/frameBatch';
import { Windower } from './windower';
import type { WindowPlan } from './windowPlan';

/** Frames whose channel c value at seq s is s * 10 + c. */
function frames(first: number, count: number, channels: number): FrameBatch {
  const b = allocateFrameBatch('d', channels, count);
  for (let i = 0; i < count; i++) {
    b.seq[i] = first + i;
    b.deviceTimeS[i] = (first + i) / 100;
    for (let c = 0; c < channels; c++) b.values[i * channels + c] = (first + i) * 10 + c;
  }
  return b;
}

const plan = (length: number, hop: number, columns: number[]): WindowPlan => ({ columns, length, hop, samplesPerChannel: undefined, ranges: columns.map(() => [-1e9, 1e9] as const) });

describe('Windower', () => {
  it('cuts channel-major windows of the chosen columns every hop frames', () => {
    const w = new Windower(plan(4, 2, [2, 0]));
    const windows = w.push(frames(0, 9, 3));
    expect(windows.map((x) => x.endSeq)).toEqual([3, 5, 7]);
    expect(Array.from(windows[0].data)).toEqual([2, 12, 22, 32, 0, 10, 20, 30]);
    expect(Array.from(windows[1].sampleTimesS)).toEqual([0.02, 0.03, 0.04, 0.05]);
  });

  it('gives the same windows however the stream is split into batches', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 13 }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 }), (sizes, length, hop) => {
        const total = sizes.reduce((a, b) => a + b, 0);
        const whole = new Windower(plan(length, hop, [1])).push(frames(0, total, 2)).map((x) => x.endSeq);
        const split = new Windower(plan(length, hop, [1]));
        let seq = 0;
        const pieces: number[] = [];
        for (const n of sizes) {
          pieces.push(...split.push(frames(seq, n, 2)).map((x) => x.endSeq));
          seq += n;
        }
        expect(pieces).toEqual(whole);
      }),
    );
  });

  it('restarts after a sequence gap instead of spanning it', () => {
    const w = new Windower(plan(3, 1, [0]));
    expect(w.push(frames(0, 4, 1)).map((x) => x.endSeq)).toEqual([2, 3]);
    const after = w.push(frames(10, 4, 1));
    expect(after.map((x) => x.endSeq)).toEqual([12, 13]);
    expect(Array.from(after[0].data)).toEqual([100, 110, 120]);
    expect(w.restarts).toBe(1);
  });

  it('says how far the first window has filled, and starts over after a gap', () => {
    const w = new Windower(plan(5, 1, [0]));
    expect(w.fill).toEqual({ held: 0, needed: 5 });
    w.push(frames(0, 3, 1));
    expect(w.fill).toEqual({ held: 3, needed: 5 });
    w.push(frames(3, 4, 1));
    expect(w.fill).toEqual({ held: 5, needed: 5 });
    w.push(frames(20, 2, 1));
    expect(w.fill).toEqual({ held: 2, needed: 5 });
  });

  it('turns each waveform frame into one window of the chosen channels', () => {
    const b = allocateFrameBatch('e', 4 * 3, 1);
    b.values.set([1, 2, 3, 11, 12, 13, 21, 22, 23, 31, 32, 33]);
    b.seq[0] = 5;
    const w = new Windower({ columns: [3, 1], length: 3, hop: 1, samplesPerChannel: 3, ranges: [] });
    const [window] = w.push(b);
    expect(Array.from(window.data)).toEqual([31, 32, 33, 11, 12, 13]);
    expect(window.endSeq).toBe(5);
  });
});
