import type { FrameBatch } from '../../../shared/domain/frameBatch';

export interface RateAndJitter {
  /** Frames per second over the meter's window, by host receive time. */
  readonly measuredRateHz: number;
  /** Standard deviation of the device-time interval between consecutive frames, milliseconds. */
  readonly jitterMs: number;
  /** Mean device-time interval between frames, milliseconds (1000 / the device's own rate). */
  readonly meanIntervalMs: number;
  readonly framesTotal: number;
  /** Host time of the newest frame, ms since the epoch (NaN before the first). */
  readonly lastFrameHostMs: number;
}

/** Longest frame interval taken as jitter; longer gaps are outages, not clock irregularity. */
const MAX_INTERVAL_MS = 10_000;

interface Slice {
  readonly hostMs: number;
  readonly frames: number;
}

/**
 * Measures what a technician checks first on a live device: is it sending at the rate it should,
 * and how regular is its clock. Rate counts frames by host arrival time over a sliding window
 * (robust to devices without a clock); jitter uses device time (Welford over the same window's
 * intervals, reset each window so old behaviour does not mask new trouble).
 */
export class DeviceHealthMeter {
  readonly #windowMs: number;
  readonly #slices: Slice[] = [];
  #framesTotal = 0;
  #lastDeviceTimeS = Number.NaN;
  #lastHostMs = Number.NaN;
  // Welford accumulators of device-time intervals in the current window.
  #n = 0;
  #mean = 0;
  #m2 = 0;
  #windowStartMs = Number.NaN;
  #published: { n: number; mean: number; m2: number } = { n: 0, mean: 0, m2: 0 };

  constructor(windowMs = 2000) {
    this.#windowMs = windowMs;
  }

  observe(batch: FrameBatch): void {
    if (batch.frameCount === 0) return;
    for (let i = 0; i < batch.frameCount; i++) {
      const t = batch.deviceTimeS[i];
      if (!Number.isNaN(this.#lastDeviceTimeS) && Number.isFinite(t)) {
        const dtMs = (t - this.#lastDeviceTimeS) * 1000;
        // A jump backwards or beyond MAX_INTERVAL_MS is a device reset or a corrupt time field
        // (a garbage line can parse as a huge timestamp), not jitter: it must not swamp the figure.
        if (dtMs > 0 && dtMs <= MAX_INTERVAL_MS) {
          this.#n += 1;
          const delta = dtMs - this.#mean;
          this.#mean += delta / this.#n;
          this.#m2 += delta * (dtMs - this.#mean);
        }
      }
      this.#lastDeviceTimeS = t;
    }
    const hostMs = batch.hostTimeMs[batch.frameCount - 1];
    this.#lastHostMs = hostMs;
    this.#framesTotal += batch.frameCount;
    this.#slices.push({ hostMs, frames: batch.frameCount });
    if (Number.isNaN(this.#windowStartMs)) this.#windowStartMs = hostMs;
    if (hostMs - this.#windowStartMs >= this.#windowMs) {
      this.#published = { n: this.#n, mean: this.#mean, m2: this.#m2 };
      this.#n = 0;
      this.#mean = 0;
      this.#m2 = 0;
      this.#windowStartMs = hostMs;
    }
  }

  /** Current figures at host time `nowMs` (frames older than the window no longer count). */
  read(nowMs: number): RateAndJitter {
    while (this.#slices.length > 0 && this.#slices[0].hostMs <= nowMs - this.#windowMs) this.#slices.shift();
    const frames = this.#slices.reduce((sum, s) => sum + s.frames, 0);
    const stats = this.#published.n > 1 ? this.#published : { n: this.#n, mean: this.#mean, m2: this.#m2 };
    return {
      measuredRateHz: (frames * 1000) / this.#windowMs,
      jitterMs: stats.n > 1 ? Math.sqrt(stats.m2 / (stats.n - 1)) : 0,
      meanIntervalMs: stats.n > 0 ? stats.mean : 0,
      framesTotal: this.#framesTotal,
      lastFrameHostMs: this.#lastHostMs,
    };
  }
}
