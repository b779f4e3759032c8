import type { FrameBatch } from '../../shared/domain/frameBatch';
import type { WindowPlan } from './windowPlan';

/** One model input window, channel-major: channel c's samples are `data[c * length … (c + 1) * length)`. */
export interface Window {
  readonly data: Float32Array;
  readonly channels: number;
  readonly length: number;
  /** Device time of each sample (for per-sample outputs such as step events). */
  readonly sampleTimesS: Float64Array;
  readonly endSeq: number;
  readonly endDeviceTimeS: number;
  readonly endHostTimeMs: number;
}

/**
 * Cuts windows of `length` samples every `hop` frames from a device's batches. A break in the
 * sequence numbers (dropped frames, a reconnect) restarts the window, so no window ever spans a
 * gap that would look like a jump in the signal; restarts are counted.
 */
export class Windower {
  readonly #plan: WindowPlan;
  readonly #channels: number;
  /**
   * The last `length` frames' selected columns, channel-major, each channel's ring stored twice
   * (slot s at s and s + length): the window is then one contiguous run per channel, copied
   * without wrapping indices.
   */
  readonly #ring: Float32Array;
  readonly #times: Float64Array;
  /** The slot written next, which is also the oldest sample of a full ring. */
  #head = 0;
  #filled = 0;
  #sinceLast = 0;
  /** Whether a window was emitted since the last (re)start: the first comes as soon as the ring is full. */
  #emitted = false;
  #lastSeq = Number.NaN;
  #restarts = 0;

  constructor(plan: WindowPlan) {
    this.#plan = plan;
    this.#channels = plan.columns.length;
    const mirrored = plan.samplesPerChannel === undefined ? 2 * plan.length : 0;
    this.#ring = new Float32Array(mirrored * this.#channels);
    this.#times = new Float64Array(mirrored);
  }

  /** Windows dropped from the start because of sequence gaps. */
  get restarts(): number {
    return this.#restarts;
  }

  push(batch: FrameBatch): Window[] {
    return this.#plan.samplesPerChannel === undefined ? this.#pushStream(batch) : this.#pushWaveforms(batch, this.#plan.samplesPerChannel);
  }

  #pushStream(batch: FrameBatch): Window[] {
    const { length, hop, columns } = this.#plan;
    const out: Window[] = [];
    for (let f = 0; f < batch.frameCount; f++) {
      const seq = batch.seq[f];
      if (!Number.isNaN(this.#lastSeq) && seq !== this.#lastSeq + 1) {
        if (this.#filled > 0) this.#restarts += 1;
        this.#filled = 0;
        this.#sinceLast = 0;
        this.#emitted = false;
      }
      this.#lastSeq = seq;
      const slot = this.#head;
      const row = f * batch.channelCount;
      for (let c = 0; c < this.#channels; c++) {
        const v = batch.values[row + columns[c]];
        const at = 2 * length * c + slot;
        this.#ring[at] = v;
        this.#ring[at + length] = v;
      }
      this.#times[slot] = this.#times[slot + length] = batch.deviceTimeS[f];
      this.#head = (this.#head + 1) % length;
      if (this.#filled < length) this.#filled += 1;
      this.#sinceLast += 1;
      if (this.#filled === length && (!this.#emitted || this.#sinceLast >= hop)) {
        this.#sinceLast = 0;
        this.#emitted = true;
        out.push(this.#emit(seq, batch.deviceTimeS[f], batch.hostTimeMs[f]));
      }
    }
    return out;
  }

  /** The ring as a channel-major window, oldest sample first. */
  #emit(endSeq: number, endDeviceTimeS: number, endHostTimeMs: number): Window {
    const { length } = this.#plan;
    const oldest = this.#head;
    const data = new Float32Array(this.#channels * length);
    const ring = this.#ring;
    for (let c = 0, to = 0; c < this.#channels; c++) {
      for (let from = 2 * length * c + oldest, end = from + length; from < end; from++) data[to++] = ring[from];
    }
    const sampleTimesS = this.#times.slice(oldest, oldest + length);
    return { data, channels: this.#channels, length, sampleTimesS, endSeq, endDeviceTimeS, endHostTimeMs };
  }

  #pushWaveforms(batch: FrameBatch, samples: number): Window[] {
    const out: Window[] = [];
    for (let f = 0; f < batch.frameCount; f++) {
      const data = new Float32Array(this.#channels * samples);
      const base = f * batch.channelCount;
      this.#plan.columns.forEach((channel, c) => data.set(batch.values.subarray(base + channel * samples, base + (channel + 1) * samples), c * samples));
      const t = batch.deviceTimeS[f];
      out.push({
        data,
        channels: this.#channels,
        length: samples,
        sampleTimesS: new Float64Array(samples).fill(t),
        endSeq: batch.seq[f],
        endDeviceTimeS: t,
        endHostTimeMs: batch.hostTimeMs[f],
      });
    }
    return out;
  }
}
