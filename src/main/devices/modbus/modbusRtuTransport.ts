import { EventEmitter } from 'node:events';
import type { IByteLink } from '../links/IByteLink';

const EXCEPTION_RESPONSE_LENGTH = 5;
const EXCEPTION_FLAG = 0x80;

interface PendingRequest {
  readonly unitId: number;
  readonly functionCode: number;
  readonly responseLength: number | undefined;
}

/**
 * Length of the normal response to an RTU request (unit, function, data, CRC), or undefined
 * for a function whose response length cannot be known in advance.
 */
export function expectedResponseLength(request: Uint8Array): number | undefined {
  const view = new DataView(request.buffer, request.byteOffset, request.byteLength);
  if (request.byteLength < 6) return undefined;
  const quantity = view.getUint16(4);
  switch (request[1]) {
    case 1:
    case 2:
      return 5 + Math.ceil(quantity / 8);
    case 3:
    case 4:
      return 5 + 2 * quantity;
    case 5:
    case 6:
    case 15:
    case 16:
      return 8;
    default:
      return undefined;
  }
}

/**
 * Lets modbus-serial's RTU client run over a byte link (a serial port or a simulated device), so Modbus gets the same
 * reconnect, no-stale-writes and byte counters as every other serial device.
 *
 * modbus-serial expects each 'data' event to be one whole response, while a serial port
 * delivers bytes in arbitrary chunks: responses are reassembled here from the length the
 * request implies (RTU has no length field). Bytes left over from an earlier, timed-out
 * request are dropped when the next request goes out. CRC and content checks stay with
 * modbus-serial, which reports them per request.
 *
 * The connection's life is the owner's business: open()/close() only satisfy the client.
 */
export class ModbusRtuTransport extends EventEmitter {
  readonly #connection: IByteLink;
  readonly #unsubscribe: () => void;
  #buffer = new Uint8Array(0);
  /** The request awaiting its response; undefined once answered, so late bytes are dropped. */
  #pending: PendingRequest | undefined;

  constructor(connection: IByteLink) {
    super();
    this.#connection = connection;
    this.#unsubscribe = connection.on('data', (chunk) => this.#onData(chunk));
  }

  /** Read by modbus-serial before every request. */
  get isOpen(): boolean {
    return this.#connection.isWritable;
  }

  open(callback: (error: Error | null) => void): void {
    callback(null);
  }

  close(callback?: (error: Error | null) => void): void {
    callback?.(null);
  }

  /** Stops listening to the connection. */
  dispose(): void {
    this.#unsubscribe();
    this.removeAllListeners();
  }

  /** Called by modbus-serial with a complete request; a failed write surfaces as its timeout. */
  write(request: Buffer): void {
    this.#buffer = new Uint8Array(0);
    this.#pending = { unitId: request[0], functionCode: request[1], responseLength: expectedResponseLength(request) };
    this.#connection.write(request).catch(() => undefined);
  }

  #onData(chunk: Uint8Array): void {
    const pending = this.#pending;
    if (pending === undefined) return;
    if (pending.responseLength === undefined) {
      this.emit('data', Buffer.from(chunk));
      return;
    }
    const joined = new Uint8Array(this.#buffer.byteLength + chunk.byteLength);
    joined.set(this.#buffer);
    joined.set(chunk, this.#buffer.byteLength);
    this.#buffer = joined;
    const response = this.#takeResponse(pending);
    if (response !== undefined) this.emit('data', Buffer.from(response));
  }

  /** The first whole response (normal or exception) to the pending request, skipping noise before it. */
  #takeResponse(pending: PendingRequest): Uint8Array | undefined {
    const buffer = this.#buffer;
    for (let start = 0; start + 1 < buffer.byteLength; start++) {
      if (buffer[start] !== pending.unitId) continue;
      const code = buffer[start + 1];
      const length =
        code === pending.functionCode
          ? pending.responseLength
          : code === (pending.functionCode | EXCEPTION_FLAG)
            ? EXCEPTION_RESPONSE_LENGTH
            : undefined;
      if (length === undefined) continue;
      if (start + length > buffer.byteLength) return undefined;
      this.#buffer = new Uint8Array(0);
      this.#pending = undefined;
      return buffer.subarray(start, start + length);
    }
    return undefined;
  }
}
