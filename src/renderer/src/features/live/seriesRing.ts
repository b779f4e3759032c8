import type { FrameBatch } from '../../../../shared/domain/frameBatch';
import type { XAxisSource } from '../../../../shared/ipc/domains/layouts';

/** One frame read back from the ring: its x value (on the chosen axis), sequence number and time stamps. */
export interface RingSample {
  /** Index in oldest → newest order. */
  readonly index: number;
  readonly x: number;
  readonly seq: number;
  readonly deviceTimeS: number;
  readonly hostTimeMs: number;
}

/**
 * The renderer's rolling window of one device's frames: fixed capacity, overwritten oldest-first,
 * columnar like FrameBatch. Frames are addressed in logical order (0 = oldest); x values on either
 * axis (device seconds, or host time as Unix seconds) are assumed not to decrease, so ranges are
 * found by binary search. Used on the main thread and, as a mirror, in the decimation worker.
 */
export class SeriesRing {
  readonly capacity: number;
  readonly channelCount: number;
  readonly #time: Float64Array;
  readonly #hostMs: Float64Array;
  readonly #seq: Float64Array;
  readonly #values: Float32Array;
  #head = 0;
  #size = 0;
  #received = 0;
  #gaps = 0;
  #lastSeq = Number.NaN;
  #firstSeq = Number.NaN;

  constructor(capacity: number, channelCount: number) {
    this.capacity = Math.max(1, Math.floor(capacity));
    this.channelCount = channelCount;
    this.#time = new Float64Array(this.capacity);
    this.#hostMs = new Float64Array(this.capacity);
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
  /** The first sequence number this ring received (NaN before any): with `received` and `gaps` it proves none went missing. */
  get firstSeq(): number {
    return this.#firstSeq;
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
      if (Number.isNaN(this.#firstSeq)) this.#firstSeq = seq;
      if (!Number.isNaN(this.#lastSeq) && seq !== this.#lastSeq + 1) this.#gaps += 1;
      this.#lastSeq = seq;
      const slot = this.#head;
      this.#time[slot] = batch.deviceTimeS[i];
      this.#hostMs[slot] = batch.hostTimeMs[i];
      this.#seq[slot] = seq;
      this.#values.set(batch.values.subarray(i * c, i * c + c), slot * c);
      this.#head = (this.#head + 1) % this.capacity;
      if (this.#size < this.capacity) this.#size += 1;
    }
    this.#received += batch.frameCount;
  }

  /** An independent copy (the view freezes one while paused; acquisition keeps filling the original). */
  clone(): SeriesRing {
    const copy = new SeriesRing(this.capacity, this.channelCount);
    copy.#time.set(this.#time);
    copy.#hostMs.set(this.#hostMs);
    copy.#seq.set(this.#seq);
    copy.#values.set(this.#values);
    copy.#head = this.#head;
    copy.#size = this.#size;
    copy.#received = this.#received;
    copy.#gaps = this.#gaps;
    copy.#lastSeq = this.#lastSeq;
    copy.#firstSeq = this.#firstSeq;
    return copy;
  }

  /** x of frame `k` (logical order) on the given axis. */
  x(k: number, source: XAxisSource): number {
    const slot = this.#slot(k);
    return source === 'device' ? this.#time[slot] : this.#hostMs[slot] / 1000;
  }

  /** Channel `column` of frame `k` (logical order), as stored (NaN for a missing sample). */
  value(k: number, column: number): number {
    return this.#values[this.#slot(k) * this.channelCount + column];
  }

  sample(k: number, source: XAxisSource): RingSample {
    const slot = this.#slot(k);
    return { index: k, x: this.x(k, source), seq: this.#seq[slot], deviceTimeS: this.#time[slot], hostTimeMs: this.#hostMs[slot] };
  }

  /** The newest x on the axis, or NaN when empty. */
  lastX(source: XAxisSource): number {
    return this.#size === 0 ? Number.NaN : this.x(this.#size - 1, source);
  }

  /** First logical index whose x is ≥ `value` (size when none). */
  lowerBound(source: XAxisSource, value: number): number {
    let lo = 0;
    let hi = this.#size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.x(mid, source) < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Logical index range [start, end) of the frames with xMin ≤ x ≤ xMax. */
  indexRange(source: XAxisSource, xMin: number, xMax: number): [number, number] {
    const start = this.lowerBound(source, xMin);
    let end = start;
    let hi = this.#size;
    // Upper bound: first index with x > xMax.
    while (end < hi) {
      const mid = (end + hi) >>> 1;
      if (this.x(mid, source) <= xMax) end = mid + 1;
      else hi = mid;
    }
    return [start, end];
  }

  /** The frame whose x is nearest `value`, or undefined when empty. */
  nearest(source: XAxisSource, value: number): RingSample | undefined {
    if (this.#size === 0) return undefined;
    const k = this.lowerBound(source, value);
    if (k === 0) return this.sample(0, source);
    if (k === this.#size) return this.sample(k - 1, source);
    const before = value - this.x(k - 1, source);
    const after = this.x(k, source) - value;
    return this.sample(after < before ? k : k - 1, source);
  }

  /**
   * [x, column a, column b, …] for the given columns (all by default), oldest first, over logical
   * indices [start, end); NaN and infinite samples become null so uPlot draws a gap instead of a
   * spike or a broken autoscale.
   */
  snapshot(columns: readonly number[] = this.#allColumns(), source: XAxisSource = 'device', start = 0, end = this.#size): [Float64Array, ...(number | null)[][]] {
    const n = Math.max(0, end - start);
    const time = new Float64Array(n);
    const out: (number | null)[][] = columns.map(() => new Array<number | null>(n));
    for (let k = 0; k < n; k++) {
      const slot = this.#slot(start + k);
      time[k] = source === 'device' ? this.#time[slot] : this.#hostMs[slot] / 1000;
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
    const slot = this.#slot(this.#size - 1);
    return this.#values.slice(slot * this.channelCount, (slot + 1) * this.channelCount);
  }

  #slot(k: number): number {
    return (this.#head - this.#size + k + this.capacity) % this.capacity;
  }

  #allColumns(): number[] {
    return Array.from({ length: this.channelCount }, (_, c) => c);
  }
}
