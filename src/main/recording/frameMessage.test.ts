import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { allocateFrameBatch } from '../../shared/domain/frameBatch';
import { decodeFrame, encodeFrame, frameSchemaDescriptor } from './frameMessage';
import { ProtobufWriter } from './protobufWire';

describe('frame messages', () => {
  test('round-trip any frame bit for bit', () => {
    fc.assert(
      fc.property(
        fc.double(),
        fc.double(),
        fc.double(),
        fc.array(fc.float({ noDefaultInfinity: false }), { minLength: 0, maxLength: 70 }),
        (seq, deviceTimeS, hostTimeMs, values) => {
          const batch = allocateFrameBatch('d', values.length, 1);
          batch.seq[0] = seq;
          batch.deviceTimeS[0] = deviceTimeS;
          batch.hostTimeMs[0] = hostTimeMs;
          batch.values.set(values);
          const frame = decodeFrame(encodeFrame(batch, 0));
          expect([frame.seq, frame.deviceTimeS, frame.hostTimeMs]).toEqual([seq, deviceTimeS, hostTimeMs]);
          expect(new Uint32Array(frame.values.buffer)).toEqual(new Uint32Array(batch.values.buffer));
        },
      ),
    );
  });

  test('accept unpacked floats and skip unknown fields, as protobuf readers must', () => {
    const bytes = new ProtobufWriter().double(1, 7).varint(9, 42).string(10, 'ignored').finish();
    const withFloats = new Uint8Array([...bytes, 0x25, 0, 0, 0x80, 0x3f, 0x25, 0, 0, 0, 0x40]); // field 4, fixed32: 1.0, 2.0
    expect(decodeFrame(withFloats)).toEqual({ seq: 7, deviceTimeS: 0, hostTimeMs: 0, values: Float32Array.from([1, 2]) });
  });

  test('the schema is a FileDescriptorSet that Google protobuf loads and decodes frames with', () => {
    const batch = allocateFrameBatch('d', 3, 1);
    batch.seq[0] = 12;
    batch.deviceTimeS[0] = 0.5;
    batch.hostTimeMs[0] = 1_750_000_000_000.25;
    batch.values.set([1.5, -2, Number.NaN]);
    const script = `
import sys, json, base64, math
from google.protobuf import descriptor_pb2, message_factory
fds = descriptor_pb2.FileDescriptorSet.FromString(base64.b64decode(sys.argv[1]))
cls = message_factory.GetMessages(fds.file)['sensor_console.Frame']
m = cls.FromString(base64.b64decode(sys.argv[2]))
print(json.dumps([m.seq, m.device_time_s, m.host_time_ms, [None if math.isnan(v) else v for v in m.values]]))
`;
    const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
    const out = execFileSync('/usr/bin/python3', ['-c', script, b64(frameSchemaDescriptor()), b64(encodeFrame(batch, 0))], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual([12, 0.5, 1_750_000_000_000.25, [1.5, -2, null]]);
  });
});
