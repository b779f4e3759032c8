import type { DecoderStats } from './IFrameDecoder';

/** The writable form of DecoderStats that decoders keep internally. */
export type MutableDecoderStats = { -readonly [K in keyof DecoderStats]: DecoderStats[K] };

/** All counters at zero. */
export function createDecoderStats(): MutableDecoderStats {
  return {
    bytesIn: 0,
    framesOk: 0,
    messages: 0,
    parseErrors: 0,
    crcErrors: 0,
    oversize: 0,
    discardedBytes: 0,
    droppedFrames: 0,
    seqResets: 0,
  };
}
