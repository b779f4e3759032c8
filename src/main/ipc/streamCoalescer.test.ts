import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { allocateFrameBatch, type FrameBatch } from '../../shared/domain/frameBatch';
import { decodeFrameBatch, frameBatchCodec } from '../../shared/domain/frameBatchWire';
import { StreamCoalescer } from './streamCoalescer';

function frames(first: number, count: number): FrameBatch {
  const b = allocateFrameBatch('d', 1, count);
  for (let i = 0; i < count; i++) b.seq[i] = first + i;
  return b;
}

describe('StreamCoalescer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends at most the configured number of messages per second, merging what queued', () => {
    const sent: number[][] = [];
    const c = new StreamCoalescer(frameBatchCodec, { canSend: () => true, send: (b) => sent.push(Array.from(decodeFrameBatch(b).seq)) }, {
      maxMessagesPerSecond: 10,
      maxPendingSize: 10_000,
    });
    let seq = 0;
    for (let t = 0; t < 1000; t += 5) {
      c.push(frames(seq, 2));
      seq += 2;
      vi.advanceTimersByTime(5);
    }
    vi.advanceTimersByTime(200);
    expect(sent.length).toBeLessThanOrEqual(11);
    expect(sent.length).toBeGreaterThanOrEqual(9);
    expect(sent.flat()).toEqual(Array.from({ length: seq }, (_, i) => i));
    expect(c.stats.droppedItems).toBe(0);
  });

  it('holds data while the receiver is busy and drops only the oldest beyond the bound', () => {
    let ready = false;
    const sent: number[][] = [];
    const c = new StreamCoalescer(frameBatchCodec, { canSend: () => ready, send: (b) => sent.push(Array.from(decodeFrameBatch(b).seq)) }, {
      maxMessagesPerSecond: 60,
      maxPendingSize: 100,
    });
    for (let i = 0; i < 30; i++) {
      c.push(frames(i * 10, 10));
      vi.advanceTimersByTime(20);
    }
    expect(sent).toHaveLength(0);
    ready = true;
    vi.advanceTimersByTime(100);
    expect(sent).toHaveLength(1);
    // The newest 100 frames survive, contiguous; 200 older ones were dropped and counted.
    expect(sent[0]).toEqual(Array.from({ length: 100 }, (_, i) => 200 + i));
    expect(c.stats.droppedItems).toBe(200);
  });

  it('sends nothing after close', () => {
    const send = vi.fn();
    const c = new StreamCoalescer(frameBatchCodec, { canSend: () => true, send }, { maxMessagesPerSecond: 60, maxPendingSize: 100 });
    c.push(frames(0, 1));
    c.close();
    c.push(frames(1, 1));
    vi.advanceTimersByTime(100);
    expect(send).not.toHaveBeenCalled();
  });
});
