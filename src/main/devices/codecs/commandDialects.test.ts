import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeBinaryCommand, encodeBinaryResponse } from './binaryCommandDialect';
import { BinaryFrameDecoder } from './binaryFrameCodec';
import { concatBytes, cutsArbitrary, decodeChunks, splitAt } from './codecTestSupport';
import type { CommandKind, DeviceCommand, DeviceResponse } from './commands';
import { DeviceCommandReader, type ReceivedCommand } from './deviceCommandReader';
import { encodeTextCommand, encodeTextResponse, parseTextCommand } from './textCommandDialect';
import { TextLineDecoder } from './textLineDecoder';

const commandArbitrary: fc.Arbitrary<DeviceCommand> = fc.oneof(
  fc.constantFrom<DeviceCommand>({ kind: 'identify' }, { kind: 'start' }, { kind: 'stop' }, { kind: 'ping' }),
  fc.float({ min: Math.fround(0.001), max: 1e6, noNaN: true }).map((hz): DeviceCommand => ({ kind: 'setRate', hz })),
  // −0 is printed as 0 in the text dialect; an actuator cannot tell them apart anyway.
  fc.float({ noNaN: true, noDefaultInfinity: true }).map((v): DeviceCommand => ({ kind: 'actuate', value: v === 0 ? 0 : v })),
);

const textArbitrary = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ,=._-]{0,40}[A-Za-z0-9]$/);

const responseArbitrary: fc.Arbitrary<DeviceResponse> = fc.oneof(
  fc.constantFrom<DeviceResponse>({ kind: 'ok' }, { kind: 'pong' }),
  textArbitrary.map((id): DeviceResponse => ({ kind: 'identity', id })),
  textArbitrary.map((reason): DeviceResponse => ({ kind: 'error', reason })),
);

/** The command a binary response must name so that it decodes to the same response. */
function answeredCommand(response: DeviceResponse, other: CommandKind): CommandKind {
  if (response.kind === 'identity') return 'identify';
  if (response.kind === 'pong') return 'ping';
  return other === 'identify' || other === 'ping' ? 'start' : other;
}

function readAll(reader: DeviceCommandReader, chunks: readonly Uint8Array[]): ReceivedCommand[] {
  return chunks.flatMap((chunk) => reader.push(chunk));
}

describe('command round trips', () => {
  it('text: the device reads back every command the console encodes', () => {
    fc.assert(
      fc.property(fc.array(commandArbitrary, { minLength: 1, maxLength: 8 }), cutsArbitrary(200), (commands, cuts) => {
        const stream = concatBytes(commands.map(encodeTextCommand));
        const received = readAll(new DeviceCommandReader('text'), splitAt(stream, cuts));
        expect(received).toEqual(commands.map((command) => ({ ok: true, command, seq: 0 })));
      }),
    );
  });

  it('binary: the device reads back every command with its sequence number', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(commandArbitrary, fc.nat({ max: 0xffffffff })), { minLength: 1, maxLength: 8 }), cutsArbitrary(400), (sent, cuts) => {
        const stream = concatBytes(sent.map(([command, seq]) => encodeBinaryCommand(command, seq)));
        const received = readAll(new DeviceCommandReader('binary'), splitAt(stream, cuts));
        expect(received).toEqual(sent.map(([command, seq]) => ({ ok: true, command, seq })));
      }),
    );
  });

  it('text: the console reads back every response a device encodes', () => {
    fc.assert(
      fc.property(fc.array(responseArbitrary, { minLength: 1, maxLength: 8 }), (responses) => {
        const { messages } = decodeChunks(new TextLineDecoder({ deviceId: 'dev' }), [concatBytes(responses.map(encodeTextResponse))]);
        expect(messages).toEqual(responses.map((response) => ({ kind: 'response', response, hostTimeMs: 1000 })));
      }),
    );
  });

  it('binary: the console reads back every response and the command it answers', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(responseArbitrary, fc.constantFrom<CommandKind>('identify', 'start', 'stop', 'setRate', 'ping', 'actuate'), fc.nat({ max: 0xffffffff })), {
          minLength: 1,
          maxLength: 8,
        }),
        (sent) => {
          const replies = sent.map(([response, other, seq]) => ({ response, inReplyTo: { command: answeredCommand(response, other), seq } }));
          const stream = concatBytes(replies.map((r) => encodeBinaryResponse(r.response, r.inReplyTo)));
          const { messages } = decodeChunks(new BinaryFrameDecoder({ deviceId: 'dev' }), [stream]);
          expect(messages).toEqual(replies.map((r) => ({ kind: 'response', ...r, hostTimeMs: 1000 })));
        },
      ),
    );
  });
});

describe('text commands on the device side', () => {
  it.each([
    ['ID?', { ok: true, command: { kind: 'identify' } }],
    ['  id? ', { ok: true, command: { kind: 'identify' } }],
    ['RATE 100', { ok: true, command: { kind: 'setRate', hz: 100 } }],
    ['rate\t2.5e2', { ok: true, command: { kind: 'setRate', hz: 250 } }],
    ['ACT -0.25', { ok: true, command: { kind: 'actuate', value: -0.25 } }],
    ['RATE', { ok: false, reason: 'RATE needs one number' }],
    ['RATE fast', { ok: false, reason: 'rate must be a positive number of Hz' }],
    ['RATE -5', { ok: false, reason: 'rate must be a positive number of Hz' }],
    ['ACT nan', { ok: false, reason: 'actuator value must be a finite number' }],
    ['START now', { ok: false, reason: 'START takes no argument' }],
    ['RATE 1 2', { ok: false, reason: 'RATE needs one number' }],
    ['JUMP', { ok: false, reason: "unknown command 'JUMP'" }],
  ])('%j', (line, expected) => {
    expect(parseTextCommand(line)).toEqual(expected);
  });
});

describe('DeviceCommandReader', () => {
  it('reports line noise and resumes with the next command', () => {
    const reader = new DeviceCommandReader('binary');
    const received = reader.push(concatBytes([Uint8Array.from([0x31, 0x32]), encodeBinaryCommand({ kind: 'ping' }, 3)]));
    expect(received).toEqual([
      { ok: false, reason: 'corrupt frame (cobs)', seq: 0 },
      { ok: true, command: { kind: 'ping' }, seq: 3 },
    ]);
  });

  it('refuses a response sent to the device', () => {
    const received = new DeviceCommandReader('binary').push(encodeBinaryResponse({ kind: 'ok' }, { command: 'start', seq: 1 }));
    expect(received).toEqual([{ ok: false, reason: 'not a command (response)', seq: 1 }]);
  });

  it('drops an overlong text line instead of buffering it', () => {
    const reader = new DeviceCommandReader('text');
    expect(reader.push(new TextEncoder().encode(`${'A'.repeat(1000)}\nSTOP\n`))).toEqual([{ ok: true, command: { kind: 'stop' }, seq: 0 }]);
  });
});
