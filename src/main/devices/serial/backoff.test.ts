import { describe, expect, it } from 'vitest';
import { Backoff, formatDelay } from './backoff';

describe('Backoff', () => {
  it('doubles up to the ceiling and starts over after reset', () => {
    const backoff = new Backoff();
    expect([1, 2, 3, 4, 5, 6].map(() => backoff.next())).toEqual([500, 1_000, 2_000, 4_000, 5_000, 5_000]);
    backoff.reset();
    expect(backoff.next()).toBe(500);
  });

  it('words delays for people', () => {
    expect([formatDelay(500), formatDelay(2_000), formatDelay(1_250)]).toEqual(['500 ms', '2 s', '1.3 s']);
  });
});
