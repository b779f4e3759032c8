import fc from 'fast-check';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeBinaryCommand, encodeBinaryResponse } from './binaryCommandDialect';
import { BinaryFrameDecoder, encodeDataFrame, encodeEventFrame, type DataFrame, type DataSampleType } from './binaryFrameCodec';
import { encodePacket } from './binaryPacket';
import { cobsDecode, encodeCobsFrame } from './cobs';
import { concatBytes, cutsArbitrary, decodeChunks, f32Bits, rowsForEverySplit, splitAt, type Row } from './codecTestSupport';

const HOST_MS = 1_000;
const newDecoder = (): BinaryFrameDecoder => new BinaryFrameDecoder({ deviceId: 'dev' });

const SAMPLE_VALUES: Record<DataSampleType, fc.Arbitrary<number>> = {
  f32: fc.float(),
  i16: fc.integer({ min: -32768, max: 32767 }),
  u16: fc.integer({ min: 0, max: 65535 }),
  i32: fc.integer(),
};

/** A stream of frames with consecutive sequence numbers (possibly across the u32 wrap). */
const streamArbitrary = (maxFrames: number, maxChannels: number): fc.Arbitrary<DataFrame[]> =>
  fc
    .record({
      firstSeq: fc.oneof(fc.nat({ max: 0xffffffff }), fc.constant(0xfffffffe)),
      channels: fc.integer({ min: 1, max: maxChannels }),
      count: fc.integer({ min: 1, max: maxFrames }),
    })
    .chain(({ firstSeq, channels, count }) =>
      fc.array(
        fc.constantFrom<DataSampleType>('f32', 'i16', 'u16', 'i32').chain((sampleType) =>
          fc.record({
            sampleType: fc.constant(sampleType),
            values: fc.array(SAMPLE_VALUES[sampleType], { minLength: channels, maxLength: channels }),
            deviceTimeUs: fc.option(fc.maxSafeNat(), { nil: undefined }),
          }),
        ),
        { minLength: count, maxLength: count },
      ).map((frames) => frames.map((f, i) => ({ ...f, seq: (firstSeq + i) % 2 ** 32 }))),
    );

/** What the decoder must produce for frames sent in order (f32 values compared bit for bit). */
function expectedRows(frames: readonly DataFrame[]): Row[] {
  return frames.map((f, i) => ({
    seq: frames[0].seq + i,
    deviceTimeS: f.deviceTimeUs === undefined ? HOST_MS / 1000 : f.deviceTimeUs / 1e6,
    values: f32Bits(Array.from(f.values)),
  }));
}

const withBits = (rows: readonly Row[]): Row[] => rows.map((r) => ({ ...r, values: f32Bits(r.values) }));

