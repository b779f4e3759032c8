import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeBinaryCommand, encodeBinaryResponse } from './binaryCommandDialect';
import { encodeDataFrame } from './binaryFrameCodec';
import { CRC_BYTES, HEADER_BYTES } from './binaryPacket';
import { cobsDecode } from './cobs';
import { decodeChunks } from './codecTestSupport';
import { TextLineDecoder } from './textLineDecoder';

/** docs/protocol.md, from the repository root (where vitest runs). */
const doc = readFileSync(new URL('../../../../docs/protocol.md', import.meta.url), 'utf8');

/** The fenced block after `<!-- example:name -->`. */
function example(name: string): string {
  const match = new RegExp(`<!-- example:${name} -->\\s*\`\`\`text\\n([\\s\\S]*?)\`\`\``).exec(doc);
  if (match === null) throw new Error(`docs/protocol.md has no example '${name}'`);
  return match[1];
}

const hexOf = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex').replace(/(..)(?!$)/g, '$1 ');
const docHex = (name: string): string => example(name).trim().split(/\s+/).join(' ');

describe('docs/protocol.md', () => {
  const frame = encodeDataFrame({ seq: 42, deviceTimeUs: 1_234_567, sampleType: 'f32', values: [1.0, -2.5, 21.75] });
  const packet = cobsDecode(frame.subarray(1, -1)) ?? new Uint8Array(0);

  it('shows the worked example exactly as the encoder writes it', () => {
    expect(docHex('header')).toBe(hexOf(packet.subarray(0, HEADER_BYTES)));
    expect(docHex('payload')).toBe(hexOf(packet.subarray(HEADER_BYTES, -CRC_BYTES)));
    expect(docHex('crc')).toBe(hexOf(packet.subarray(-CRC_BYTES)));
    expect(docHex('frame')).toBe(hexOf(frame));
  });

  it('shows the binary command and response examples as encoded', () => {
    expect(docHex('command')).toBe(hexOf(encodeBinaryCommand({ kind: 'setRate', hz: 100 }, 7)));
    expect(docHex('response')).toBe(hexOf(encodeBinaryResponse({ kind: 'ok' }, { command: 'setRate', seq: 7 })));
  });

  it('describes the text examples as the decoder reads them', () => {
    const plotter = new TextLineDecoder({ deviceId: 'doc' });
    const printed = decodeChunks(plotter, [new TextEncoder().encode(example('text-output'))]);
    expect(plotter.channels).toEqual(['ax', 'ay', 'az']);
    expect(printed.rows).toHaveLength(3);
    expect(printed.messages).toHaveLength(1);
    expect(plotter.stats.parseErrors).toBe(0);

    const labelled = new TextLineDecoder({ deviceId: 'doc' });
    const { rows } = decodeChunks(labelled, [new TextEncoder().encode(example('text-labelled'))]);
    expect(labelled.channels).toEqual(['temp', 'hum', 'pressure']);
    expect(rows.map((r) => Number.isNaN(r.values[2]))).toEqual([true, false]);
  });
});
