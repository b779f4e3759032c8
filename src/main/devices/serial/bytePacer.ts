import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Bytes per second a UART really moves at `baudRate`: each character costs a start bit, the
 * data bits, an optional parity bit and the stop bits (10 bits for 8N1).
 */
export function wireBytesPerSecond(baudRate: number, bitsPerCharacter = 10): number {
  return baudRate / bitsPerCharacter;
}

/**
 * Paces a feeder to the byte rate it claims. A pty ignores the baud rate (9600 baud moves
 * megabytes per second), so simulators and tests must hold themselves to the wire rate or
 * they test nothing about timing. The budget runs from the first reservation, so sleeps that
 * overshoot are caught up rather than accumulated.
 */
export class BytePacer {
  readonly #bytesPerSecond: number;
  readonly #now: () => number;
  #startMs: number | undefined;
  #reservedBytes = 0;

  /** `now` is injectable for tests; milliseconds, monotonic. */
  constructor(bytesPerSecond: number, now: () => number = () => performance.now()) {
    if (!(bytesPerSecond > 0)) throw new RangeError(`Byte rate must be positive, got ${bytesPerSecond}`);
    this.#bytesPerSecond = bytesPerSecond;
    this.#now = now;
  }

  /** Milliseconds to wait before `bytes` more may be sent; reserves them. */
  reserve(bytes: number): number {
    const now = this.#now();
    this.#startMs ??= now;
    const dueMs = this.#startMs + (this.#reservedBytes / this.#bytesPerSecond) * 1000;
    this.#reservedBytes += bytes;
    return Math.max(0, dueMs - now);
  }

  /** Resolves when `bytes` more may be sent at the claimed rate. */
  async wait(bytes: number, signal?: AbortSignal): Promise<void> {
    const delayMs = this.reserve(bytes);
    if (delayMs > 0) await sleep(delayMs, undefined, { signal });
  }
}
