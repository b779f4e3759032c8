import type { BinaryCodec } from '../ipc/contractTypes';

/** Raw bytes on a device's link, as the terminal view shows them. */
export interface TrafficChunk {
  readonly direction: 'rx' | 'tx';
  readonly hostTimeMs: number;
  readonly bytes: Uint8Array;
}

const HEADER = 1 + 8 + 4;

/** Chunks laid end to end: u8 direction (0 rx, 1 tx), f64 host time, u32 length, bytes. */
export const trafficCodec: BinaryCodec<TrafficChunk[]> = {
  encode(chunks) {
    const out = new Uint8Array(chunks.reduce((n, c) => n + HEADER + c.bytes.length, 0));
    const view = new DataView(out.buffer);
    let at = 0;
    for (const c of chunks) {
      view.setUint8(at, c.direction === 'rx' ? 0 : 1);
      view.setFloat64(at + 1, c.hostTimeMs, true);
      view.setUint32(at + 9, c.bytes.length, true);
      out.set(c.bytes, at + HEADER);
      at += HEADER + c.bytes.length;
    }
    return out;
  },
  decode(bytes) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const chunks: TrafficChunk[] = [];
    let at = 0;
    while (at < bytes.length) {
      if (at + HEADER > bytes.length) throw new Error('traffic record truncated');
      const length = view.getUint32(at + 9, true);
      if (at + HEADER + length > bytes.length) throw new Error('traffic record truncated');
      chunks.push({ direction: view.getUint8(at) === 0 ? 'rx' : 'tx', hostTimeMs: view.getFloat64(at + 1, true), bytes: bytes.slice(at + HEADER, at + HEADER + length) });
      at += HEADER + length;
    }
    return chunks;
  },
  merge: (lists) => lists.flat(),
  // Bounded by bytes, so a flood of traffic cannot grow the UI queue.
  size: (chunks) => chunks.reduce((n, c) => n + c.bytes.length, 0),
};
