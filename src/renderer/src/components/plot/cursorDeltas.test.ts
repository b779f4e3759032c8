import { describe, expect, it } from 'vitest';
import { cursorDeltas, formatReading } from './cursorDeltas';

describe('cursorDeltas', () => {
  it('subtracts A from B per series and in time', () => {
    const d = cursorDeltas({ x: 1.25, values: [1, -2, Math.fround(0.1)] }, { x: 3.5, values: [4, -7, Math.fround(0.3)] });
    expect(d.dt).toBe(2.25);
    expect(d.dv).toEqual([3, -5, Math.fround(0.3) - Math.fround(0.1)]);
  });

  it('gives null where either sample is missing and a negative Δt when B is left of A', () => {
    const d = cursorDeltas({ x: 5, values: [Number.NaN, 1, 2] }, { x: 2, values: [1, Number.POSITIVE_INFINITY, 1] });
    expect(d.dt).toBe(-3);
    expect(d.dv).toEqual([null, null, -1]);
  });

  it('refuses samples of different series counts', () => {
    expect(() => cursorDeltas({ x: 0, values: [1] }, { x: 1, values: [1, 2] })).toThrow(/1 and 2 series/);
  });
});

describe('formatReading', () => {
  it('shows 6 significant digits, exponents for extremes, a dash for missing', () => {
    expect(formatReading(0.123456789)).toBe('0.123457');
    expect(formatReading(-1234.5678)).toBe('-1234.57');
    expect(formatReading(0)).toBe('0');
    expect(formatReading(2.5e-7)).toBe('2.5000e-7');
    expect(formatReading(null)).toBe('–');
    expect(formatReading(Number.NaN)).toBe('–');
  });
});
