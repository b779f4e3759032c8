import { describe, expect, it } from 'vitest';
import { BytePacer, wireBytesPerSecond } from './bytePacer';

describe('BytePacer', () => {
  it('spaces reservations at the claimed rate from the first one', () => {
    let now = 1_000;
    const pacer = new BytePacer(wireBytesPerSecond(9_600), () => now);
    expect(pacer.reserve(96)).toBe(0);
    expect(pacer.reserve(96)).toBeCloseTo(100, 9);
    now += 250;
    // Behind schedule: the next bytes may go at once, the budget is not lost.
    expect(pacer.reserve(96)).toBe(0);
    expect(pacer.reserve(96)).toBeCloseTo(50, 9);
  });

  it('rejects a rate that is not positive', () => {
    expect(() => new BytePacer(0)).toThrow(RangeError);
  });
});
