/**
 * The unit of data on the hot path: a columnar batch of frames from one device source.
 *
 * Columnar so that nothing on the path from serial bytes to plots, recorder and inference
 * allocates an object per sample. Frame i's channel c value is `values[i * channelCount + c]`.
 * A missing or unparseable sample is NaN, never dropped, so that column positions stay stable.
 */
export interface FrameBatch {
  /** The device source this batch came from (the console's id, not the device's own). */
  readonly deviceId: string;
  readonly channelCount: number;
  readonly frameCount: number;
  /**
   * Sequence number of each frame: the device's own counter where the protocol carries one
   * (extended past its wrap so it only grows), else assigned by the source in arrival order.
   */
  readonly seq: Float64Array;
  /** Device time of each frame in seconds; from the device's clock where it has one, else host time. */
  readonly deviceTimeS: Float64Array;
  /** Host receive time of each frame in milliseconds since the Unix epoch. */
  readonly hostTimeMs: Float64Array;
  /** frameCount × channelCount values, row-major. */
  readonly values: Float32Array;
}

/** Creates an empty batch with room for `frameCount` frames; the caller fills the columns. */
export function allocateFrameBatch(deviceId: string, channelCount: number, frameCount: number): FrameBatch {
  return {
    deviceId,
    channelCount,
    frameCount,
    seq: new Float64Array(frameCount),
    deviceTimeS: new Float64Array(frameCount),
    hostTimeMs: new Float64Array(frameCount),
    values: new Float32Array(frameCount * channelCount),
  };
}

/**
 * Accumulates frames one at a time (as a decoder produces them) into growable columns and hands
 * them out as FrameBatches. Amortised O(1) per frame; no per-frame allocation.
 */
export class FrameBatchBuilder {
  readonly #deviceId: string;
  readonly #channelCount: number;
  #capacity: number;
  #count = 0;
  #seq: Float64Array;
  #deviceTimeS: Float64Array;
  #hostTimeMs: Float64Array;
  #values: Float32Array;

  constructor(deviceId: string, channelCount: number, initialCapacity = 64) {
    this.#deviceId = deviceId;
    this.#channelCount = channelCount;
    this.#capacity = Math.max(1, initialCapacity);
    this.#seq = new Float64Array(this.#capacity);
    this.#deviceTimeS = new Float64Array(this.#capacity);
    this.#hostTimeMs = new Float64Array(this.#capacity);
    this.#values = new Float32Array(this.#capacity * channelCount);
  }

  get frameCount(): number {
    return this.#count;
  }

  get channelCount(): number {
    return this.#channelCount;
  }

  /** Appends one frame. `values` shorter than the channel count is padded with NaN; extra values are ignored. */
  push(seq: number, deviceTimeS: number, hostTimeMs: number, values: ArrayLike<number>): void {
    if (this.#count === this.#capacity) this.#grow();
    const i = this.#count++;
    this.#seq[i] = seq;
    this.#deviceTimeS[i] = deviceTimeS;
    this.#hostTimeMs[i] = hostTimeMs;
    const base = i * this.#channelCount;
    for (let c = 0; c < this.#channelCount; c++) {
      this.#values[base + c] = c < values.length ? values[c] : Number.NaN;
    }
  }

  /** Returns the accumulated frames as a batch (copied to exact size) and empties the builder. */
  take(): FrameBatch {
    const n = this.#count;
    const batch: FrameBatch = {
      deviceId: this.#deviceId,
      channelCount: this.#channelCount,
      frameCount: n,
      seq: this.#seq.slice(0, n),
      deviceTimeS: this.#deviceTimeS.slice(0, n),
      hostTimeMs: this.#hostTimeMs.slice(0, n),
      values: this.#values.slice(0, n * this.#channelCount),
    };
    this.#count = 0;
    return batch;
  }

  #grow(): void {
    const capacity = this.#capacity * 2;
    const grow64 = (a: Float64Array): Float64Array => {
      const b = new Float64Array(capacity);
      b.set(a);
      return b;
    };
    this.#seq = grow64(this.#seq);
    this.#deviceTimeS = grow64(this.#deviceTimeS);
    this.#hostTimeMs = grow64(this.#hostTimeMs);
    const values = new Float32Array(capacity * this.#channelCount);
    values.set(this.#values);
    this.#values = values;
    this.#capacity = capacity;
  }
}

/** Concatenates batches of one device with the same channel count (used when coalescing for the UI). */
export function concatFrameBatches(batches: readonly FrameBatch[]): FrameBatch {
  if (batches.length === 0) throw new Error('concatFrameBatches needs at least one batch');
  if (batches.length === 1) return batches[0];
  const { deviceId, channelCount } = batches[0];
  let frames = 0;
  for (const b of batches) {
    if (b.channelCount !== channelCount) {
      throw new Error(`cannot concatenate batches with ${b.channelCount} and ${channelCount} channels`);
    }
    frames += b.frameCount;
  }
  const out = allocateFrameBatch(deviceId, channelCount, frames);
  let offset = 0;
  for (const b of batches) {
    out.seq.set(b.seq, offset);
    out.deviceTimeS.set(b.deviceTimeS, offset);
    out.hostTimeMs.set(b.hostTimeMs, offset);
    out.values.set(b.values, offset * channelCount);
    offset += b.frameCount;
  }
  return out;
}

/** Frames `start` (inclusive) to `end` (exclusive) of a batch, as views on its columns (no copy). */
export function sliceFrameBatch(batch: FrameBatch, start: number, end = batch.frameCount): FrameBatch {
  const from = Math.max(0, Math.min(start, batch.frameCount));
  const to = Math.max(from, Math.min(end, batch.frameCount));
  return {
    deviceId: batch.deviceId,
    channelCount: batch.channelCount,
    frameCount: to - from,
    seq: batch.seq.subarray(from, to),
    deviceTimeS: batch.deviceTimeS.subarray(from, to),
    hostTimeMs: batch.hostTimeMs.subarray(from, to),
    values: batch.values.subarray(from * batch.channelCount, to * batch.channelCount),
  };
}
