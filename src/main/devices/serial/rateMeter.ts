/**
 * Bytes per second over a sliding window, from fixed buckets: no allocation per sample, so it
 * can sit on the data path of a port moving megabytes per second.
 */
export class RateMeter {
  readonly #bucketMs: number;
  readonly #buckets: Float64Array;
  /** Index (time / bucketMs) of the newest bucket; -1 before the first sample. */
  #newest = -1;

  constructor(windowMs = 1_000, bucketCount = 10) {
    this.#bucketMs = windowMs / bucketCount;
    this.#buckets = new Float64Array(bucketCount);
  }

  /** Counts `amount` at time `nowMs`. */
  add(amount: number, nowMs: number): void {
    const index = this.#advance(nowMs);
    this.#buckets[index % this.#buckets.length] += amount;
  }

  /** Rate per second over the window ending at `nowMs`. */
  perSecond(nowMs: number): number {
    this.#advance(nowMs);
    let sum = 0;
    for (const value of this.#buckets) sum += value;
    return (sum * 1000) / (this.#bucketMs * this.#buckets.length);
  }

  /** Moves the window to `nowMs`, clearing buckets that fell out of it; returns the current index. */
  #advance(nowMs: number): number {
    const index = Math.floor(nowMs / this.#bucketMs);
    if (this.#newest < 0 || index - this.#newest >= this.#buckets.length) {
      this.#buckets.fill(0);
    } else {
      for (let i = this.#newest + 1; i <= index; i++) this.#buckets[i % this.#buckets.length] = 0;
    }
    // A clock step backwards keeps counting into the newest bucket rather than corrupting old ones.
    this.#newest = Math.max(this.#newest, index);
    return this.#newest;
  }
}
