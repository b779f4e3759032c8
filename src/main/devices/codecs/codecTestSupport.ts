import fc from 'fast-check';
import type { DeviceMessage, IFrameDecoder } from './IFrameDecoder';

/** Test helpers shared by the codec tests (not used by production code). */

/** One decoded frame, with values padded to the decoder's final channel count. */
export interface Row {
  readonly seq: number;
  readonly deviceTimeS: number;
  readonly values: number[];
}

/** Feeds chunks in order and collects every frame and message. */
export function decodeChunks(
  decoder: IFrameDecoder,
  chunks: readonly Uint8Array[],
  hostTimeMs = 1_000,
): { rows: Row[]; messages: DeviceMessage[] } {
  const rows: Row[] = [];
  const messages: DeviceMessage[] = [];
  for (const chunk of chunks) {
    const result = decoder.decode(chunk, hostTimeMs);
    const { frames } = result;
    for (let i = 0; i < frames.frameCount; i++) {
      const values = Array.from(frames.values.subarray(i * frames.channelCount, (i + 1) * frames.channelCount));
      rows.push({ seq: frames.seq[i], deviceTimeS: frames.deviceTimeS[i], values });
    }
    messages.push(...result.messages);
  }
  const width = decoder.channels.length;
  for (const row of rows) while (row.values.length < width) row.values.push(Number.NaN);
  return { rows, messages };
}

/** Joins byte arrays. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Cuts bytes at the given offsets (any order, duplicates and out-of-range values allowed). */
export function splitAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => Math.min(bytes.length, Math.max(0, c))))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(start, point));
    start = point;
  }
  return chunks;
}

/** Arbitrary cut offsets for a stream of up to `length` bytes. */
export function cutsArbitrary(length: number): fc.Arbitrary<number[]> {
  return fc.array(fc.nat({ max: Math.max(0, length) }), { maxLength: 12 });
}

/**
 * Asserts what the split property needs: the stream cut into two at every byte offset decodes to
 * the same rows as the whole stream. Returns the rows of the whole stream.
 */
export function rowsForEverySplit(makeDecoder: () => IFrameDecoder, stream: Uint8Array): { whole: Row[]; splits: Row[][] } {
  const whole = decodeChunks(makeDecoder(), [stream]).rows;
  const splits: Row[][] = [];
  for (let k = 1; k < stream.length; k++) {
    splits.push(decodeChunks(makeDecoder(), [stream.subarray(0, k), stream.subarray(k)]).rows);
  }
  return { whole, splits };
}

/** A small deterministic PRNG (mulberry32) for fuzzing millions of bytes faster than fast-check would. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The 32-bit pattern of a float, so that tests compare f32 values bit for bit (−0 ≠ 0). */
export function f32Bits(values: readonly number[]): number[] {
  const view = new DataView(new ArrayBuffer(4));
  return values.map((v) => {
    view.setFloat32(0, v, true);
    return view.getUint32(0, true);
  });
}
