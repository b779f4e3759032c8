/**
 * Consistent Overhead Byte Stuffing (Cheshire & Baker, 1999): rewrites a packet so that it
 * contains no 0x00 byte, which then marks frame boundaries on the wire. Overhead is at most one
 * byte per 254 bytes, plus one.
 */

/** The frame delimiter. */
export const COBS_DELIMITER = 0x00;

/** The longest encoding of a packet of `packetBytes` bytes. */
export function cobsMaxEncodedLength(packetBytes: number): number {
  return packetBytes + Math.ceil(packetBytes / 254) + 1;
}

/** Encodes a packet; the result contains no 0x00. */
export function cobsEncode(packet: Uint8Array): Uint8Array {
  const out = new Uint8Array(cobsMaxEncodedLength(packet.length));
  let codeIndex = 0;
  let code = 1;
  let o = 1;
  for (let i = 0; i < packet.length; i++) {
    const byte = packet[i];
    if (byte !== 0) {
      out[o++] = byte;
      code++;
    }
    // A zero ends a block; so does a full block of 254 non-zero bytes (code 0xFF, no implied zero).
    if (byte === 0 || code === 0xff) {
      out[codeIndex] = code;
      code = 1;
      codeIndex = o;
      // A full block at the very end needs no empty block after it (the canonical encoding).
      if (byte === 0 || i < packet.length - 1) o++;
    }
  }
  if (codeIndex < o) out[codeIndex] = code;
  return out.subarray(0, o);
}

/** Decodes one encoded packet (without delimiters), or undefined if it is not valid COBS. */
export function cobsDecode(encoded: Uint8Array): Uint8Array | undefined {
  if (encoded.length === 0 || encoded.includes(COBS_DELIMITER)) return undefined;
  const out = new Uint8Array(encoded.length);
  let i = 0;
  let o = 0;
  while (i < encoded.length) {
    const code = encoded[i++];
    const end = i + code - 1;
    if (end > encoded.length) return undefined;
    out.set(encoded.subarray(i, end), o);
    o += end - i;
    i = end;
    if (code !== 0xff && i < encoded.length) out[o++] = 0;
  }
  return out.subarray(0, o);
}

/**
 * A packet as sent on the wire: 0x00, COBS bytes, 0x00. The leading delimiter costs one byte and
 * means line noise before a frame ends up in a record of its own instead of corrupting the frame.
 */
export function encodeCobsFrame(packet: Uint8Array): Uint8Array {
  const encoded = cobsEncode(packet);
  const frame = new Uint8Array(encoded.length + 2);
  frame.set(encoded, 1);
  return frame;
}
