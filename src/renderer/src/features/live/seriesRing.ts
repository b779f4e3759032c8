import type { FrameBatch } from '../../../../shared/domain/frameBatch';

/**
 * The renderer's rolling window of one device's frames: fixed capacity, overwritten oldest-first,
 * columnar like FrameBatch. `snapshot` lays the window out oldest → newest for uPlot.
 */
export class SeriesRing {
  readonly capacity: number;
  readonly channelCount: number;
  readonly #time: Float64Array;
  readonly #seq: Float64Array;
  readonly #values: Float32Array;
  #head = 0;
  #size = 0;
  #received = 0;
  #gaps = 0;
  #lastSeq = Number.NaN;

  constructor(capacity: number, channelCount: number) {
    this.capacity = Math.max(1, Math.floor(capacity));
    this.channelCount = channelCount;
    this.#time = new Float64Array(this.capacity);
    this.#seq = new Float64Array(this.capacity);
    this.#values = new Float32Array(this.capacity * channelCount);
  }

  /** Frames received since creation (including those already overwritten). */
  get received(): number {
    return this.#received;
  }
  /** Breaks in the sequence numbers seen so far (each missing run counts once). */
  get gaps(): number {
    return this.#gaps;
  }
  get lastSeq(): number {
    return this.#lastSeq;
  }
  get size(): number {
    return this.#size;
  }

  push(batch: FrameBatch): void {
    if (batch.channelCount !== this.channelCount) {
      throw new Error(`batch has ${batch.channelCount} channels, ring expects ${this.channelCount}`);
    }
    const c = this.channelCount;
    for (let i = 0; i < batch.frameCount; i++) {
      const seq = batch.seq[i];
      if (!Number.isNaN(this.#lastSeq) && seq !== this.#lastSeq + 1) this.#gaps += 1;
      this.#lastSeq = seq;
      const slot = this.#head;
      this.#time[slot] = batch.deviceTimeS[i];
      this.#seq[slot] = seq;
      this.#values.set(batch.values.subarray(i * c, i * c + c), slot * c);
      this.#head = (this.#head + 1) % this.capacity;
      if (this.#size < this.capacity) this.#size += 1;
    }
    this.#received += batch.frameCount;
  }

  /**
   * [time, column a, column b, …] for the given columns (all by default), oldest first; NaN and
   * infinite samples become null so uPlot draws a gap instead of a spike or a broken autoscale.
   */
  snapshot(columns: readonly number[] = this.#allColumns()): [Float64Array, ...(number | null)[][]] {
    const n = this.#size;
    const start = (this.#head - n + this.capacity) % this.capacity;
    const time = new Float64Array(n);
    const out: (number | null)[][] = columns.map(() => new Array<number | null>(n));
    for (let k = 0; k < n; k++) {
      const slot = (start + k) % this.capacity;
      time[k] = this.#time[slot];
      for (let j = 0; j < columns.length; j++) {
        const v = this.#values[slot * this.channelCount + columns[j]];
        out[j][k] = Number.isFinite(v) ? v : null;
      }
    }
    return [time, ...out];
  }

  /** The newest frame's values (a copy), or undefined before any frame. */
  latest(): Float32Array | undefined {
    if (this.#size === 0) return undefined;
    const slot = (this.#head - 1 + this.capacity) % this.capacity;
    return this.#values.slice(slot * this.channelCount, (slot + 1) * this.channelCount);
  }

  #allColumns(): number[] {
    return Array.from({ length: this.channelCount }, (_, c) => c);
  }
}
