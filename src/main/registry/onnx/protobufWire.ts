/**
 * The protobuf wire format (https://protobuf.dev/programming-guides/encoding/), as much as the
 * registry needs to look inside an ONNX file without a protobuf library: a bounds-checked field
 * reader (the tests' writer is `testing/onnxBuilder.ts`).
 */

/** One field as it sits on the wire: varints as bigint, length-delimited payloads as bytes. */
export type WireField =
  | { readonly field: number; readonly wire: 'varint'; readonly value: bigint }
  | { readonly field: number; readonly wire: 'bytes'; readonly value: Uint8Array }
  | { readonly field: number; readonly wire: 'fixed'; readonly value: Uint8Array };

/** A message the reader could not walk; the message says where. */
export class ProtobufFormatError extends Error {
  override readonly name = 'ProtobufFormatError';
}

/** Reads the top-level fields of one message; never reads outside `bytes`. */
export function* readFields(bytes: Uint8Array): Generator<WireField> {
  let at = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (at >= bytes.length) throw new ProtobufFormatError('a varint runs past the end of the message');
      const byte = bytes[at++];
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
    }
    throw new ProtobufFormatError('a varint is longer than 10 bytes');
  };
  const take = (length: number): Uint8Array => {
    if (length < 0 || at + length > bytes.length) throw new ProtobufFormatError('a field runs past the end of the message');
    const value = bytes.subarray(at, at + length);
    at += length;
    return value;
  };
  while (at < bytes.length) {
    const key = varint();
    const field = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (field === 0) throw new ProtobufFormatError('field number 0 is invalid');
    switch (wireType) {
      case 0:
        yield { field, wire: 'varint', value: varint() };
        break;
      case 1:
        yield { field, wire: 'fixed', value: take(8) };
        break;
      case 2: {
        const length = varint();
        if (length > BigInt(bytes.length)) throw new ProtobufFormatError('a field is longer than the message');
        yield { field, wire: 'bytes', value: take(Number(length)) };
        break;
      }
      case 5:
        yield { field, wire: 'fixed', value: take(4) };
        break;
      default:
        throw new ProtobufFormatError(`wire type ${wireType} is not supported`);
    }
  }
}
