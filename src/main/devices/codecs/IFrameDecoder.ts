import type { FrameBatch } from '../../../shared/domain/frameBatch';
import type { CommandKind, DeviceResponse } from './commands';

/** The wire protocols the console can decode. */
export type WireProtocol = 'text' | 'json' | 'binary';

/** Severity of a device log line. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Something a device sent that is not sensor data. */
export type DeviceMessage =
  | {
      readonly kind: 'response';
      readonly response: DeviceResponse;
      /** Which command this answers; only the binary dialect says so. */
      readonly inReplyTo?: { readonly command: CommandKind; readonly seq: number };
      readonly hostTimeMs: number;
    }
  | { readonly kind: 'log'; readonly level: LogLevel; readonly text: string; readonly hostTimeMs: number };

/** What one chunk of bytes decoded to. */
export interface DecodeResult {
  /**
   * The data frames completed by this chunk (frameCount may be 0). Its channelCount equals the
   * decoder's `channels.length` after the chunk: when a device starts sending a new channel, the
   * count grows and earlier frames of the same batch hold NaN in the new column.
   */
  readonly frames: FrameBatch;
  readonly messages: readonly DeviceMessage[];
}

/**
 * Counters of everything a decoder saw. Live values: copy (`{ ...stats }`) for a snapshot.
 * Every byte that does not end up in a frame or message is counted in `discardedBytes`, and the
 * record it belonged to in exactly one of `parseErrors`, `crcErrors` or `oversize`.
 */
export interface DecoderStats {
  readonly bytesIn: number;
  readonly framesOk: number;
  readonly messages: number;
  /** Lines or frames that could not be understood (also data lines with some unreadable values). */
  readonly parseErrors: number;
  readonly crcErrors: number;
  /** Lines or frames longer than the configured maximum, discarded unread. */
  readonly oversize: number;
  readonly discardedBytes: number;
  /** Frames missing according to the device's sequence numbers. */
  readonly droppedFrames: number;
  /** Times the device's sequence number went backwards or repeated (usually a device reboot). */
  readonly seqResets: number;
}

/**
 * Turns a device's byte stream into columnar frames. One instance per connection: it keeps the
 * partial line or frame between chunks. It never throws on input; bad input is counted in
 * `stats` and the decoder resynchronises at the next line or frame boundary.
 */
export interface IFrameDecoder {
  readonly protocol: WireProtocol;
  /** Decodes one chunk as received; `hostTimeMs` is its receive time (ms since the Unix epoch). */
  decode(chunk: Uint8Array, hostTimeMs: number): DecodeResult;
  /** Channel names discovered so far, in column order. */
  readonly channels: readonly string[];
  readonly stats: Readonly<DecoderStats>;
  /** Bytes held back waiting for the end of a line or frame (bounded by the configured maximum). */
  readonly pendingBytes: number;
}
