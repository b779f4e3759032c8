import { parseResponsePayload } from './binaryCommandDialect';
import {
  CRC_BYTES,
  FLAG_DEVICE_TIME,
  HEADER_BYTES,
  SAMPLE_BYTES,
  encodePacket,
  parsePacket,
  type PacketHeader,
  type SampleType,
} from './binaryPacket';
import { ChannelFrameWriter } from './channelFrameWriter';
import { COBS_DELIMITER, cobsDecode, cobsMaxEncodedLength, encodeCobsFrame } from './cobs';
import { createDecoderStats } from './decoderStats';
import { DEFAULT_MAX_CHANNELS, defaultChannelName, profileChannelNames, type DecoderOptions } from './decoderOptions';
import { DelimitedSplitter } from './delimitedSplitter';
import type { DecodeResult, DecoderStats, DeviceMessage, IFrameDecoder, LogLevel } from './IFrameDecoder';
import { keyForValue } from './keyForValue';
import { SequenceExtender } from './sequenceExtender';

/** Sample types a data frame can carry. */
export type DataSampleType = Exclude<SampleType, 'none'>;

/** One data frame as a device sends it. */
export interface DataFrame {
  /** The device's frame counter (u32, wraps). */
  readonly seq: number;
  /** Device clock in µs; omit when the device has none (the console then uses host time). */
  readonly deviceTimeUs?: number;
  readonly sampleType: DataSampleType;
  /** One value per channel, in the sample type's raw units (integers for integer types). */
  readonly values: ArrayLike<number>;
}

/** Log level codes of event packets. Wire format: never renumber. */
export const LOG_LEVELS = { debug: 0, info: 1, warn: 2, error: 3 } as const satisfies Record<LogLevel, number>;

/** Default and minimum for `BinaryFrameDecoderOptions.maxSamples`. */
export const DEFAULT_MAX_SAMPLES = 4096;

type SampleAccess = {
  readonly read: (view: DataView, offset: number) => number;
  readonly write: (view: DataView, offset: number, value: number) => void;
};

const SAMPLE_ACCESS: Readonly<Record<DataSampleType, SampleAccess>> = {
  f32: { read: (v, o) => v.getFloat32(o, true), write: (v, o, x) => v.setFloat32(o, x, true) },
  i16: { read: (v, o) => v.getInt16(o, true), write: (v, o, x) => v.setInt16(o, x, true) },
  u16: { read: (v, o) => v.getUint16(o, true), write: (v, o, x) => v.setUint16(o, x, true) },
  i32: { read: (v, o) => v.getInt32(o, true), write: (v, o, x) => v.setInt32(o, x, true) },
};

const utf8Encoder = new TextEncoder();

/** The framed bytes of a data frame (what a device writes to the port). */
export function encodeDataFrame(frame: DataFrame): Uint8Array {
  const size = SAMPLE_BYTES[frame.sampleType];
  const payload = new Uint8Array(frame.values.length * size);
  const view = new DataView(payload.buffer);
  const { write } = SAMPLE_ACCESS[frame.sampleType];
  for (let c = 0; c < frame.values.length; c++) write(view, c * size, frame.values[c]);
  const header: PacketHeader = {
    type: 'data',
    flags: frame.deviceTimeUs === undefined ? 0 : FLAG_DEVICE_TIME,
    sampleType: frame.sampleType,
    seq: frame.seq,
    deviceTimeUs: frame.deviceTimeUs ?? 0,
    channelCount: frame.values.length,
  };
  return encodeCobsFrame(encodePacket(header, payload));
}

/** The framed bytes of a device log event: level u8, then UTF-8 text. */
export function encodeEventFrame(level: LogLevel, text: string, seq = 0): Uint8Array {
  const textBytes = utf8Encoder.encode(text);
  const payload = new Uint8Array(1 + textBytes.length);
  payload[0] = LOG_LEVELS[level];
  payload.set(textBytes, 1);
  const header: PacketHeader = { type: 'event', flags: 0, sampleType: 'none', seq, deviceTimeUs: 0, channelCount: 0 };
  return encodeCobsFrame(encodePacket(header, payload));
}

/** Options of the binary frame decoder. */
export interface BinaryFrameDecoderOptions extends DecoderOptions {
  /** Most samples one frame may carry; longer frames are dropped and counted. Default 4096. */
  readonly maxSamples?: number;
  /**
   * Physical units per raw count for integer sample types, one for all channels or one per
   * channel (missing entries: 1). f32 samples are never scaled.
   */
  readonly sampleScale?: number | readonly number[];
}

/**
 * Decodes COBS-framed binary packets (see binaryPacket.ts and docs/protocol.md). Data packets
 * become frames; responses and events become messages. Corrupt frames are counted by kind and
 * skipped: every frame ends at a 0x00, so the next frame decodes normally.
 */
