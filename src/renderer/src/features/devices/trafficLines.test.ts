import { describe, expect, it } from 'vitest';
import { toTrafficLines } from './trafficLines';

describe('toTrafficLines', () => {
  const chunks = [
    { direction: 'tx' as const, hostTimeMs: 1, bytes: new TextEncoder().encode('ID?\n') },
    { direction: 'rx' as const, hostTimeMs: 2, bytes: Uint8Array.of(0x61, 0x3a, 0x31, 0x0d, 0x0a, 0x00, 0x62) },
  ];

  it('splits text at line ends and escapes control bytes', () => {
    expect(toTrafficLines(chunks, 'text').map((l) => `${l.direction} ${l.text}`)).toEqual(['tx ID?', 'rx a:1', 'rx \\x00b']);
  });

  it('dumps 16 bytes per hex line', () => {
    const big = [{ direction: 'rx' as const, hostTimeMs: 0, bytes: new Uint8Array(20).fill(255) }];
    const lines = toTrafficLines(big, 'hex');
    expect(lines).toHaveLength(2);
    expect(lines[1].text).toBe('ff ff ff ff');
  });
});
