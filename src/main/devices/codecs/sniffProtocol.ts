import { createFrameDecoder } from './createFrameDecoder';
import type { IFrameDecoder, WireProtocol } from './IFrameDecoder';

/** How many of a new device's first bytes the sniffer looks at. */
export const SNIFF_MAX_BYTES = 4096;

/** The sniffer's proposal, for the operator to confirm. */
export type SniffResult =
  | {
      readonly protocol: WireProtocol;
      /** 0…1: share of records that decoded, discounted when there were only a few. */
      readonly confidence: number;
      readonly channelCount: number;
      readonly channels: readonly string[];
    }
  | { readonly protocol: 'unknown'; readonly reason: string };

// Binary first: its CRC makes a false positive practically impossible, so on a tie it is the safer guess.
const CANDIDATES: readonly WireProtocol[] = ['binary', 'json', 'text'];
// Fewer frames than this are too few to be sure of anything.
const CONFIDENT_FRAMES = 4;
const MIN_CONFIDENCE = 0.2;

/**
 * Proposes a protocol for a device from the first bytes it sent (at most SNIFF_MAX_BYTES are
 * used) by running every decoder over them and scoring how much of the input each understood.
 */
export function sniffProtocol(bytes: Uint8Array): SniffResult {
  const sample = bytes.subarray(0, SNIFF_MAX_BYTES);
  if (sample.length === 0) return { protocol: 'unknown', reason: 'no bytes received yet' };
  let best: { protocol: WireProtocol; decoder: IFrameDecoder; confidence: number } | undefined;
  let firstMessage: string | undefined;
  for (const protocol of CANDIDATES) {
    const decoder = createFrameDecoder(protocol, { deviceId: 'sniff' });
    const { messages } = decoder.decode(sample, 0);
    const message = messages[0];
    if (protocol === 'text' && message !== undefined && message.kind === 'log') firstMessage = message.text;
    const confidence = scoreOf(decoder);
    if (confidence > (best?.confidence ?? 0)) best = { protocol, decoder, confidence };
  }
  if (best !== undefined && best.confidence >= MIN_CONFIDENCE) {
    const channels = best.decoder.channels;
    return { protocol: best.protocol, confidence: best.confidence, channelCount: channels.length, channels };
  }
  return { protocol: 'unknown', reason: unknownReason(sample, best !== undefined, firstMessage) };
}

function scoreOf(decoder: IFrameDecoder): number {
  const { framesOk, parseErrors, crcErrors, oversize } = decoder.stats;
  if (framesOk === 0) return 0;
  // The sample usually starts in the middle of a line or frame: forgive one error for it.
  const errors = Math.max(0, parseErrors + crcErrors + oversize - 1);
  return (framesOk / (framesOk + errors)) * Math.min(1, framesOk / CONFIDENT_FRAMES);
}

function unknownReason(sample: Uint8Array, someFrames: boolean, firstMessage: string | undefined): string {
  if (someFrames) return 'most lines or frames could not be read: check the baud rate and the device profile';
  if (firstMessage !== undefined) return `only text messages so far (e.g. "${firstMessage.slice(0, 60)}"), no data yet`;
  let printable = 0;
  for (const byte of sample) if ((byte >= 0x20 && byte < 0x7f) || byte === 0x09 || byte === 0x0a || byte === 0x0d) printable++;
  if (printable < sample.length * 0.9) {
    return 'the bytes are neither text nor valid binary frames: check the baud rate';
  }
  return `no complete line or frame in the first ${sample.length} bytes`;
}
