import { Prng } from '../simulators/prng';

/**
 * Wire-level faults a simulated device can suffer, applied to the bytes it sends: what a flaky
 * cable, a noisy line or a buggy firmware does to a real link. Values are counted down as bytes
 * or frames pass, so each injection affects exactly the amount asked for.
 */
export class ByteFaults {
  readonly #prng: Prng;
  #corruptFrames = 0;
  #garbageBytes = 0;
  #dropBytes = 0;

  constructor(seed: number) {
    this.#prng = new Prng(seed);
  }

  /** Flips one bit inside each of the next `count` frames (a CRC error for binary, a bad line for text). */
  corruptFrames(count: number): void {
    this.#corruptFrames += count;
  }

  /** Sends `bytes` random bytes before the next frame. */
  injectGarbage(bytes: number): void {
    this.#garbageBytes += bytes;
  }

  /** Loses the next `bytes` bytes of output. */
  dropBytes(bytes: number): void {
    this.#dropBytes += bytes;
  }

  clear(): void {
    this.#corruptFrames = 0;
    this.#garbageBytes = 0;
    this.#dropBytes = 0;
  }

  /** The bytes of one frame as they reach the wire. */
  apply(frame: Uint8Array): Uint8Array {
    let out = frame;
    if (this.#corruptFrames > 0 && out.length > 2) {
      this.#corruptFrames -= 1;
      out = out.slice();
      // Not the first or last byte: those are delimiters, and flipping them tests framing, not CRC.
      const at = 1 + this.#prng.int(out.length - 2);
      out[at] ^= 1 << this.#prng.int(8);
    }
    if (this.#garbageBytes > 0) {
      const garbage = new Uint8Array(this.#garbageBytes);
      for (let i = 0; i < garbage.length; i++) garbage[i] = this.#prng.int(256);
      this.#garbageBytes = 0;
      const joined = new Uint8Array(garbage.length + out.length);
      joined.set(garbage);
      joined.set(out, garbage.length);
      out = joined;
    }
    if (this.#dropBytes > 0) {
      const dropped = Math.min(this.#dropBytes, out.length);
      this.#dropBytes -= dropped;
      out = out.subarray(dropped);
    }
    return out;
  }
}
