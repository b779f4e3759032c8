import type { MutableDecoderStats } from './decoderStats';

const WRAP = 2 ** 32;
const HALF_WRAP = 2 ** 31;

/**
 * Turns a device's wrapping u32 sequence counter into a number that only grows, and counts the
 * frames a forward jump skipped. It starts at the device's own value, so it matches the device's
 * counter until the first wrap. A step backwards (or a repeat) is taken as a device restart: the
 * extended number then advances by one so downstream ordering holds, and the restart is counted.
 */
export class SequenceExtender {
  readonly #stats: MutableDecoderStats;
  #lastRaw: number | undefined;
  #last = -1;

  constructor(stats: MutableDecoderStats) {
    this.#stats = stats;
  }

  /** The extended sequence number for a frame that carried `raw` (an unsigned 32-bit value). */
  next(raw: number): number {
    const previous = this.#lastRaw;
    this.#lastRaw = raw;
    if (previous === undefined) return (this.#last = Math.max(raw, this.#last + 1));
    // Modular distance, so a wrap from 0xFFFFFFFF to 0 is a step of one.
    const step = (raw - previous + WRAP) % WRAP;
    if (step === 0 || step >= HALF_WRAP) {
      this.#stats.seqResets++;
      return (this.#last = this.#last + 1);
    }
    this.#stats.droppedFrames += step - 1;
    return (this.#last = this.#last + step);
  }

  /** The next number for a frame that carried no sequence number (arrival order). */
  nextArrival(): number {
    this.#lastRaw = undefined;
    return (this.#last = this.#last + 1);
  }
}
