import { describe, expect, it } from 'vitest';
import { trafficCodec } from './traffic';

describe('trafficCodec', () => {
  it('round-trips chunks in order and refuses truncated bytes', () => {
    const chunks = [
      { direction: 'tx' as const, hostTimeMs: 1.5, bytes: new TextEncoder().encode('ID?\n') },
      { direction: 'rx' as const, hostTimeMs: 2.25, bytes: Uint8Array.of(0, 255, 10) },
    ];
    const encoded = trafficCodec.encode(chunks);
    expect(trafficCodec.decode(encoded)).toEqual(chunks);
    expect(() => trafficCodec.decode(encoded.subarray(0, encoded.length - 1))).toThrow(/truncated/);
    expect(trafficCodec.size(chunks)).toBe(7);
  });
});
