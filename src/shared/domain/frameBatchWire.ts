import { concatFrameBatches, type FrameBatch } from './frameBatch';
import type { BinaryCodec } from '../ipc/contractTypes';

/**
 * Byte layout of a FrameBatch on the wire (little-endian), shared by the Electron MessagePort
 * and the browser host's binary WebSocket frames:
 *
 *   u32 magic 'SCFB' · u16 version · u16 deviceId byte length · u32 channelCount · u32 frameCount
 *   deviceId (UTF-8), zero-padded to a multiple of 8
 *   f64[frameCount] seq · f64[frameCount] deviceTimeS · f64[frameCount] hostTimeMs
 *   f32[frameCount × channelCount] values
 *
 * Columns start on 8-byte boundaries so a decoder can view them without copying when the
 * buffer itself is aligned.
 */
const MAGIC = 0x42464353; // 'SCFB' read as little-endian u32
const VERSION = 1;
const HEADER_BYTES = 16;

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

function padTo8(n: number): number {
  return (n + 7) & ~7;
}

export function encodeFrameBatch(batch: FrameBatch): Uint8Array {
  const id = utf8Encoder.encode(batch.deviceId);
  const idBytes = padTo8(id.length);
  const n = batch.frameCount;
  const total = HEADER_BYTES + idBytes + n * 8 * 3 + padTo8(n * batch.channelCount * 4);
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint16(4, VERSION, true);
  view.setUint16(6, id.length, true);
  view.setUint32(8, batch.channelCount, true);
  view.setUint32(12, n, true);
  bytes.set(id, HEADER_BYTES);
  let offset = HEADER_BYTES + idBytes;
  for (const column of [batch.seq, batch.deviceTimeS, batch.hostTimeMs]) {
    new Float64Array(bytes.buffer, offset, n).set(column.subarray(0, n));
    offset += n * 8;
  }
  new Float32Array(bytes.buffer, offset, n * batch.channelCount).set(batch.values.subarray(0, n * batch.channelCount));
  return bytes;
}

export function decodeFrameBatch(input: Uint8Array): FrameBatch {
  // Typed-array views need aligned offsets; copy once if the transport handed us an unaligned slice.
  const bytes = input.byteOffset % 8 === 0 ? input : input.slice();
  if (bytes.byteLength < HEADER_BYTES) throw new Error(`frame batch too short: ${bytes.byteLength} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw new Error('not a frame batch (bad magic)');
  const version = view.getUint16(4, true);
  if (version !== VERSION) throw new Error(`unsupported frame batch version ${version}`);
  const idLength = view.getUint16(6, true);
  const channelCount = view.getUint32(8, true);
  const frameCount = view.getUint32(12, true);
  const idBytes = padTo8(idLength);
  const expected = HEADER_BYTES + idBytes + frameCount * 24 + frameCount * channelCount * 4;
  if (bytes.byteLength < expected) {
    throw new Error(`frame batch truncated: ${bytes.byteLength} bytes, header promises ${expected}`);
  }
  const deviceId = utf8Decoder.decode(bytes.subarray(HEADER_BYTES, HEADER_BYTES + idLength));
  let offset = bytes.byteOffset + HEADER_BYTES + idBytes;
  const column = (): Float64Array => {
    const c = new Float64Array(bytes.buffer, offset, frameCount);
    offset += frameCount * 8;
    return c;
  };
  const seq = column();
  const deviceTimeS = column();
  const hostTimeMs = column();
  const values = new Float32Array(bytes.buffer, offset, frameCount * channelCount);
  return { deviceId, channelCount, frameCount, seq, deviceTimeS, hostTimeMs, values };
}

/** The contract codec for every stream that carries FrameBatches. */
export const frameBatchCodec: BinaryCodec<FrameBatch> = {
  encode: encodeFrameBatch,
  decode: decodeFrameBatch,
  merge: concatFrameBatches,
  size: (batch) => batch.frameCount,
};
