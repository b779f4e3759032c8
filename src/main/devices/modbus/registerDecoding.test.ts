import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRawValue, decodeRegisterValue } from './registerDecoding';
import { modbusRegisterSchema, type RegisterType, type WordOrder } from './registerMap';

/** Encodes like a device would: big-endian registers, the two words of a 32-bit value in `order`. */
function encode(type: RegisterType, value: number, order: WordOrder): number[] {
  const view = new DataView(new ArrayBuffer(4));
  switch (type) {
    case 'u16':
      view.setUint16(0, value);
      return [view.getUint16(0)];
    case 'i16':
      view.setInt16(0, value);
      return [view.getUint16(0)];
    case 'u32':
      view.setUint32(0, value);
      break;
    case 'i32':
      view.setInt32(0, value);
      break;
    case 'f32':
      view.setFloat32(0, value);
      break;
  }
  const words = [view.getUint16(0), view.getUint16(2)];
  return order === 'big' ? words : words.reverse();
}

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
