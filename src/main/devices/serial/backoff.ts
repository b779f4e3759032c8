/** Delays for reconnect attempts: start, growth factor and ceiling. */
export interface BackoffOptions {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly factor: number;
}

/** 0.5 s, 1 s, 2 s, 4 s, then every 5 s: quick after a glitch, gentle on a port that stays away. */
export const DEFAULT_BACKOFF: BackoffOptions = { initialDelayMs: 500, maxDelayMs: 5_000, factor: 2 };

/** Exponential backoff: each next() is longer until the ceiling; reset() after a success. */
export class Backoff {
  readonly #options: BackoffOptions;
  #nextDelayMs: number;

  constructor(options: BackoffOptions = DEFAULT_BACKOFF) {
    this.#options = options;
    this.#nextDelayMs = options.initialDelayMs;
  }

  /** The delay before the next attempt; grows the one after. */
  next(): number {
    const delay = this.#nextDelayMs;
    this.#nextDelayMs = Math.min(this.#options.maxDelayMs, delay * this.#options.factor);
    return delay;
  }

  /** Starts over from the initial delay. */
  reset(): void {
    this.#nextDelayMs = this.#options.initialDelayMs;
  }
}

/** "500 ms" or "2 s", for messages a technician reads. */
export function formatDelay(ms: number): string {
  return ms < 1_000 ? `${Math.round(ms)} ms` : `${Number((ms / 1_000).toFixed(1))} s`;
}
