import { crc32 } from 'node:zlib';
import { keyForValue } from './keyForValue';

/**
 * The binary packet inside each COBS frame (all integers little-endian):
 *
 * | offset | size | field                                                    |
 * |-------:|-----:|----------------------------------------------------------|
 * | 0      | 1    | protocol version (1)                                     |
 * | 1      | 1    | message type (MESSAGE_TYPES)                             |
 * | 2      | 1    | flags (FLAG_DEVICE_TIME; other bits 0)                   |
 * | 3      | 1    | sample type (SAMPLE_TYPES; 0 for non-data messages)      |
 * | 4      | 4    | sequence number, u32, wraps                              |
 * | 8      | 8    | device time in µs, u64                                   |
 * | 16     | 2    | channel count, u16 (0 for non-data messages)             |
 * | 18     | n    | payload                                                  |
 * | 18+n   | 4    | CRC-32/IEEE of bytes 0 … 17+n                            |
 *
 * docs/protocol.md is the firmware author's description of the same layout.
 */

export const PROTOCOL_VERSION = 1;
export const HEADER_BYTES = 18;
export const CRC_BYTES = 4;

/** Message type codes. Wire format: never renumber. */
export const MESSAGE_TYPES = { data: 1, command: 2, response: 3, event: 4 } as const;
export type MessageType = keyof typeof MESSAGE_TYPES;

/** Sample type codes. Wire format: never renumber. */
export const SAMPLE_TYPES = { none: 0, f32: 1, i16: 2, u16: 3, i32: 4 } as const;
export type SampleType = keyof typeof SAMPLE_TYPES;

/** Bytes per sample of each sample type. */
export const SAMPLE_BYTES: Readonly<Record<SampleType, number>> = { none: 0, f32: 4, i16: 2, u16: 2, i32: 4 };

/** Flag bit: the device-time field holds the device's clock (else the console uses host time). */
export const FLAG_DEVICE_TIME = 0x01;

/** The decoded header fields. */
export interface PacketHeader {
  readonly type: MessageType;
  readonly flags: number;
  readonly sampleType: SampleType;
  readonly seq: number;
  readonly deviceTimeUs: number;
  readonly channelCount: number;
}

/** Why a packet was refused. */
export type PacketError = 'tooShort' | 'crc' | 'version' | 'messageType' | 'sampleType';

export type PacketParseResult =
  | { readonly ok: true; readonly header: PacketHeader; readonly payload: Uint8Array }
  | { readonly ok: false; readonly error: PacketError };

/** Header + payload + CRC, ready for COBS framing. */
export function encodePacket(header: PacketHeader, payload: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(HEADER_BYTES + payload.length + CRC_BYTES);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, PROTOCOL_VERSION);
  view.setUint8(1, MESSAGE_TYPES[header.type]);
  view.setUint8(2, header.flags);
  view.setUint8(3, SAMPLE_TYPES[header.sampleType]);
  view.setUint32(4, header.seq >>> 0, true);
  view.setBigUint64(8, BigInt(Math.trunc(header.deviceTimeUs)), true);
  view.setUint16(16, header.channelCount, true);
  bytes.set(payload, HEADER_BYTES);
  const crcAt = HEADER_BYTES + payload.length;
  view.setUint32(crcAt, crc32(bytes.subarray(0, crcAt)), true);
  return bytes;
}

/** Checks and splits a decoded packet. The CRC is checked first, so corruption reads as 'crc'. */
export function parsePacket(bytes: Uint8Array): PacketParseResult {
  if (bytes.length < HEADER_BYTES + CRC_BYTES) return { ok: false, error: 'tooShort' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const crcAt = bytes.length - CRC_BYTES;
  if (crc32(bytes.subarray(0, crcAt)) !== view.getUint32(crcAt, true)) return { ok: false, error: 'crc' };
  if (view.getUint8(0) !== PROTOCOL_VERSION) return { ok: false, error: 'version' };
  const type = keyForValue(MESSAGE_TYPES, view.getUint8(1));
  if (type === undefined) return { ok: false, error: 'messageType' };
  const sampleType = keyForValue(SAMPLE_TYPES, view.getUint8(3));
  if (sampleType === undefined) return { ok: false, error: 'sampleType' };
  const header: PacketHeader = {
    type,
    flags: view.getUint8(2),
    sampleType,
    seq: view.getUint32(4, true),
    deviceTimeUs: Number(view.getBigUint64(8, true)),
    channelCount: view.getUint16(16, true),
  };
  return { ok: true, header, payload: bytes.subarray(HEADER_BYTES, crcAt) };
}
