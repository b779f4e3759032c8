/** Percentiles over the most recent samples (a fixed-size ring, so memory stays flat on long runs). */
export class LatencyStats {
  readonly #ring: Float64Array;
  #count = 0;
  #head = 0;

  constructor(capacity = 2048) {
    this.#ring = new Float64Array(capacity);
  }

  add(ms: number): void {
    this.#ring[this.#head] = ms;
    this.#head = (this.#head + 1) % this.#ring.length;
    this.#count = Math.min(this.#count + 1, this.#ring.length);
  }

  /** p in [0, 100]; NaN before any sample. Nearest-rank on the retained samples. */
  percentile(p: number): number {
    if (this.#count === 0) return Number.NaN;
    const sorted = Array.from(this.#ring.subarray(0, this.#count)).sort((a, b) => a - b);
    const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
    return sorted[rank];
  }

  get count(): number {
    return this.#count;
  }
}
