import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRawValue, decodeRegisterValue, encodeRawValue as encode } from './registerDecoding';
import { modbusRegisterSchema, type RegisterType, type WordOrder } from './registerMap';

const cases: [RegisterType, fc.Arbitrary<number>][] = [
  ['u16', fc.integer({ min: 0, max: 0xffff })],
  ['i16', fc.integer({ min: -0x8000, max: 0x7fff })],
  ['u32', fc.integer({ min: 0, max: 0xffffffff })],
  ['i32', fc.integer({ min: -0x80000000, max: 0x7fffffff })],
  ['f32', fc.float({ noNaN: true })],
];

describe('decodeRawValue', () => {
  it.each(cases)('round-trips %s in both word orders at any position', (type, values) => {
    fc.assert(
      fc.property(values, fc.constantFrom<WordOrder>('big', 'little'), fc.nat(4), (value, wordOrder, index) => {
        const words = [...Array<number>(index).fill(0xdead), ...encode(type, value, wordOrder), 0xbeef];
        expect(decodeRawValue(words, index, { type, wordOrder })).toBe(value);
      }),
    );
  });

  it('decodes the classic examples', () => {
    expect(decodeRawValue([0xff06], 0, { type: 'i16', wordOrder: 'big' })).toBe(-250);
    expect(decodeRawValue([0x0000, 0xc148], 0, { type: 'f32', wordOrder: 'little' })).toBe(-12.5);
    expect(decodeRawValue([0x0001, 0x86a0], 0, { type: 'u32', wordOrder: 'big' })).toBe(100_000);
  });
});

describe('decodeRegisterValue', () => {
  it('applies scale then offset', () => {
    const register = modbusRegisterSchema.parse({ channel: 't', address: 0, scale: 0.1, offset: -40 });
    expect(decodeRegisterValue([500], 0, register)).toBeCloseTo(10, 10);
  });
});
