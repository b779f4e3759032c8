import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FrameBatch } from '../../shared/domain/frameBatch';
import { generateTestFrames, startTestSignal, testSignalValue } from './testSignalGenerator';

describe('generateTestFrames', () => {
  it('numbers frames contiguously and computes each value from its device time', () => {
    const batch = generateTestFrames('demo', { channels: 3, rateHz: 200 }, 40, 5, 123);
    expect(Array.from(batch.seq)).toEqual([40, 41, 42, 43, 44]);
    expect(batch.deviceTimeS[2]).toBeCloseTo(42 / 200, 12);
    expect(batch.values[2 * 3 + 1]).toBeCloseTo(testSignalValue(1, 42 / 200), 6);
    expect(Array.from(batch.hostTimeMs)).toEqual([123, 123, 123, 123, 123]);
  });
});

describe('startTestSignal', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('emits exactly rate × elapsed frames with no gap, however late the timer fires', () => {
    let now = 0;
    const batches: FrameBatch[] = [];
    const stop = startTestSignal({ channels: 2, rateHz: 1000 }, (b) => batches.push(b), { monotonicMs: () => now, wallMs: () => now });
    for (let i = 0; i < 100; i++) {
      now += i % 7 === 0 ? 45 : 16.7; // a few long stalls
      vi.advanceTimersByTime(17);
    }
    stop();
    const seqs = batches.flatMap((b) => Array.from(b.seq));
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i));
    expect(seqs.length).toBe(Math.floor(now));
    const afterStop = batches.length;
    now += 1000;
    vi.advanceTimersByTime(1000);
    expect(batches.length).toBe(afterStop);
  });
});
