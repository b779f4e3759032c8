/**
 * The few pieces of the protobuf wire format the recorder needs (varints, 64-bit doubles,
 * length-delimited fields, packed floats), so frames and their schema can be written in the
 * encoding Foxglove and Lichtblick read natively without a protobuf library.
 * See https://protobuf.dev/programming-guides/encoding/.
 */

/** Wire types used here. */
export const WireType = { varint: 0, fixed64: 1, lengthDelimited: 2, fixed32: 5 } as const;
type WireTypeValue = (typeof WireType)[keyof typeof WireType];

/** Appends protobuf fields to a growable byte buffer. */
export class ProtobufWriter {
  #bytes: Uint8Array;
  #view: DataView;
  #length = 0;

  constructor(initialCapacity = 256) {
    this.#bytes = new Uint8Array(initialCapacity);
    this.#view = new DataView(this.#bytes.buffer);
  }

  /** The bytes written so far (a copy, so the writer can be reused). */
  finish(): Uint8Array {
    return this.#bytes.slice(0, this.#length);
  }

  varint(field: number, value: number): this {
    this.#tag(field, WireType.varint);
    this.#varint(value);
    return this;
  }

  double(field: number, value: number): this {
    this.#tag(field, WireType.fixed64);
    this.#reserve(8);
    this.#view.setFloat64(this.#length, value, true);
    this.#length += 8;
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  bytes(field: number, value: Uint8Array): this {
    this.#tag(field, WireType.lengthDelimited);
    this.#varint(value.byteLength);
    this.#reserve(value.byteLength);
    this.#bytes.set(value, this.#length);
    this.#length += value.byteLength;
    return this;
  }

  /**
   * A packed `repeated float`: the Float32Array's bytes are copied as they are, so values
   * (NaN payloads included) survive bit for bit. Protobuf is little-endian, like every host the
   * console runs on (x86-64, arm64).
   */
  packedFloats(field: number, values: Float32Array): this {
    return this.bytes(field, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  }

  #tag(field: number, wireType: WireTypeValue): void {
    this.#varint(field * 8 + wireType);
  }

  #varint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`varint out of range: ${value}`);
    this.#reserve(10);
    let v = value;
    while (v > 0x7f) {
      this.#bytes[this.#length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.#bytes[this.#length++] = v;
  }

  #reserve(extra: number): void {
    if (this.#length + extra <= this.#bytes.byteLength) return;
    const bytes = new Uint8Array(Math.max(this.#bytes.byteLength * 2, this.#length + extra));
    bytes.set(this.#bytes.subarray(0, this.#length));
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer);
  }
}

/** One field as read from the wire. */
export type ProtobufField =
  | { readonly field: number; readonly wireType: typeof WireType.varint; readonly value: number }
  | { readonly field: number; readonly wireType: typeof WireType.fixed64; readonly offset: number }
  | { readonly field: number; readonly wireType: typeof WireType.lengthDelimited; readonly bytes: Uint8Array }
  | { readonly field: number; readonly wireType: typeof WireType.fixed32; readonly offset: number };

/**
 * Walks the fields of one message. Throws on truncated or malformed input (callers decode files
 * that were written by the recorder and check framing first; a throw there means corruption).
 */
export function* readProtobufFields(bytes: Uint8Array): Generator<ProtobufField> {
  let pos = 0;
  const readVarint = (): number => {
    let result = 0;
    let scale = 1;
    for (;;) {
      if (pos >= bytes.byteLength) throw new RangeError('truncated varint');
      const b = bytes[pos++];
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 0x80;
      if (scale > 2 ** 63) throw new RangeError('varint too long');
    }
  };
  const need = (n: number): void => {
    if (pos + n > bytes.byteLength) throw new RangeError('truncated field');
  };
  while (pos < bytes.byteLength) {
    const key = readVarint();
    const field = Math.floor(key / 8);
    const wireType = key % 8;
    switch (wireType) {
      case WireType.varint:
        yield { field, wireType, value: readVarint() };
        break;
      case WireType.fixed64:
        need(8);
        yield { field, wireType, offset: pos };
        pos += 8;
        break;
      case WireType.lengthDelimited: {
        const length = readVarint();
        need(length);
        yield { field, wireType, bytes: bytes.subarray(pos, pos + length) };
        pos += length;
        break;
      }
      case WireType.fixed32:
        need(4);
        yield { field, wireType, offset: pos };
        pos += 4;
        break;
      default:
        throw new RangeError(`unsupported wire type ${wireType} for field ${field}`);
    }
  }
}
