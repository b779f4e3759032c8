import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeDataFrame } from './binaryFrameCodec';
import { concatBytes, seededRandom } from './codecTestSupport';
import { SNIFF_MAX_BYTES, sniffProtocol } from './sniffProtocol';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const repeat = (n: number, line: (i: number) => string): string => Array.from({ length: n }, (_, i) => line(i)).join('');
const binaryStream = (frames: number, channels: number): Uint8Array =>
  concatBytes(Array.from({ length: frames }, (_, i) => encodeDataFrame({ seq: i, sampleType: 'f32', values: new Array<number>(channels).fill(i) })));

describe('sniffProtocol', () => {
  it('recognises Arduino text with a header', () => {
    const result = sniffProtocol(text(`Sensor ready\nax,ay,az\n${repeat(20, (i) => `${i},${i / 2},-${i}\r\n`)}`));
    expect(result).toMatchObject({ protocol: 'text', channelCount: 3, channels: ['ax', 'ay', 'az'] });
    expect(result.protocol !== 'unknown' && result.confidence).toBeGreaterThan(0.9);
  });

  it('recognises JSON lines, even when the sample starts mid-line', () => {
    const stream = text(repeat(20, (i) => `{"t":${i * 10},"seq":${i},"ch":{"temp":21.${i},"hum":40}}\n`));
    expect(sniffProtocol(stream.subarray(7))).toMatchObject({ protocol: 'json', channelCount: 2, channels: ['temp', 'hum'] });
  });

  it('recognises binary frames, even when the sample starts mid-frame', () => {
    const result = sniffProtocol(binaryStream(10, 4).subarray(5));
    expect(result).toMatchObject({ protocol: 'binary', channelCount: 4, confidence: 1 });
  });

  it('finds any binary stream of a few frames', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 20 }), fc.integer({ min: 1, max: 64 }), (frames, channels) => {
        expect(sniffProtocol(binaryStream(frames, channels))).toMatchObject({ protocol: 'binary', channelCount: channels });
      }),
      { numRuns: 30 },
    );
  });

  it('looks only at the first 4 KB', () => {
    const lines = text(repeat(1100, (i) => `${i % 10},1\n`));
    expect(lines.length).toBeGreaterThan(SNIFF_MAX_BYTES);
    expect(sniffProtocol(concatBytes([lines, binaryStream(20, 3)]))).toMatchObject({ protocol: 'text', channelCount: 2 });
  });

  it.each([
    ['nothing', new Uint8Array(0), 'no bytes received yet'],
    ['only prose', text('Booting\nSensor ready\n'), 'only text messages so far (e.g. "Booting"), no data yet'],
    ['noise at a wrong baud rate', noise(2000), 'the bytes are neither text nor valid binary frames: check the baud rate'],
    ['half a line', text('1,2,3'), 'no complete line or frame in the first 5 bytes'],
  ])('says why it cannot tell from %s', (_, bytes, reason) => {
    expect(sniffProtocol(bytes)).toEqual({ protocol: 'unknown', reason });
  });
});

function noise(length: number): Uint8Array {
  const random = seededRandom(42);
  return Uint8Array.from({ length }, () => Math.floor(random() * 256));
}
