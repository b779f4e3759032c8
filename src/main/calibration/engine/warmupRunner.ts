import type { Blocker } from '../../../shared/domain/calibrationWizard';
import { SlidingWindow } from '../fitting/slidingWindow';
import { type IStepRunner, RestartLog, type StepRunnerView } from './IStepRunner';
import type { WarmupStep } from './procedureTypes';
import { fmt } from './stabilityCheck';

/**
 * Runs a warm-up step: at least the datasheet's heater time, then every reading's relative drift
 * under the limit for the hold time in a row. The countdown assumes what heated sensors do —
 * settle exponentially — and estimates the time constant from how fast the drift itself is
 * falling, so it is an estimate from the data, shown as such, never a progress figure.
 */
export class WarmupRunner implements IStepRunner {
  readonly #step: WarmupStep;
  readonly #window: SlidingWindow;
  readonly #holdFrames: number;
  readonly #features: Float64Array;
  readonly #restarts = new RestartLog();
  /** Worst relative drift of each of the last frames, to see how fast it falls. */
  readonly #driftTimes: Float64Array;
  readonly #drifts: Float64Array;
  #driftCount = 0;
  #startS: number | null = null;
  #lastS = 0;
  #settledFrames = 0;
  #worst: { name: string; drift: number } | null = null;

  constructor(step: WarmupStep, nominalRateHz: number) {
    this.#step = step;
    const frames = Math.max(3, Math.round(step.windowS * nominalRateHz));
    this.#window = new SlidingWindow(step.features.names.length, frames);
    this.#holdFrames = Math.max(1, Math.round(step.holdS * nominalRateHz));
    this.#features = new Float64Array(step.features.names.length);
    this.#driftTimes = new Float64Array(frames + 1);
    this.#drifts = new Float64Array(frames + 1);
  }

  get complete(): boolean {
    return this.#settledFrames >= this.#holdFrames;
  }

  feed(timeS: number, frame: Float32Array): void {
    if (this.complete) return;
    this.#startS ??= timeS;
    this.#lastS = timeS;
    this.#step.features.extract(frame, this.#features);
    this.#window.push(timeS, this.#features);
    if (!this.#window.full) return;
    let worst = { name: '', drift: 0 };
    this.#step.features.names.forEach((name, f) => {
      const { mean, slopePerS } = this.#window.stats(f);
      const drift = Math.abs(slopePerS / mean);
      if (!(drift <= worst.drift)) worst = { name, drift };
    });
    this.#worst = worst;
    this.#recordDrift(timeS, worst.drift);
    const settled = worst.drift <= this.#step.maxRelSlopePerS && timeS - this.#startS >= this.#step.minWarmupS;
    if (settled) {
      this.#settledFrames++;
    } else if (this.#settledFrames > 0) {
      this.#settledFrames = 0;
      this.#restarts.record(`Readings drifted again: ${worst.name} at ${percentPerMin(worst.drift)}.`);
    }
  }

  restart(reason: string): void {
    this.#window.clear();
    this.#driftCount = 0;
    if (this.#settledFrames > 0) this.#restarts.record(reason);
    this.#settledFrames = 0;
  }

  view(): StepRunnerView {
    const captured = Math.min(this.#settledFrames, this.#holdFrames);
    const countdownS = this.complete ? 0 : this.#countdownS();
    return {
      progress: { fraction: captured / this.#holdFrames, captured, needed: this.#holdFrames, unit: 'settled frames' },
      stability: null,
      slots: [],
      countdownS,
      restarts: this.#restarts.count,
      lastRestartReason: this.#restarts.lastReason,
      blockers: this.complete || this.#settledFrames > 0 ? [] : [this.#blocker(countdownS)],
    };
  }

  #blocker(countdownS: number | null): Blocker {
    const left = countdownS === null ? 'time left not yet known' : `about ${formatDuration(countdownS)} left`;
    const heaterLeftS = this.#startS === null ? this.#step.minWarmupS : this.#step.minWarmupS - (this.#lastS - this.#startS);
    if (heaterLeftS > 0) {
      return { code: 'warming-up', message: `Heaters warming up: ${formatDuration(heaterLeftS)} of the datasheet's warm-up left.` };
    }
    const drift = this.#worst === null ? 'collecting readings' : `${this.#worst.name} drifts ${percentPerMin(this.#worst.drift)}`;
    return {
      code: 'warming-up',
      message: `Sensors still warming up: ${drift} (settled below ${percentPerMin(this.#step.maxRelSlopePerS)}); ${left}.`,
    };
  }

  #recordDrift(timeS: number, drift: number): void {
    const n = this.#drifts.length;
    if (this.#driftCount === n) {
      this.#drifts.copyWithin(0, 1);
      this.#driftTimes.copyWithin(0, 1);
      this.#driftCount--;
    }
    this.#drifts[this.#driftCount] = drift;
    this.#driftTimes[this.#driftCount] = timeS;
    this.#driftCount++;
  }

  /** Heater time left, or the exponential estimate of when drift falls under the limit, plus the hold. */
  #countdownS(): number | null {
    const heaterLeftS = this.#startS === null ? this.#step.minWarmupS : Math.max(0, this.#step.minWarmupS - (this.#lastS - this.#startS));
    const holdLeftS = (this.#holdFrames - this.#settledFrames) * (this.#step.holdS / this.#holdFrames);
    const n = this.#driftCount;
    if (n < 2) return heaterLeftS > 0 ? heaterLeftS + holdLeftS : null;
    const now = this.#drifts[n - 1];
    const limit = this.#step.maxRelSlopePerS;
    if (now <= limit) return heaterLeftS + holdLeftS;
    const then = this.#drifts[0];
    const dt = this.#driftTimes[n - 1] - this.#driftTimes[0];
    // Not falling (yet): no honest estimate.
    if (!(then > now * 1.02) || dt <= 0) return heaterLeftS > 0 ? heaterLeftS + holdLeftS : null;
    const tau = dt / Math.log(then / now);
    return Math.max(heaterLeftS, tau * Math.log(now / limit)) + holdLeftS;
  }
}

function percentPerMin(relPerS: number): string {
  return `${fmt(relPerS * 6000)} %/min`;
}

/** `4 min 10 s`, `45 s`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return s % 60 === 0 ? `${m} min` : `${m} min ${s % 60} s`;
}
