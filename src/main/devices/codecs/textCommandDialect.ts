import { commandFromWire, type CommandKind, type CommandParseResult, type DeviceCommand, type DeviceResponse } from './commands';
import type { DeviceMessage } from './IFrameDecoder';
import { parseNumberToken } from './textTokens';

/**
 * The text spelling of the command set: one line per command or response, `\n`-terminated.
 * Console → device: `ID?`, `START`, `STOP`, `RATE <hz>`, `PING`, `ACT <value>`.
 * Device → console: `ID <identity>`, `OK`, `PONG`, `ERR <reason>`.
 */

const KEYWORDS = {
  identify: 'ID?',
  start: 'START',
  stop: 'STOP',
  setRate: 'RATE',
  ping: 'PING',
  actuate: 'ACT',
} as const satisfies Record<CommandKind, string>;

const KIND_OF_KEYWORD: ReadonlyMap<string, CommandKind> = new Map(
  Object.entries(KEYWORDS).map(([kind, word]) => [word, kind as CommandKind]),
);

const encoder = new TextEncoder();

/** The line the console sends for a command (console → device). */
export function encodeTextCommand(command: DeviceCommand): Uint8Array {
  switch (command.kind) {
    case 'setRate':
      return encoder.encode(`${KEYWORDS.setRate} ${command.hz}\n`);
    case 'actuate':
      return encoder.encode(`${KEYWORDS.actuate} ${command.value}\n`);
    case 'identify':
    case 'start':
    case 'stop':
    case 'ping':
      return encoder.encode(`${KEYWORDS[command.kind]}\n`);
  }
}

/** Device side: parses one command line (without its line ending; case and surrounding blanks ignored). */
export function parseTextCommand(line: string): CommandParseResult {
  const [word = '', argument, ...rest] = line.trim().split(/\s+/);
  const kind = KIND_OF_KEYWORD.get(word.toUpperCase());
  if (kind === undefined) return { ok: false, reason: `unknown command '${word.slice(0, 32)}'` };
  const takesArgument = kind === 'setRate' || kind === 'actuate';
  if (rest.length > 0 || takesArgument !== (argument !== undefined)) {
    return { ok: false, reason: takesArgument ? `${word} needs one number` : `${word} takes no argument` };
  }
  return commandFromWire(kind, argument === undefined ? 0 : (parseNumberToken(argument) ?? Number.NaN));
}

/** Device side: the line a device sends for a response. */
export function encodeTextResponse(response: DeviceResponse): Uint8Array {
  switch (response.kind) {
    case 'ok':
      return encoder.encode('OK\n');
    case 'pong':
      return encoder.encode('PONG\n');
    case 'identity':
      return encoder.encode(`ID ${response.id}\n`);
    case 'error':
      return encoder.encode(`ERR ${response.reason}\n`);
  }
}

/** Parses a response line (without its line ending), or undefined if the line is not one. */
export function parseTextResponse(line: string): DeviceResponse | undefined {
  const text = line.trim();
  const upper = text.toUpperCase();
  if (upper === 'OK') return { kind: 'ok' };
  if (upper === 'PONG') return { kind: 'pong' };
  if (upper.startsWith('ID ')) return { kind: 'identity', id: text.slice(3).trim() };
  if (upper === 'ERR') return { kind: 'error', reason: '' };
  if (upper.startsWith('ERR ')) return { kind: 'error', reason: text.slice(4).trim() };
  return undefined;
}

/** A printable non-data line as a message: a response if it is one, else a device log line. */
export function textLineToMessage(line: string, hostTimeMs: number): DeviceMessage {
  const response = parseTextResponse(line);
  return response === undefined
    ? { kind: 'log', level: 'info', text: line.trim(), hostTimeMs }
    : { kind: 'response', response, hostTimeMs };
}
