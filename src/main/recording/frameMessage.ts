import type { FrameBatch } from '../../shared/domain/frameBatch';
import { ProtobufWriter, WireType, readProtobufFields } from './protobufWire';

/**
 * One recorded frame as a protobuf message (`sensor_console.Frame`), one MCAP message per frame so
 * that log time (host receive time) and publish time (device time) are per frame, time-range
 * reads are exact, and Foxglove/Lichtblick plot `/devices/<id>/raw.values[3]` directly.
 *
 * ```proto
 * syntax = "proto3";
 * package sensor_console;
 * message Frame {
 *   double seq = 1;            // FrameBatch.seq
 *   double device_time_s = 2;  // FrameBatch.deviceTimeS
 *   double host_time_ms = 3;   // FrameBatch.hostTimeMs (ms since the Unix epoch)
 *   repeated float values = 4; // one frame's row of FrameBatch.values (packed)
 * }
 * ```
 * The times are repeated in the payload because MCAP's nanosecond integers cannot carry every
 * double exactly (and device time may be negative); the payload is the record of truth.
 */
export const FRAME_SCHEMA_NAME = 'sensor_console.Frame';

/** One decoded frame. */
export interface RecordedFrame {
  readonly seq: number;
  readonly deviceTimeS: number;
  readonly hostTimeMs: number;
  readonly values: Float32Array;
}

const FIELD = { seq: 1, deviceTimeS: 2, hostTimeMs: 3, values: 4 } as const;

/** Encodes frame `index` of `batch`. */
export function encodeFrame(batch: FrameBatch, index: number): Uint8Array {
  const n = batch.channelCount;
  return new ProtobufWriter(40 + n * 4)
    .double(FIELD.seq, batch.seq[index])
    .double(FIELD.deviceTimeS, batch.deviceTimeS[index])
    .double(FIELD.hostTimeMs, batch.hostTimeMs[index])
    .packedFloats(FIELD.values, batch.values.subarray(index * n, (index + 1) * n))
    .finish();
}

/** Decodes a frame message; unknown fields are skipped, absent scalars are 0 (proto3 defaults). */
export function decodeFrame(bytes: Uint8Array): RecordedFrame {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let seq = 0;
  let deviceTimeS = 0;
  let hostTimeMs = 0;
  let packed: Uint8Array | undefined;
  const unpacked: number[] = [];
  for (const f of readProtobufFields(bytes)) {
    if (f.wireType === WireType.fixed64) {
      const value = view.getFloat64(f.offset, true);
      if (f.field === FIELD.seq) seq = value;
      else if (f.field === FIELD.deviceTimeS) deviceTimeS = value;
      else if (f.field === FIELD.hostTimeMs) hostTimeMs = value;
    } else if (f.field === FIELD.values && f.wireType === WireType.lengthDelimited) {
      packed = f.bytes;
    } else if (f.field === FIELD.values && f.wireType === WireType.fixed32) {
      // Parsers must accept unpacked repeated scalars too (another writer may emit them).
      unpacked.push(view.getFloat32(f.offset, true));
    }
  }
  // Copy into an aligned buffer: the field may start at any byte offset.
  const values = packed ? new Float32Array(packed.slice().buffer) : Float32Array.from(unpacked);
  return { seq, deviceTimeS, hostTimeMs, values };
}

/** The `FileDescriptorSet` MCAP stores as the schema of protobuf channels. */
export function frameSchemaDescriptor(): Uint8Array {
  // google/protobuf/descriptor.proto: FieldDescriptorProto.Label / .Type values.
  const LABEL_OPTIONAL = 1;
  const LABEL_REPEATED = 3;
  const TYPE_DOUBLE = 1;
  const TYPE_FLOAT = 2;
  const field = (name: string, jsonName: string, number: number, label: number, type: number): Uint8Array =>
    new ProtobufWriter().string(1, name).varint(3, number).varint(4, label).varint(5, type).string(10, jsonName).finish();
  const message = new ProtobufWriter()
    .string(1, 'Frame')
    .bytes(2, field('seq', 'seq', FIELD.seq, LABEL_OPTIONAL, TYPE_DOUBLE))
    .bytes(2, field('device_time_s', 'deviceTimeS', FIELD.deviceTimeS, LABEL_OPTIONAL, TYPE_DOUBLE))
    .bytes(2, field('host_time_ms', 'hostTimeMs', FIELD.hostTimeMs, LABEL_OPTIONAL, TYPE_DOUBLE))
    .bytes(2, field('values', 'values', FIELD.values, LABEL_REPEATED, TYPE_FLOAT))
    .finish();
  const file = new ProtobufWriter()
    .string(1, 'sensor_console/frame.proto')
    .string(2, 'sensor_console')
    .bytes(4, message)
    .string(12, 'proto3')
    .finish();
  return new ProtobufWriter().bytes(1, file).finish();
}
