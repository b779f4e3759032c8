import { describe, expect, it } from 'vitest';
import { expandWindowedFeed, type WindowedFeed, windowedFeedProblem } from './windowedFeed';

/** Two channels of 6 samples (channel 0: 0…5, channel 1: 10…15), windows of 4 starting at 0 and 2. */
const feed = (timeAxis: 1 | 2, starts = [0, 2]): WindowedFeed => ({
  dims: timeAxis === 2 ? [starts.length, 2, 4] : [starts.length, 4, 2],
  timeAxis,
  samples: Float32Array.of(0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15),
  starts: Int32Array.from(starts),
});

describe('windowed feeds', () => {
  it('lay windows out channel-major when time is axis 2', () => {
    expect(Array.from(expandWindowedFeed(feed(2)))).toEqual([0, 1, 2, 3, 10, 11, 12, 13, 2, 3, 4, 5, 12, 13, 14, 15]);
  });

  it('lay windows out time-major when time is axis 1', () => {
    expect(Array.from(expandWindowedFeed(feed(1)))).toEqual([0, 10, 1, 11, 2, 12, 3, 13, 2, 12, 3, 13, 4, 14, 5, 15]);
  });

  it('reuse a large enough buffer and allocate a new one otherwise', () => {
    const buffer = new Float32Array(32);
    const inBuffer = expandWindowedFeed(feed(2), buffer);
    expect(inBuffer.buffer).toBe(buffer.buffer);
    expect(inBuffer.length).toBe(16);
    const small = new Float32Array(8);
    expect(expandWindowedFeed(feed(2), small).buffer).not.toBe(small.buffer);
  });

  it('name what is wrong with a malformed feed instead of reading past its samples', () => {
    expect(windowedFeedProblem(feed(2))).toBeUndefined();
    expect(windowedFeedProblem(feed(2, [0, 3]))).toBe('a window starts at sample 3, but 4-sample windows must start within 0…2');
    expect(windowedFeedProblem(feed(2, [-1, 0]))).toMatch(/starts at sample -1/);
    expect(windowedFeedProblem({ ...feed(2), dims: [3, 2, 4] })).toBe('2 window starts for a batch of 3');
    expect(windowedFeedProblem({ ...feed(2), dims: [2, 5, 4] })).toBe('12 samples do not divide into 5 channels');
    expect(windowedFeedProblem({ ...feed(2), dims: [2, 0, 4] })).toBe('windows need at least one channel');
    expect(windowedFeedProblem({ ...feed(2), dims: [2, 8] })).toMatch(/windows need dims \[batch, a, b\]/);
    expect(windowedFeedProblem({ ...feed(2), timeAxis: 3 as 2 })).toBe('the time axis of windows must be 1 or 2, got 3');
  });
});
