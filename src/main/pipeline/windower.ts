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
  /**
   * Set by a Windower on windows of one uninterrupted stretch of a stream: windows with the same
   * token whose ends are fewer than `length` samples apart share samples. Absent: shares nothing.
   */
  readonly run?: object;
}

/** Windows whose arrays share one allocation (see WindowStorage). */
const WINDOWS_PER_BLOCK = 64;

/**
 * Hands out each window's arrays as views into blocks of WINDOWS_PER_BLOCK windows: one allocation
 * per block instead of two per window keeps the garbage collector's share of the live path small
 * when hundreds of windows queue up. A block lives as long as any of its windows.
 */
class WindowStorage {
  readonly #valuesPerWindow: number;
  readonly #timesPerWindow: number;
  #values = new Float32Array(0);
  #times = new Float64Array(0);
  #used = WINDOWS_PER_BLOCK;

  constructor(valuesPerWindow: number, timesPerWindow: number) {
    this.#valuesPerWindow = valuesPerWindow;
    this.#timesPerWindow = timesPerWindow;
  }

  next(): { data: Float32Array; sampleTimesS: Float64Array } {
    if (this.#used === WINDOWS_PER_BLOCK) {
      this.#values = new Float32Array(this.#valuesPerWindow * WINDOWS_PER_BLOCK);
      this.#times = new Float64Array(this.#timesPerWindow * WINDOWS_PER_BLOCK);
      this.#used = 0;
    }
    const k = this.#used++;
    return {
      data: this.#values.subarray(k * this.#valuesPerWindow, (k + 1) * this.#valuesPerWindow),
      sampleTimesS: this.#times.subarray(k * this.#timesPerWindow, (k + 1) * this.#timesPerWindow),
    };
  }
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
  readonly #storage: WindowStorage;
  /** The slot written next, which is also the oldest sample of a full ring. */
  #head = 0;
  #filled = 0;
  #sinceLast = 0;
  /** Whether a window was emitted since the last (re)start: the first comes as soon as the ring is full. */
  #emitted = false;
  /** The current uninterrupted stretch of the stream; replaced at every restart. */
  #run: object = {};
  #lastSeq = Number.NaN;
  #restarts = 0;

  constructor(plan: WindowPlan) {
    this.#plan = plan;
    this.#channels = plan.columns.length;
    const mirrored = plan.samplesPerChannel === undefined ? 2 * plan.length : 0;
    this.#ring = new Float32Array(mirrored * this.#channels);
    this.#times = new Float64Array(mirrored);
    const samples = plan.samplesPerChannel ?? plan.length;
    this.#storage = new WindowStorage(this.#channels * samples, samples);
  }

  /** Windows dropped from the start because of sequence gaps. */
  get restarts(): number {
    return this.#restarts;
  }

  /** Frames held towards the next first window (after a start or a gap) and how many it needs; waveform frames are whole windows. */
  get fill(): { held: number; needed: number } {
    return this.#plan.samplesPerChannel === undefined ? { held: this.#filled, needed: this.#plan.length } : { held: 0, needed: 1 };
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
        this.#run = {};
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
    const { data, sampleTimesS } = this.#storage.next();
    const ring = this.#ring;
    for (let c = 0, to = 0; c < this.#channels; c++) {
      for (let from = 2 * length * c + oldest, end = from + length; from < end; from++) data[to++] = ring[from];
    }
    sampleTimesS.set(this.#times.subarray(oldest, oldest + length));
    return { data, channels: this.#channels, length, sampleTimesS, endSeq, endDeviceTimeS, endHostTimeMs, run: this.#run };
  }

  #pushWaveforms(batch: FrameBatch, samples: number): Window[] {
    const out: Window[] = [];
    for (let f = 0; f < batch.frameCount; f++) {
      const { data, sampleTimesS } = this.#storage.next();
      const base = f * batch.channelCount;
      this.#plan.columns.forEach((channel, c) => data.set(batch.values.subarray(base + channel * samples, base + (channel + 1) * samples), c * samples));
      const t = batch.deviceTimeS[f];
      out.push({
        data,
        channels: this.#channels,
        length: samples,
        sampleTimesS: sampleTimesS.fill(t),
        endSeq: batch.seq[f],
        endDeviceTimeS: t,
        endHostTimeMs: batch.hostTimeMs[f],
      });
    }
    return out;
  }
}