export class BinaryFrameDecoder implements IFrameDecoder {
  readonly protocol = 'binary';
  readonly #options: BinaryFrameDecoderOptions;
  readonly #maxSamples: number;
  readonly #stats = createDecoderStats();
  readonly #splitter: DelimitedSplitter;
  readonly #seq = new SequenceExtender(this.#stats);
  readonly #writer: ChannelFrameWriter;
  readonly #utf8 = new TextDecoder('utf-8');

  constructor(options: BinaryFrameDecoderOptions) {
    this.#options = options;
    this.#maxSamples = Math.max(DEFAULT_MAX_SAMPLES, options.maxSamples ?? DEFAULT_MAX_SAMPLES);
    const maxPacket = HEADER_BYTES + this.#maxSamples * SAMPLE_BYTES.f32 + CRC_BYTES;
    this.#splitter = new DelimitedSplitter(COBS_DELIMITER, cobsMaxEncodedLength(maxPacket));
    this.#writer = new ChannelFrameWriter(
      options.deviceId,
      profileChannelNames(options),
      Math.max(this.#maxSamples, options.maxChannels ?? DEFAULT_MAX_CHANNELS),
    );
  }

  get channels(): readonly string[] {
    return this.#writer.channels;
  }

  get stats(): Readonly<DecoderStats> {
    return this.#stats;
  }

  get pendingBytes(): number {
    return this.#splitter.pendingBytes;
  }

  decode(chunk: Uint8Array, hostTimeMs: number): DecodeResult {
    this.#stats.bytesIn += chunk.length;
    const messages: DeviceMessage[] = [];
    this.#splitter.push(
      chunk,
      (record) => this.#onRecord(record, hostTimeMs, messages),
      (dropped) => this.#reject('oversize', dropped),
    );
    return { frames: this.#writer.take(), messages };
  }

  #onRecord(record: Uint8Array, hostTimeMs: number, messages: DeviceMessage[]): void {
    // Back-to-back delimiters (our leading 0x00, or a sender flushing the line) are not errors.
    if (record.length === 0) return;
    const packet = cobsDecode(record);
    const parsed = packet === undefined ? undefined : parsePacket(packet);
    if (parsed === undefined || !parsed.ok) {
      this.#reject(parsed?.error === 'crc' ? 'crcErrors' : 'parseErrors', record.length);
      return;
    }
    const { header, payload } = parsed;
    const accepted = this.#accept(header, payload, hostTimeMs, messages);
    if (!accepted) this.#reject('parseErrors', record.length);
  }

  #accept(header: PacketHeader, payload: Uint8Array, hostTimeMs: number, messages: DeviceMessage[]): boolean {
    switch (header.type) {
      case 'data':
        return this.#acceptData(header, payload, hostTimeMs);
      case 'response': {
        const reply = parseResponsePayload(payload, header.seq);
        if (reply === undefined) return false;
        messages.push({ kind: 'response', ...reply, hostTimeMs });
        this.#stats.messages++;
        return true;
      }
      case 'event': {
        const level = payload.length === 0 ? undefined : keyForValue(LOG_LEVELS, payload[0]);
        if (level === undefined) return false;
        messages.push({ kind: 'log', level, text: this.#utf8.decode(payload.subarray(1)), hostTimeMs });
        this.#stats.messages++;
        return true;
      }
      case 'command':
        // Devices never send commands; seeing one means our own output is echoed (loopback, crossed wiring).
        return false;
    }
  }

  #acceptData(header: PacketHeader, payload: Uint8Array, hostTimeMs: number): boolean {
    if (header.sampleType === 'none') return false;
    const size = SAMPLE_BYTES[header.sampleType];
    const count = header.channelCount;
    if (count === 0 || count > this.#maxSamples || payload.length !== count * size) return false;
    if (!this.#writer.ensureColumns(count, defaultChannelName)) return false;
    const { read } = SAMPLE_ACCESS[header.sampleType];
    const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
    const scaled = header.sampleType !== 'f32';
    this.#writer.beginFrame();
    for (let c = 0; c < count; c++) {
      const raw = read(view, c * size);
      this.#writer.set(c, scaled ? raw * this.#scaleOf(c) : raw);
    }
    const deviceTimeS = (header.flags & FLAG_DEVICE_TIME) !== 0 ? header.deviceTimeUs / 1e6 : hostTimeMs / 1000;
    this.#writer.endFrame(this.#seq.next(header.seq), deviceTimeS, hostTimeMs);
    this.#stats.framesOk++;
    return true;
  }

  #scaleOf(channel: number): number {
    const scale = this.#options.sampleScale;
    if (scale === undefined) return 1;
    return typeof scale === 'number' ? scale : (scale[channel] ?? 1);
  }

  #reject(counter: 'parseErrors' | 'crcErrors' | 'oversize', bytes: number): void {
    this.#stats[counter]++;
    this.#stats.discardedBytes += bytes;
  }
}
