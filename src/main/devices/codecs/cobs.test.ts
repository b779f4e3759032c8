import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cobsDecode, cobsEncode, cobsMaxEncodedLength, encodeCobsFrame } from './cobs';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const seq = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('cobs', () => {
  // The examples from the COBS article (Wikipedia), which firmware libraries are tested against.
  it.each([
    [[0x00], '0101'],
    [[0x00, 0x00], '010101'],
    [[0x00, 0x11, 0x00], '01021101'],
    [[0x11, 0x22, 0x00, 0x33], '0311220233'],
    [[0x11, 0x22, 0x33, 0x44], '0511223344'],
    [[0x11, 0x00, 0x00, 0x00], '0211010101'],
    [seq(1, 254), 'ff' + hex(Uint8Array.from(seq(1, 254)))],
    [seq(0, 254), '01ff' + hex(Uint8Array.from(seq(1, 254)))],
    [seq(1, 255), 'ff' + hex(Uint8Array.from(seq(1, 254))) + '02ff'],
  ])('encodes %j canonically', (input, expected) => {
    const encoded = cobsEncode(Uint8Array.from(input));
    expect(hex(encoded)).toBe(expected);
    expect(Array.from(cobsDecode(encoded) ?? [])).toEqual(input);
  });

  it('round-trips any packet, never emits 0x00 and stays within the length bound', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1200 }), (packet) => {
        const encoded = cobsEncode(packet);
        expect(encoded.includes(0)).toBe(false);
        expect(encoded.length).toBeLessThanOrEqual(cobsMaxEncodedLength(packet.length));
        expect(cobsDecode(encoded)).toEqual(packet);
      }),
    );
  });

  it('refuses empty input, embedded zeros and a block running past the end', () => {
    expect(cobsDecode(new Uint8Array(0))).toBeUndefined();
    expect(cobsDecode(Uint8Array.from([0x03, 0x11, 0x00]))).toBeUndefined();
    expect(cobsDecode(Uint8Array.from([0x05, 0x11, 0x22]))).toBeUndefined();
  });

  it('frames a packet between two delimiters', () => {
    expect(hex(encodeCobsFrame(Uint8Array.from([0x11, 0x00])))).toBe('0002110100');
  });
});
