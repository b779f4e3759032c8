import { describe, expect, it } from 'vitest';
import { isPrintableLine, parseNumberToken, tokenizeLine } from './textTokens';

describe('text tokens', () => {
  it.each([
    ['1', 1],
    ['-2.5', -2.5],
    ['+.5', 0.5],
    ['3.', 3],
    ['1e3', 1000],
    ['-1.5E-2', -0.015],
    ['nan', Number.NaN],
    ['NaN', Number.NaN],
    ['ovf', Number.NaN],
    ['inf', Number.POSITIVE_INFINITY],
    ['-inf', Number.NEGATIVE_INFINITY],
    ['Infinity', Number.POSITIVE_INFINITY],
  ])('reads %s as %d', (token, value) => {
    expect(parseNumberToken(token)).toBe(value);
  });

  it.each(['', '.', 'e3', '1e', '0x10', '1,5', '1.2.3', 'abc', '--1', 'nanx'])('refuses %j', (token) => {
    expect(parseNumberToken(token)).toBeUndefined();
  });

  it('splits at any mix of commas, spaces and tabs', () => {
    expect(tokenizeLine(' 1,2 \t3,, 4\t')).toEqual(['1', '2', '3', '4']);
  });

  it('tells text from line noise', () => {
    expect(isPrintableLine('temp:21.5\tok °C')).toBe(true);
    expect(isPrintableLine('a\u0001b')).toBe(false);
    expect(isPrintableLine('bad \uFFFD utf8')).toBe(false);
  });
});
