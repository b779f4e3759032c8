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
import { parseTextResponse, textLineToMessage } from './textCommandDialect';
import { isPrintableLine, parseNumberToken, tokenizeLine } from './textTokens';

/** Options of the text line decoder. */
export interface TextLineDecoderOptions extends DecoderOptions {
  /** The value in each line that is the device's clock (e.g. `{ label: 'millis', unit: 'ms' }`). */
  readonly deviceTime?: DeviceTimeField;
  /** Longest accepted line in bytes; longer lines are dropped and counted. Default 8192. */
  readonly maxLineBytes?: number;
}

const MAX_LABEL_LENGTH = 64;

/** A line that may be a CSV header, held until the first data line shows whether it is one. */
interface HeaderCandidate {
  readonly line: string;
  readonly tokens: readonly string[];
  readonly hostTimeMs: number;
}

/** One value of a line: its label (undefined when positional) and number (undefined when unreadable). */
interface Field {
  readonly label: string | undefined;
  readonly value: number | undefined;
}

/**
 * Decodes the Arduino Serial Plotter formats: numbers separated by commas, spaces or tabs
 * (`1.0,2.0,3.0`), `label:value` or `label=value` pairs (`a:1 b:2`), and an optional CSV header
 * naming positional values (`ax,ay,az`). Prose (`Sensor ready`) and command responses (`OK`,
 * `ERR …`) become messages. Each label keeps its column for the life of the connection.
 */
export class TextLineDecoder implements IFrameDecoder {
  readonly protocol = 'text';
  readonly #options: TextLineDecoderOptions;
  readonly #stats = createDecoderStats();
  readonly #lines: LineReader;
  readonly #seq = new SequenceExtender(this.#stats);
  /** Names of positional values by index: the header's, else the profile's. */
  #positional: readonly string[];
  #writer: ChannelFrameWriter;
  #dataSeen = false;
  #candidate: HeaderCandidate | undefined;

  constructor(options: TextLineDecoderOptions) {
    this.#options = options;
    this.#lines = new LineReader(this.#stats, options.maxLineBytes ?? 8192);
    this.#positional = profileChannelNames(options);
    this.#writer = this.#newWriter();
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
    this.#lines.read(chunk, (line, byteLength) => this.#onLine(line, byteLength, hostTimeMs, messages));
    return { frames: this.#writer.take(), messages };
  }

  #onLine(line: string, byteLength: number, hostTimeMs: number, messages: DeviceMessage[]): void {
    const tokens = tokenizeLine(line);
    if (tokens.length === 0) return;
    const printable = isPrintableLine(line);
    if (printable && parseTextResponse(line) === undefined && isHeaderLike(line, tokens)) {
      this.#onHeader({ line, tokens, hostTimeMs }, messages);
      return;
    }
    const fields = readFields(tokens);
    const readable = fields.filter((f) => f.value !== undefined).length;
    const prose = printable && fields[0].value === undefined;
    if (readable === fields.length || (!prose && readable * 2 >= fields.length)) {
      // Mostly numbers with a few unreadable ones (line noise) still make a frame, NaN where unreadable.
      const complete = this.#writeFrame(fields, hostTimeMs, messages);
      if (!complete || readable < fields.length) this.#stats.parseErrors++;
    } else if (prose) {
      this.#message(line, hostTimeMs, messages);
    } else {
      this.#stats.parseErrors++;
      this.#stats.discardedBytes += byteLength;
    }
  }

  /**
   * Before any data a header is only a candidate: prose such as "Hello, world" looks the same.
   * The first data line decides (see #settleHeader). After data, an unchanged header (a device
   * reset) is ignored and any other one is prose.
   */
  #onHeader(header: HeaderCandidate, messages: DeviceMessage[]): void {
    if (this.#dataSeen) {
      if (!header.tokens.every((t, i) => this.#positional[i] === t)) this.#message(header.line, header.hostTimeMs, messages);
      return;
    }
    if (this.#candidate !== undefined) this.#message(this.#candidate.line, this.#candidate.hostTimeMs, messages);
    this.#candidate = header;
  }

  /** Adopts the header candidate if the first data line has exactly one positional value per name; else it was prose. */
  #settleHeader(fields: readonly Field[], messages: DeviceMessage[]): void {
    const candidate = this.#candidate;
    if (candidate === undefined) return;
    this.#candidate = undefined;
    if (fields.length === candidate.tokens.length && fields.every((f) => f.label === undefined)) {
      this.#positional = candidate.tokens;
      this.#writer = this.#newWriter();
    } else {
      this.#message(candidate.line, candidate.hostTimeMs, messages);
    }
  }

  #message(line: string, hostTimeMs: number, messages: DeviceMessage[]): void {
    messages.push(textLineToMessage(line, hostTimeMs));
    this.#stats.messages++;
  }

  #newWriter(): ChannelFrameWriter {
    const timeLabel = this.#options.deviceTime?.label;
    return new ChannelFrameWriter(
      this.#options.deviceId,
      this.#positional.filter((name) => name !== timeLabel),
      this.#options.maxChannels ?? DEFAULT_MAX_CHANNELS,
    );
  }

  /** Writes a data line as a frame; false when some value found no column (the cap). */
  #writeFrame(fields: readonly Field[], hostTimeMs: number, messages: DeviceMessage[]): boolean {
    if (!this.#dataSeen) this.#settleHeader(fields, messages);
    const time = this.#options.deviceTime;
    let deviceTimeS = hostTimeMs / 1000;
    let overCap = false;
    this.#writer.beginFrame();
    fields.forEach((field, index) => {
      const name = field.label ?? this.#positional[index] ?? defaultChannelName(index);
      if (field.value === undefined) {
        // An unreadable positional value still owns its column, so later values keep their places.
        if (field.label === undefined && this.#writer.column(name) < 0) overCap = true;
        return;
      }
      if (name === time?.label) {
        deviceTimeS = field.value / UNITS_PER_SECOND[time.unit];
        return;
      }
      if (!this.#writer.setByName(name, field.value)) overCap = true;
    });
    this.#writer.endFrame(this.#seq.nextArrival(), deviceTimeS, hostTimeMs);
    this.#dataSeen = true;
    this.#stats.framesOk++;
    return !overCap;
  }
}

/** Pairs `label:value` / `label=value` tokens, also when the value follows after a blank (`temp: 21.5`). */
function readFields(tokens: readonly string[]): Field[] {
  const fields: Field[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const separator = Math.max(token.lastIndexOf(':'), token.lastIndexOf('='));
    if (separator < 0) {
      fields.push({ label: undefined, value: parseNumberToken(token) });
      continue;
    }
    const label = token.slice(0, separator);
    let valueText = token.slice(separator + 1);
    if (valueText === '' && i + 1 < tokens.length) valueText = tokens[++i];
    fields.push({ label, value: isLabel(label) ? parseNumberToken(valueText) : undefined });
  }
  return fields;
}

/** Labels are short printable names; anything else is line noise that must not become a column. */
function isLabel(label: string): boolean {
  return label.length > 0 && label.length <= MAX_LABEL_LENGTH && isPrintableLine(label);
}

/** A comma- or tab-separated line of at least two names and no numbers or labels, e.g. `ax,ay,az`. */
function isHeaderLike(line: string, tokens: readonly string[]): boolean {
  if (tokens.length < 2 || !/[,\t]/.test(line)) return false;
  return tokens.every((t) => parseNumberToken(t) === undefined && !/[:=]/.test(t));
}
