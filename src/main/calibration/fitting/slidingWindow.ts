/**
 * The last `capacity` frames of a few features (the quantities a step watches), with their
 * mean, standard deviation and least-squares slope over time. Recomputed on demand from the
 * ring: windows are a few hundred frames of a handful of features, and exact sums avoid the
 * cancellation a running Σt·x suffers over a long capture.
 */
export class SlidingWindow {
  readonly #features: number;
  readonly #capacity: number;
  readonly #values: Float64Array;
  readonly #times: Float64Array;
  #start = 0;
  #count = 0;

  constructor(features: number, capacity: number) {
    this.#features = features;
    this.#capacity = Math.max(2, capacity);
    this.#values = new Float64Array(this.#capacity * features);
    this.#times = new Float64Array(this.#capacity);
  }

  get count(): number {
    return this.#count;
  }

  get full(): boolean {
    return this.#count === this.#capacity;
  }

  /** Time span from the oldest to the newest frame, s. */
  get spanS(): number {
    if (this.#count < 2) return 0;
    return this.#times[this.#slot(this.#count - 1)] - this.#times[this.#start];
  }

  push(timeS: number, features: ArrayLike<number>): void {
    let slot: number;
    if (this.#count < this.#capacity) {
      slot = this.#slot(this.#count);
      this.#count++;
    } else {
      slot = this.#start;
      this.#start = (this.#start + 1) % this.#capacity;
    }
    this.#times[slot] = timeS;
    for (let f = 0; f < this.#features; f++) this.#values[slot * this.#features + f] = features[f];
  }

  clear(): void {
    this.#start = 0;
    this.#count = 0;
  }

  /** Mean, standard deviation (population) and slope per second of feature `f`. */
  stats(f: number): { mean: number; std: number; slopePerS: number } {
    const n = this.#count;
    if (n === 0) return { mean: Number.NaN, std: Number.NaN, slopePerS: Number.NaN };
    let meanX = 0;
    let meanT = 0;
    for (let k = 0; k < n; k++) {
      const s = this.#slot(k);
      meanX += this.#values[s * this.#features + f];
      meanT += this.#times[s];
    }
    meanX /= n;
    meanT /= n;
    let sxx = 0;
    let stt = 0;
    let stx = 0;
    for (let k = 0; k < n; k++) {
      const s = this.#slot(k);
      const dx = this.#values[s * this.#features + f] - meanX;
      const dt = this.#times[s] - meanT;
      sxx += dx * dx;
      stt += dt * dt;
      stx += dt * dx;
    }
    return { mean: meanX, std: Math.sqrt(sxx / n), slopePerS: stt > 0 ? stx / stt : 0 };
  }

  /** Frames per second over the window (from the frames' own times); NaN with fewer than two. */
  rateHz(): number {
    const span = this.spanS;
    return span > 0 ? (this.#count - 1) / span : Number.NaN;
  }

  #slot(k: number): number {
    return (this.#start + k) % this.#capacity;
  }
}
