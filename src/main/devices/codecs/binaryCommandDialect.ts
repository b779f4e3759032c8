import { encodePacket, type PacketHeader } from './binaryPacket';
import { encodeCobsFrame } from './cobs';
import {
  COMMAND_OPCODES,
  commandArgument,
  commandFromWire,
  type CommandKind,
  type CommandParseResult,
  type DeviceCommand,
  type DeviceResponse,
} from './commands';
import { keyForValue } from './keyForValue';

/**
 * The binary spelling of the command set, carried in packets of type `command` and `response`.
 *
 * command payload (5 bytes):  opcode u8, argument f32 LE (0 when the command takes none)
 * response payload:           opcode u8 of the command answered, status u8 (0 ok, 1 error),
 *                             UTF-8 text (the identity for identify, the reason for an error)
 * A response's sequence number repeats the command's, so the console can match them.
 */

const COMMAND_PAYLOAD_BYTES = 5;
const RESPONSE_TEXT_OFFSET = 2;
const STATUS_OK = 0;
const STATUS_ERROR = 1;

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8');

/** Which command a response answers. */
export interface ReplyTarget {
  readonly command: CommandKind;
  readonly seq: number;
}

function controlHeader(type: 'command' | 'response', seq: number): PacketHeader {
  return { type, flags: 0, sampleType: 'none', seq, deviceTimeUs: 0, channelCount: 0 };
}

/** The framed bytes the console sends for a command; `seq` is the console's own command counter. */
export function encodeBinaryCommand(command: DeviceCommand, seq: number): Uint8Array {
  const payload = new Uint8Array(COMMAND_PAYLOAD_BYTES);
  const view = new DataView(payload.buffer);
  view.setUint8(0, COMMAND_OPCODES[command.kind]);
  view.setFloat32(1, commandArgument(command), true);
  return encodeCobsFrame(encodePacket(controlHeader('command', seq), payload));
}

/** Device side: the command in a `command` packet's payload, or why it was refused. */
export function parseCommandPayload(payload: Uint8Array): CommandParseResult {
  if (payload.length !== COMMAND_PAYLOAD_BYTES) return { ok: false, reason: 'command payload must be 5 bytes' };
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const kind = keyForValue(COMMAND_OPCODES, view.getUint8(0));
  if (kind === undefined) return { ok: false, reason: `unknown opcode ${view.getUint8(0)}` };
  return commandFromWire(kind, view.getFloat32(1, true));
}

/**
 * Device side: the framed bytes of a response. `identity` and `pong` are the ok answers to
 * identify and ping; an `ok` to ping therefore decodes as `pong`.
 */
export function encodeBinaryResponse(response: DeviceResponse, inReplyTo: ReplyTarget): Uint8Array {
  const [status, text] = responseStatusAndText(response);
  const textBytes = utf8Encoder.encode(text);
  const payload = new Uint8Array(RESPONSE_TEXT_OFFSET + textBytes.length);
  payload[0] = COMMAND_OPCODES[inReplyTo.command];
  payload[1] = status;
  payload.set(textBytes, RESPONSE_TEXT_OFFSET);
  return encodeCobsFrame(encodePacket(controlHeader('response', inReplyTo.seq), payload));
}

function responseStatusAndText(response: DeviceResponse): [number, string] {
  switch (response.kind) {
    case 'ok':
    case 'pong':
      return [STATUS_OK, ''];
    case 'identity':
      return [STATUS_OK, response.id];
    case 'error':
      return [STATUS_ERROR, response.reason];
  }
}

/** The response in a `response` packet's payload and the command it answers, or undefined if malformed. */
export function parseResponsePayload(
  payload: Uint8Array,
  seq: number,
): { readonly response: DeviceResponse; readonly inReplyTo: ReplyTarget } | undefined {
  if (payload.length < RESPONSE_TEXT_OFFSET) return undefined;
  const command = keyForValue(COMMAND_OPCODES, payload[0]);
  if (command === undefined) return undefined;
  const text = utf8Decoder.decode(payload.subarray(RESPONSE_TEXT_OFFSET));
  const inReplyTo = { command, seq };
  if (payload[1] === STATUS_ERROR) return { response: { kind: 'error', reason: text }, inReplyTo };
  if (payload[1] !== STATUS_OK) return undefined;
  if (command === 'identify') return { response: { kind: 'identity', id: text }, inReplyTo };
  if (command === 'ping') return { response: { kind: 'pong' }, inReplyTo };
  return { response: { kind: 'ok' }, inReplyTo };
}
