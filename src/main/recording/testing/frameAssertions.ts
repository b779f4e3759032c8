import { expect } from 'vitest';
import type { FrameBatch } from '../../../shared/domain/frameBatch';

/** The first `count` frames of `batch`. */
export function prefixOf(batch: FrameBatch, count: number): FrameBatch {
  const n = batch.channelCount;
  return {
    ...batch,
    frameCount: count,
    seq: batch.seq.subarray(0, count),
    deviceTimeS: batch.deviceTimeS.subarray(0, count),
    hostTimeMs: batch.hostTimeMs.subarray(0, count),
    values: batch.values.subarray(0, count * n),
  };
}

/** Frames equal bit for bit: seq and both times as float64 bits, values as float32 bits. */
export function expectFramesEqual(actual: FrameBatch, expected: FrameBatch): void {
  expect(actual.frameCount).toBe(expected.frameCount);
  expect(actual.channelCount).toBe(expected.channelCount);
  const bits64 = (a: Float64Array): BigUint64Array => new BigUint64Array(a.slice().buffer);
  const bits32 = (a: Float32Array): Uint32Array => new Uint32Array(a.slice().buffer);
  expect(bits64(actual.seq)).toEqual(bits64(expected.seq));
  expect(bits64(actual.deviceTimeS)).toEqual(bits64(expected.deviceTimeS));
  expect(bits64(actual.hostTimeMs)).toEqual(bits64(expected.hostTimeMs));
  expect(bits32(actual.values)).toEqual(bits32(expected.values));
}
