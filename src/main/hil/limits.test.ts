import { describe, expect, test } from 'vitest';
import { numericLimitSchema, type NumericLimit } from '../../shared/domain/hilLimits';
import { checkNumeric, checkText, describeNumericLimit } from './limits';

describe('numeric limits', () => {
  const cases: readonly (readonly [string, NumericLimit, number | null, 'pass' | 'marginal' | 'fail'])[] = [
    ['≥ passes above', { min: 10 }, 11, 'pass'],
    ['≥ passes at the limit', { min: 10 }, 10, 'pass'],
    ['≥ fails below', { min: 10 }, 9.999, 'fail'],
    ['≤ passes below', { max: 5 }, 4, 'pass'],
    ['≤ passes at the limit', { max: 5 }, 5, 'pass'],
    ['≤ fails above', { max: 5 }, 5.001, 'fail'],
    ['range passes inside', { min: 1, max: 2 }, 1.5, 'pass'],
    ['range fails below', { min: 1, max: 2 }, 0.5, 'fail'],
    ['range fails above', { min: 1, max: 2 }, 2.5, 'fail'],
    ['equals exact passes', { equals: 3 }, 3, 'pass'],
    ['equals exact fails', { equals: 3 }, 3.0001, 'fail'],
    ['± absolute passes at the edge', { equals: 100, within: 2 }, 102, 'pass'],
    ['± absolute fails beyond', { equals: 100, within: 2 }, 97.9, 'fail'],
    ['± % passes inside', { equals: 100, withinPct: 3 }, 97.5, 'pass'],
    ['± % fails outside', { equals: 100, withinPct: 3 }, 103.5, 'fail'],
    ['± % of a negative value', { equals: -50, withinPct: 10 }, -54, 'pass'],
    ['≤ marginal inside the band', { max: 50, marginal: 10 }, 45, 'marginal'],
    ['≤ marginal at the limit', { max: 50, marginal: 10 }, 50, 'marginal'],
    ['≤ marginal below the band passes', { max: 50, marginal: 10 }, 39, 'pass'],
    ['≤ marginal above the limit fails', { max: 50, marginal: 10 }, 51, 'fail'],
    ['≥ marginal inside the band', { min: 0.9, marginal: 0.03 }, 0.91, 'marginal'],
    ['≥ marginal above the band passes', { min: 0.9, marginal: 0.03 }, 0.95, 'pass'],
    ['range marginal near the lower edge', { min: 0, max: 10, marginal: 1 }, 0.5, 'marginal'],
    ['range marginal near the upper edge', { min: 0, max: 10, marginal: 1 }, 9.5, 'marginal'],
    ['range marginal centre passes', { min: 0, max: 10, marginal: 1 }, 5, 'pass'],
    ['± marginal near the tolerance edge', { equals: 100, within: 5, marginal: 1 }, 104.5, 'marginal'],
    ['± marginal near the centre passes', { equals: 100, within: 5, marginal: 1 }, 101, 'pass'],
    ['no value fails', { min: 0 }, null, 'fail'],
    ['NaN fails', { min: 0 }, Number.NaN, 'fail'],
    ['infinity fails an upper limit', { max: 1 }, Number.POSITIVE_INFINITY, 'fail'],
  ];
  test.each(cases)('%s', (_, limit, value, outcome) => {
    expect(numericLimitSchema.safeParse(limit).success).toBe(true);
    const m = checkNumeric('x', value, 'Hz', limit);
    expect(m.outcome).toBe(outcome);
    expect(m.message === null).toBe(outcome === 'pass');
  });

  test('a failing measurement says by how much, in units', () => {
    expect(checkNumeric('sample_rate', 90, 'Hz', { equals: 100, withinPct: 3 }).message).toBe('90 Hz is below the limit 97 Hz');
  });

  test('a value without a limit is recorded and passes; non-numbers are stored as null', () => {
    expect(checkNumeric('latency', 3, 'ms', undefined)).toMatchObject({ outcome: 'pass', limit: null, value: 3 });
    expect(checkNumeric('latency', Number.NaN, 'ms', undefined)).toMatchObject({ outcome: 'pass', value: null });
  });

  test.each([
    [{ min: 95 }, 'Hz', '≥ 95 Hz'],
    [{ max: 1 }, 'ms', '≤ 1 ms'],
    [{ min: 0, max: 5 }, 'V', '0 … 5 V'],
    [{ equals: 100, withinPct: 3 }, 'Hz', '= 100 ± 3 % Hz'],
    [{ equals: 0.3, within: 0.1 }, '', '= 0.3 ± 0.1'],
    [{ max: 50, marginal: 10 }, 'ms', '≤ 50 ms (marginal within 10 ms of a limit)'],
  ] as const)('describes %o as %s', (limit, unit, text) => {
    expect(describeNumericLimit(limit, unit)).toBe(text);
  });

  test.each([
    [{}, 'needs min, max or equals'],
    [{ equals: 1, min: 0 }, 'equals cannot be combined with min or max'],
    [{ min: 0, within: 1 }, 'a tolerance needs equals'],
    [{ equals: 1, within: 1, withinPct: 1 }, 'give within or withinPct, not both'],
    [{ min: 2, max: 1 }, 'must not be less than min'],
    [{ max: 1, marginal: 0 }, '>0'],
  ])('rejects %o', (limit, message) => {
    const result = numericLimitSchema.safeParse(limit);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message).join('; ')).toContain(message);
  });
});

describe('text limits', () => {
  test.each([
    [{ matches: '^PONG$' }, 'PONG', 'pass'],
    [{ matches: '^PONG$' }, 'PONG2', 'fail'],
    [{ equals: 'OK' }, 'OK', 'pass'],
    [{ equals: 'OK' }, 'ERR busy', 'fail'],
    [{ equals: 'OK' }, null, 'fail'],
  ] as const)('%o with %s → %s', (limit, value, outcome) => {
    expect(checkText('reply', value, limit).outcome).toBe(outcome);
  });
});
