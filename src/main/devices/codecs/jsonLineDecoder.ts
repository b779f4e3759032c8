import { ChannelFrameWriter } from './channelFrameWriter';
import { createDecoderStats } from './decoderStats';
import {
  DEFAULT_MAX_CHANNELS,
  UNITS_PER_SECOND,
  defaultChannelName,
  profileChannelNames,
  type DecoderOptions,
  type DeviceTimeField,
} from './decoderOptions';
import type { DecodeResult, DecoderStats, DeviceMessage, IFrameDecoder } from './IFrameDecoder';
import { LineReader } from './lineReader';
import { SequenceExtender } from './sequenceExtender';
import { textLineToMessage } from './textCommandDialect';
import { isPrintableLine, parseNumberToken } from './textTokens';

/** Options of the JSON line decoder. */
export interface JsonLineDecoderOptions extends DecoderOptions {
  /** The field holding device time. Default `{ label: 't', unit: 'ms' }` (Arduino `millis()`). */
  readonly deviceTime?: DeviceTimeField;
  /** Longest accepted line in bytes; longer lines are dropped and counted. Default 16384. */
  readonly maxLineBytes?: number;
}

/** What one JSON line carries: channels by name, and the raw time and sequence fields if any. */
interface JsonFrame {
  readonly channels: readonly (readonly [string, number])[];
  readonly time: number | undefined;
  readonly seq: unknown;
}

const SEQ_FIELD = 'seq';
const CHANNELS_FIELD = 'ch';

/**
 * Decodes one JSON value per line: `{"t":…,"seq":…,"ch":{"name":value,…}}`, a flat object whose
 * numeric fields are channels (`{"t":12,"ax":0.1}`), or an array of numbers (`[0.1,0.2]`).
 * `null` and the strings (or bare words) `nan`, `inf`, `-inf` read as NaN/±Infinity. Lines that
 * are not JSON but printable (`Sensor ready`, `OK`) become messages.
 */
export class JsonLineDecoder implements IFrameDecoder {
  readonly protocol = 'json';
  readonly #time: DeviceTimeField;
  readonly #positional: readonly string[];
  readonly #stats = createDecoderStats();
  readonly #lines: LineReader;
  readonly #seq = new SequenceExtender(this.#stats);
  readonly #writer: ChannelFrameWriter;

  constructor(options: JsonLineDecoderOptions) {
    this.#time = options.deviceTime ?? { label: 't', unit: 'ms' };
    this.#positional = profileChannelNames(options);
    this.#lines = new LineReader(this.#stats, options.maxLineBytes ?? 16384);
    this.#writer = new ChannelFrameWriter(options.deviceId, this.#positional, options.maxChannels ?? DEFAULT_MAX_CHANNELS);
  }

  get channels(): readonly string[] {
    return this.#writer.channels;
  }

  get stats(): Readonly<DecoderStats> {
    return this.#stats;
  }

  get pendingBytes(): number {
    return this.#lines.pendingBytes;
  }

  decode(chunk: Uint8Array, hostTimeMs: number): DecodeResult {
    const messages: DeviceMessage[] = [];
    this.#lines.read(chunk, (line, byteLength) => this.#onLine(line.trim(), byteLength, hostTimeMs, messages));
    return { frames: this.#writer.take(), messages };
  }

  #onLine(line: string, byteLength: number, hostTimeMs: number, messages: DeviceMessage[]): void {
    if (line === '') return;
    const looksJson = line.startsWith('{') || line.startsWith('[');
    if (!looksJson && isPrintableLine(line)) {
      messages.push(textLineToMessage(line, hostTimeMs));
      this.#stats.messages++;
      return;
    }
    const frame = looksJson ? this.#frameOf(parseLenientJson(line)) : undefined;
    if (frame === undefined) {
      this.#stats.parseErrors++;
      this.#stats.discardedBytes += byteLength;
    } else if (frame.channels.length === 0) {
      // Valid JSON without numbers, e.g. {"status":"ready"}: the device is saying something.
      messages.push({ kind: 'log', level: 'info', text: line, hostTimeMs });
      this.#stats.messages++;
    } else {
      this.#writeFrame(frame, hostTimeMs);
    }
  }

  /** The frame a JSON value holds, or undefined if it is not a frame shape (or not JSON at all). */
  #frameOf(value: unknown): JsonFrame | undefined {
    if (Array.isArray(value)) {
      const channels = value.map((item, i): [string, number] => [
        this.#positional[i] ?? defaultChannelName(i),
        numericValue(item) ?? Number.NaN,
      ]);
      return { channels, time: undefined, seq: undefined };
    }
    if (!isRecord(value)) return undefined;
    const nested = value[CHANNELS_FIELD];
    const source = isRecord(nested) ? nested : value;
    const channels: [string, number][] = [];
    for (const [name, item] of Object.entries(source)) {
      if (source === value && (name === this.#time.label || name === SEQ_FIELD)) continue;
      const number = numericValue(item);
      if (number !== undefined) channels.push([name, number]);
    }
    return { channels, time: numericValue(value[this.#time.label]), seq: value[SEQ_FIELD] };
  }

  #writeFrame(frame: JsonFrame, hostTimeMs: number): void {
    let overCap = false;
    this.#writer.beginFrame();
    for (const [name, number] of frame.channels) {
      if (!this.#writer.setByName(name, number)) overCap = true;
    }
    const seq = isU32(frame.seq) ? this.#seq.next(frame.seq) : this.#seq.nextArrival();
    const deviceTimeS =
      frame.time !== undefined && Number.isFinite(frame.time)
        ? frame.time / UNITS_PER_SECOND[this.#time.unit]
        : hostTimeMs / 1000;
    this.#writer.endFrame(seq, deviceTimeS, hostTimeMs);
    this.#stats.framesOk++;
    if (overCap) this.#stats.parseErrors++;
  }
}

// Hand-written firmware prints non-finite floats as bare words, which JSON does not allow.
const BARE_NON_FINITE = /([:[,]\s*)([+-]?(?:nan|inf(?:inity)?|ovf))(?=\s*[,\]}])/gi;

/** JSON.parse that also accepts bare nan/inf values; undefined instead of an exception. */
function parseLenientJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    try {
      return JSON.parse(text.replace(BARE_NON_FINITE, '$1"$2"'));
    } catch {
      return undefined;
    }
  }
}

/** A JSON value as a channel value: numbers, `null` (NaN) and numeric strings; undefined for anything else. */
function numericValue(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (value === null) return Number.NaN;
  if (typeof value === 'string') return parseNumberToken(value.trim());
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isU32(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 2 ** 32;
}