describe('BinaryFrameDecoder properties', () => {
  it('decodes what the encoder wrote, bit for bit, with the sequence extended past the wrap', () => {
    fc.assert(
      fc.property(streamArbitrary(20, 16), cutsArbitrary(4000), (frames, cuts) => {
        const stream = concatBytes(frames.map(encodeDataFrame));
        const decoder = newDecoder();
        const { rows } = decodeChunks(decoder, splitAt(stream, cuts), HOST_MS);
        expect(withBits(rows)).toEqual(expectedRows(frames));
        expect(decoder.stats).toMatchObject({ bytesIn: stream.length, framesOk: frames.length, discardedBytes: 0, droppedFrames: 0 });
        expect(decoder.pendingBytes).toBe(0);
      }),
    );
  });

  it('gives the same frames when the stream is cut at any byte', () => {
    fc.assert(
      fc.property(streamArbitrary(3, 3), (frames) => {
        const { whole, splits } = rowsForEverySplit(newDecoder, concatBytes(frames.map(encodeDataFrame)));
        expect(withBits(whole)).toEqual(expectedRows(frames));
        for (const rows of splits) expect(rows).toEqual(whole);
      }),
      { numRuns: 30 },
    );
  });

  it('counts garbage before, between and after frames and loses no frame', () => {
    fc.assert(
      fc.property(
        streamArbitrary(6, 4).chain((frames) =>
          fc.tuple(fc.constant(frames), fc.array(fc.uint8Array({ maxLength: 80 }), { minLength: frames.length + 1, maxLength: frames.length + 1 })),
        ),
        ([frames, garbage]) => {
          const parts = garbage.flatMap((g, i) => (i < frames.length ? [g, encodeDataFrame(frames[i])] : [g]));
          const decoder = newDecoder();
          const { rows } = decodeChunks(decoder, [concatBytes(parts)], HOST_MS);
          expect(withBits(rows)).toEqual(expectedRows(frames));
          // Each run of garbage between zero bytes is one bad record; the tail after the last frame waits for a delimiter.
          const tail = garbage[frames.length];
          const pending = tail.length - (tail.lastIndexOf(0) + 1);
          const terminated = [...garbage.slice(0, -1), tail.subarray(0, tail.length - pending)];
          const pieces = terminated.flatMap((g) => Buffer.from(g).toString('latin1').split('\0')).filter((p) => p.length > 0);
          const { parseErrors, crcErrors, oversize, discardedBytes } = decoder.stats;
          expect(parseErrors + crcErrors + oversize).toBe(pieces.length);
          expect(discardedBytes).toBe(pieces.reduce((n, p) => n + p.length, 0));
          expect(decoder.pendingBytes).toBe(pending);
        },
      ),
    );
  });

  it('loses only the frame garbage was written into, and counts it as dropped', () => {
    fc.assert(
      fc.property(
        // The victim has a predecessor: a gap is only visible (and the wrap only extends) relative to a frame seen before.
        streamArbitrary(5, 4).filter((frames) => frames.length >= 2).chain((frames) =>
          fc.tuple(fc.constant(frames), fc.integer({ min: 1, max: frames.length - 1 }), fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 40 })),
        ),
        ([frames, victim, where, garbage]) => {
          const encoded = frames.map(encodeDataFrame);
          const target = encoded[victim];
          // Strictly inside the COBS body: after its first byte, before its last.
          const at = 2 + (where % (target.length - 3));
          encoded[victim] = concatBytes([target.subarray(0, at), garbage, target.subarray(at)]);
          const decoder = newDecoder();
          const { rows } = decodeChunks(decoder, [concatBytes(encoded)], HOST_MS);
          expect(withBits(rows)).toEqual(expectedRows(frames).filter((_, i) => i !== victim));
          const { parseErrors, crcErrors, droppedFrames } = decoder.stats;
          expect(parseErrors + crcErrors).toBeGreaterThanOrEqual(1);
          expect(droppedFrames).toBe(victim < frames.length - 1 ? 1 : 0);
        },
      ),
    );
  });
});

