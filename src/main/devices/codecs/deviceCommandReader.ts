import { parseCommandPayload } from './binaryCommandDialect';
import { CRC_BYTES, HEADER_BYTES, parsePacket } from './binaryPacket';
import { COBS_DELIMITER, cobsDecode, cobsMaxEncodedLength } from './cobs';
import type { CommandParseResult } from './commands';
import { createDecoderStats } from './decoderStats';
import { DelimitedSplitter } from './delimitedSplitter';
import { LineReader } from './lineReader';
import { parseTextCommand } from './textCommandDialect';

/** The command dialects a device can speak (JSON-line devices take text commands). */
export type CommandDialect = 'text' | 'binary';

/** One command as a device received it; `seq` is the binary command's sequence number (0 in text). */
export type ReceivedCommand = CommandParseResult & { readonly seq: number };

// Commands are short; anything longer is noise and is dropped unread.
const MAX_TEXT_COMMAND_BYTES = 256;
const MAX_BINARY_COMMAND_BYTES = cobsMaxEncodedLength(HEADER_BYTES + 256 + CRC_BYTES);

/**
 * The device side of the command channel, for simulators and device tests: splits the bytes the
 * console sends into commands. Never throws; unreadable input yields `{ ok: false, reason }`.
 */
export class DeviceCommandReader {
  readonly #read: (chunk: Uint8Array, out: ReceivedCommand[]) => void;

  constructor(dialect: CommandDialect) {
    switch (dialect) {
      case 'text': {
        const lines = new LineReader(createDecoderStats(), MAX_TEXT_COMMAND_BYTES);
        this.#read = (chunk, out) =>
          lines.read(chunk, (line) => {
            if (line.trim() !== '') out.push({ ...parseTextCommand(line), seq: 0 });
          });
        break;
      }
      case 'binary': {
        const splitter = new DelimitedSplitter(COBS_DELIMITER, MAX_BINARY_COMMAND_BYTES);
        const tooLong: ReceivedCommand = { ok: false, reason: 'frame too long', seq: 0 };
        this.#read = (chunk, out) =>
          splitter.push(
            chunk,
            (record) => {
              if (record.length > 0) out.push(readBinaryCommand(record));
            },
            () => out.push(tooLong),
          );
        break;
      }
    }
  }

  /** The commands completed by this chunk. */
  push(chunk: Uint8Array): ReceivedCommand[] {
    const out: ReceivedCommand[] = [];
    this.#read(chunk, out);
    return out;
  }
}

function readBinaryCommand(record: Uint8Array): ReceivedCommand {
  const packet = cobsDecode(record);
  const parsed = packet === undefined ? undefined : parsePacket(packet);
  if (parsed === undefined || !parsed.ok) return { ok: false, reason: `corrupt frame (${parsed?.error ?? 'cobs'})`, seq: 0 };
  if (parsed.header.type !== 'command') return { ok: false, reason: `not a command (${parsed.header.type})`, seq: parsed.header.seq };
  return { ...parseCommandPayload(parsed.payload), seq: parsed.header.seq };
}
