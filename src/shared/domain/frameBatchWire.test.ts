import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateFrameBatch, concatFrameBatches, FrameBatchBuilder } from './frameBatch';
import { decodeFrameBatch, encodeFrameBatch } from './frameBatchWire';

const batchArb = fc
  .record({
    deviceId: fc.string({ maxLength: 40 }),
    channels: fc.integer({ min: 1, max: 8 }),
    frames: fc.integer({ min: 0, max: 20 }),
  })
  .chain(({ deviceId, channels, frames }) =>
    fc.record({
      deviceId: fc.constant(deviceId),
      channels: fc.constant(channels),
      seq: fc.array(fc.double({ noNaN: true }), { minLength: frames, maxLength: frames }),
      time: fc.array(fc.double(), { minLength: frames, maxLength: frames }),
      values: fc.array(fc.float(), { minLength: frames * channels, maxLength: frames * channels }),
    }),
  );

describe('FrameBatch wire format', () => {
  it('round-trips every column bit for bit, NaN included', () => {
    fc.assert(
      fc.property(batchArb, ({ deviceId, channels, seq, time, values }) => {
        const b = allocateFrameBatch(deviceId, channels, seq.length);
        b.seq.set(seq);
        b.deviceTimeS.set(time);
        b.hostTimeMs.set(time.map((t) => t * 2));
        b.values.set(values);
        const decoded = decodeFrameBatch(encodeFrameBatch(b));
        expect(decoded.deviceId).toBe(deviceId);
        expect(decoded.channelCount).toBe(channels);
        expect(decoded.frameCount).toBe(seq.length);
        expect(new Uint8Array(decoded.seq.buffer, decoded.seq.byteOffset, decoded.seq.byteLength)).toEqual(new Uint8Array(b.seq.buffer));
        expect(new Uint8Array(decoded.deviceTimeS.buffer, decoded.deviceTimeS.byteOffset, decoded.deviceTimeS.byteLength)).toEqual(
          new Uint8Array(b.deviceTimeS.buffer),
        );
        expect(new Uint8Array(decoded.values.buffer, decoded.values.byteOffset, decoded.values.byteLength)).toEqual(new Uint8Array(b.values.buffer));
      }),
    );
  });

  it('decodes from an unaligned slice', () => {
    const b = allocateFrameBatch('x', 2, 3);
    b.values.set([1, 2, 3, 4, 5, 6]);
    const bytes = encodeFrameBatch(b);
    const shifted = new Uint8Array(bytes.byteLength + 3);
    shifted.set(bytes, 3);
    expect(Array.from(decodeFrameBatch(shifted.subarray(3)).values)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it.each([
    [new Uint8Array(4), /too short/],
    [new Uint8Array(64), /bad magic/],
  ])('rejects malformed bytes with a descriptive error', (bytes, message) => {
    expect(() => decodeFrameBatch(bytes)).toThrow(message);
  });

  it('rejects a truncated batch', () => {
    const bytes = encodeFrameBatch(allocateFrameBatch('x', 4, 10));
    expect(() => decodeFrameBatch(bytes.subarray(0, bytes.byteLength - 8))).toThrow(/truncated/);
  });
});

describe('FrameBatchBuilder and concat', () => {
  it('grows, pads short frames with NaN and empties on take', () => {
    const builder = new FrameBatchBuilder('d', 3, 1);
    for (let i = 0; i < 5; i++) builder.push(i, i / 10, 1000 + i, i === 2 ? [1] : [i, i, i]);
    const batch = builder.take();
    expect(batch.frameCount).toBe(5);
    expect(Array.from(batch.values.subarray(6, 9))).toEqual([1, Number.NaN, Number.NaN]);
    expect(builder.frameCount).toBe(0);
  });

  it('concatenates in order and refuses mixed channel counts', () => {
    const a = allocateFrameBatch('d', 2, 1);
    a.seq[0] = 1;
    const b = allocateFrameBatch('d', 2, 2);
    b.seq.set([2, 3]);
    expect(Array.from(concatFrameBatches([a, b]).seq)).toEqual([1, 2, 3]);
    expect(() => concatFrameBatches([a, allocateFrameBatch('d', 3, 1)])).toThrow(/3 and 2 channels/);
  });
});
