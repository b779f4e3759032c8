import { describe, expect, it } from 'vitest';
import { RateMeter } from './rateMeter';

describe('RateMeter', () => {
  it('reports the rate over the last second and forgets older samples', () => {
    const meter = new RateMeter(1_000, 10);
    for (let t = 0; t < 1_000; t += 10) meter.add(10, t);
    expect(meter.perSecond(999)).toBe(1_000);
    expect(meter.perSecond(1_499)).toBe(500);
    expect(meter.perSecond(5_000)).toBe(0);
  });
});