describe('BinaryFrameDecoder', () => {
  const f32 = (seq: number, values: number[], deviceTimeUs?: number): Uint8Array =>
    encodeDataFrame({ seq, sampleType: 'f32', values, deviceTimeUs });

  it('carries an echolocation ping of 4 × 256 samples in one frame', () => {
    const ping = Array.from({ length: 1024 }, (_, i) => Math.fround(Math.sin(i / 10)));
    const decoder = newDecoder();
    const { rows } = decodeChunks(decoder, [f32(7, ping, 5_000_000)]);
    expect(rows).toEqual([{ seq: 7, deviceTimeS: 5, values: ping }]);
    expect(decoder.channels).toHaveLength(1024);
  });

  it('drops a frame above the sample limit as oversize and decodes the next one', () => {
    const decoder = new BinaryFrameDecoder({ deviceId: 'dev', maxSamples: 4096 });
    const { rows } = decodeChunks(decoder, [f32(1, new Array<number>(5000).fill(1)), f32(2, [2])]);
    expect(rows.map((r) => r.seq)).toEqual([2]);
    expect(decoder.stats.oversize).toBe(1);
    expect(decoder.pendingBytes).toBe(0);
  });

  it('scales integer samples by the profile and names channels from it', () => {
    const decoder = new BinaryFrameDecoder({ deviceId: 'dev', channelNames: ['x', 'y', 'z'], sampleScale: [0.5, 0.25] });
    const frame = encodeDataFrame({ seq: 0, sampleType: 'i16', values: [-4, 4, 3] });
    expect(decodeChunks(decoder, [frame]).rows[0].values).toEqual([-2, 1, 3]);
    expect(decoder.channels).toEqual(['x', 'y', 'z']);
  });

  it('never scales f32 samples', () => {
    const decoder = new BinaryFrameDecoder({ deviceId: 'dev', sampleScale: 10 });
    expect(decodeChunks(decoder, [f32(0, [1.5])]).rows[0].values).toEqual([1.5]);
  });

  it('counts gaps in the device sequence as dropped frames', () => {
    const decoder = newDecoder();
    const { rows } = decodeChunks(decoder, [f32(1, [0]), f32(2, [0]), f32(6, [0])]);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 6]);
    expect(decoder.stats.droppedFrames).toBe(3);
  });

  it('turns events and responses into messages', () => {
    const decoder = newDecoder();
    const stream = concatBytes([
      encodeEventFrame('warn', 'battery low'),
      encodeBinaryResponse({ kind: 'identity', id: 'SC-IMU,fw=1.2.0,sn=000123' }, { command: 'identify', seq: 4 }),
      encodeBinaryResponse({ kind: 'error', reason: 'rate too high' }, { command: 'setRate', seq: 5 }),
    ]);
    expect(decodeChunks(decoder, [stream]).messages).toEqual([
      { kind: 'log', level: 'warn', text: 'battery low', hostTimeMs: 1000 },
      {
        kind: 'response',
        response: { kind: 'identity', id: 'SC-IMU,fw=1.2.0,sn=000123' },
        inReplyTo: { command: 'identify', seq: 4 },
        hostTimeMs: 1000,
      },
      { kind: 'response', response: { kind: 'error', reason: 'rate too high' }, inReplyTo: { command: 'setRate', seq: 5 }, hostTimeMs: 1000 },
    ]);
    expect(decoder.stats.messages).toBe(3);
  });

  it.each([
    ['an echoed command', encodeBinaryCommand({ kind: 'start' }, 1), 'parseErrors'],
    [
      'a payload shorter than its channel count says',
      encodeCobsFrame(encodePacket({ type: 'data', flags: 0, sampleType: 'f32', seq: 0, deviceTimeUs: 0, channelCount: 3 }, new Uint8Array(8))),
      'parseErrors',
    ],
    [
      'a data frame without a sample type',
      encodeCobsFrame(encodePacket({ type: 'data', flags: 0, sampleType: 'none', seq: 0, deviceTimeUs: 0, channelCount: 0 }, new Uint8Array(0))),
      'parseErrors',
    ],
    ['another protocol version', mutated(f32(0, [1]), (p) => (p[0] = 2), true), 'parseErrors'],
    ['an unknown message type', mutated(f32(0, [1]), (p) => (p[1] = 9), true), 'parseErrors'],
    ['a flipped payload bit', mutated(f32(0, [1]), (p) => (p[p.length - 5] ^= 0x01), false), 'crcErrors'],
  ])('refuses %s', (_, bytes, counter) => {
    const decoder = newDecoder();
    const { rows } = decodeChunks(decoder, [bytes, f32(9, [9])]);
    expect(rows.map((r) => r.values)).toEqual([[9]]);
    expect(decoder.stats[counter as 'parseErrors' | 'crcErrors']).toBe(1);
  });
});

/** Re-frames a frame's packet after changing it, with the CRC recomputed when `fixCrc` (so only that field is wrong). */
function mutated(frame: Uint8Array, mutate: (packet: Uint8Array) => void, fixCrc: boolean): Uint8Array {
  const packet = Uint8Array.from(cobsDecode(frame.subarray(1, -1)) ?? []);
  mutate(packet);
  if (fixCrc) new DataView(packet.buffer).setUint32(packet.length - 4, crc32(packet.subarray(0, -4)), true);
  return encodeCobsFrame(packet);
}
