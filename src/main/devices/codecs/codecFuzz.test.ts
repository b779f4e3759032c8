import { describe, expect, it } from 'vitest';
import { encodeBinaryCommand, encodeBinaryResponse } from './binaryCommandDialect';
import { BinaryFrameDecoder, encodeDataFrame, encodeEventFrame } from './binaryFrameCodec';
import { CRC_BYTES, HEADER_BYTES } from './binaryPacket';
import { cobsMaxEncodedLength } from './cobs';
import { concatBytes, seededRandom } from './codecTestSupport';
import { DEFAULT_MAX_CHANNELS } from './decoderOptions';
import { DeviceCommandReader } from './deviceCommandReader';
import type { IFrameDecoder } from './IFrameDecoder';
import { JsonLineDecoder } from './jsonLineDecoder';
import { sniffProtocol } from './sniffProtocol';
import { encodeTextCommand } from './textCommandDialect';
import { TextLineDecoder } from './textLineDecoder';

const random = seededRandom(20240611);
const int = (n: number): number => Math.floor(random() * n);
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

function randomBytes(length: number): Uint8Array {
  return Uint8Array.from({ length }, () => int(256));
}

/** Flips bits, inserts and deletes bytes here and there, as a noisy line would. */
function mutate(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (const byte of bytes) {
    const r = random();
    if (r < 0.001) continue;
    if (r < 0.002) out.push(int(256));
    out.push(r < 0.004 ? byte ^ (1 << int(8)) : byte);
  }
  return Uint8Array.from(out);
}

function validText(lines: number): Uint8Array {
  return text(
    Array.from({ length: lines }, (_, i) =>
      i % 50 === 0 ? 'ax,ay,az\n' : i % 3 === 0 ? `a:${random()} b:${-random()}\r\n` : `${random() * 100},${int(1000)}\t${random()}\n`,
    ).join(''),
  );
}

function validJson(lines: number): Uint8Array {
  return text(Array.from({ length: lines }, (_, i) => `{"t":${i},"seq":${i},"ch":{"x":${random()},"y":${int(9)}}}\n[${random()},1]\n`).join(''));
}

function validBinary(frames: number): Uint8Array {
  return concatBytes(
    Array.from({ length: frames }, (_, i) => {
      if (i % 20 === 0) return encodeEventFrame('info', 'tick');
      if (i % 20 === 1) return encodeBinaryResponse({ kind: 'pong' }, { command: 'ping', seq: i });
      const channels = 1 + int(i % 7 === 0 ? 1024 : 16);
      return encodeDataFrame({ seq: i, deviceTimeUs: i * 1000, sampleType: 'f32', values: Array.from({ length: channels }, random) });
    }),
  );
}

/** ≥ 1 MB: half noise, half damaged valid streams of every dialect, in pieces. */
function fuzzInput(): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  while (total < 1_100_000) {
    const part = [randomBytes(1 + int(20_000)), mutate(validText(200)), mutate(validJson(100)), mutate(validBinary(40))][int(4)];
    parts.push(part);
    total += part.length;
  }
  return concatBytes(parts);
}

const input = fuzzInput();

function* chunks(bytes: Uint8Array): Generator<Uint8Array> {
  for (let start = 0; start < bytes.length; ) {
    const size = 1 + int(random() < 0.1 ? 8 : 4096);
    yield bytes.subarray(start, start + size);
    start += size;
  }
}

const DECODERS: readonly [string, () => IFrameDecoder, number][] = [
  ['text', () => new TextLineDecoder({ deviceId: 'fuzz' }), 8192],
  ['json', () => new JsonLineDecoder({ deviceId: 'fuzz' }), 16384],
  ['binary', () => new BinaryFrameDecoder({ deviceId: 'fuzz' }), cobsMaxEncodedLength(HEADER_BYTES + 4096 * 4 + CRC_BYTES)],
];

describe('fuzzing every decoder with over a megabyte of noise and damaged streams', () => {
  it.each(DECODERS)('%s: never throws, stays bounded, counts errors and still decodes', (_, makeDecoder, maxPending) => {
    expect(input.length).toBeGreaterThanOrEqual(1_000_000);
    const decoder = makeDecoder();
    let frames = 0;
    for (const chunk of chunks(input)) {
      const result = decoder.decode(chunk, 0);
      expect(decoder.pendingBytes).toBeLessThanOrEqual(maxPending);
      expect(result.frames.channelCount).toBe(decoder.channels.length);
      expect(result.frames.values.length).toBe(result.frames.frameCount * result.frames.channelCount);
      expect(result.messages.length).toBeLessThanOrEqual(chunk.length);
      frames += result.frames.frameCount;
    }
    const { stats } = decoder;
    expect(decoder.channels.length).toBeLessThanOrEqual(decoder.protocol === 'binary' ? 4096 : DEFAULT_MAX_CHANNELS);
    expect(stats.bytesIn).toBe(input.length);
    expect(stats.framesOk).toBe(frames);
    expect(frames).toBeGreaterThan(100);
    expect(stats.parseErrors + stats.crcErrors + stats.oversize).toBeGreaterThan(100);
    expect(stats.discardedBytes).toBeLessThanOrEqual(input.length);
  });

  it.each(['text', 'binary'] as const)('%s command reader: never throws and still reads commands', (dialect) => {
    const reader = new DeviceCommandReader(dialect);
    const encode = dialect === 'text' ? encodeTextCommand : (c: Parameters<typeof encodeTextCommand>[0]) => encodeBinaryCommand(c, 1);
    const commands = concatBytes(Array.from({ length: 200 }, () => encode({ kind: 'setRate', hz: 1 + int(1000) })));
    let ok = 0;
    for (const chunk of chunks(concatBytes([input.subarray(0, 300_000), mutate(commands), input.subarray(300_000)]))) {
      ok += reader.push(chunk).filter((r) => r.ok).length;
    }
    expect(ok).toBeGreaterThan(150);
  });

  it('sniffing never throws on noise', () => {
    for (let start = 0; start + 4096 <= input.length; start += 65_536) {
      const result = sniffProtocol(input.subarray(start, start + 4096));
      expect(['text', 'json', 'binary', 'unknown']).toContain(result.protocol);
    }
  });
});
