import type { Blocker } from '../../../shared/domain/calibrationWizard';
import { SlidingWindow } from '../fitting/slidingWindow';
import { type IStepRunner, RestartLog, type StepRunnerView } from './IStepRunner';
import type { CaptureStep } from './procedureTypes';
import { checkStability, type StabilityVerdict } from './stabilityCheck';

/** Sums of one slot's captured frames. */
class SlotAccumulator {
  frames = 0;
  readonly sum: Float64Array;
  readonly sumSq: Float64Array;

  constructor(features: number) {
    this.sum = new Float64Array(features);
    this.sumSq = new Float64Array(features);
  }

  add(x: Float64Array): void {
    this.frames++;
    for (let f = 0; f < x.length; f++) {
      this.sum[f] += x[f];
      this.sumSq[f] += x[f] * x[f];
    }
  }

  clear(): void {
    this.frames = 0;
    this.sum.fill(0);
    this.sumSq.fill(0);
  }

  mean(): Float64Array {
    return this.sum.map((s) => s / this.frames);
  }

  std(): Float64Array {
    return this.sum.map((s, f) => {
      const m = s / this.frames;
      return Math.sqrt(Math.max(0, this.sumSq[f] / this.frames - m * m));
    });
  }
}

/** A captured slot's averages. */
export interface SlotCapture {
  readonly slot: string;
  readonly frames: number;
  readonly mean: Float64Array;
  readonly std: Float64Array;
}

/**
 * Runs a capture step: waits for a full, still window; classifies it into a slot (a pose) where
 * the step has slots; averages frames into that slot while the signal stays still and in the same
 * slot; throws the slot's partial data away on motion or a change of slot (as QGroundControl's
 * gyro calibration restarts on movement).
 */
export class CaptureRunner implements IStepRunner {
  readonly #step: CaptureStep;
  readonly #window: SlidingWindow | null;
  readonly #slots: SlotAccumulator[];
  readonly #done: boolean[];
  readonly #features: Float64Array;
  readonly #restarts = new RestartLog();
  #active: number | null = null;
  #stepStart: Float64Array | null = null;
  #verdict: StabilityVerdict | null = null;
  #signalBlocker: Blocker | null = null;

  constructor(step: CaptureStep, nominalRateHz: number) {
    this.#step = step;
    const n = step.features.names.length;
    this.#features = new Float64Array(n);
    this.#window = step.stability ? new SlidingWindow(n, Math.max(3, Math.round(step.stability.windowS * nominalRateHz))) : null;
    const slotCount = step.slots?.ids.length ?? 1;
    this.#slots = Array.from({ length: slotCount }, () => new SlotAccumulator(n));
    this.#done = new Array<boolean>(slotCount).fill(false);
  }

  get complete(): boolean {
    return this.#done.every(Boolean);
  }

  feed(timeS: number, frame: Float32Array): void {
    if (this.complete) return;
    const x = this.#features;
    this.#step.features.extract(frame, x);
    if (x.some((v) => !Number.isFinite(v))) {
      this.#signalBlocker = { code: 'no-signal', message: 'Some readings are missing (NaN): check the sensor wiring.' };
      return;
    }
    this.#stepStart ??= Float64Array.from(x);
    let slot = 0;
    if (this.#window !== null && this.#step.stability !== null) {
      this.#window.push(timeS, x);
      this.#verdict = checkStability(this.#window, this.#step.stability, this.#step.features);
      if (this.#verdict.view.state !== 'stable') {
        const failure = this.#verdict.failure;
        this.#signalBlocker =
          failure === null
            ? null
            : { code: 'unstable', message: `${failure} — keep the device and its input still; capture starts once it settles.` };
        if (failure !== null) this.#abandonActive(`Motion or an unsteady signal: ${failure}.`);
        return;
      }
      const classified = this.#classify();
      if (classified === null) return;
      slot = classified;
    }
    this.#signalBlocker = null;
    const acc = this.#slots[slot];
    acc.add(x);
    if (acc.frames >= this.#step.framesNeeded) {
      this.#done[slot] = true;
      this.#active = null;
    }
  }

  restart(reason: string): void {
    this.#window?.clear();
    this.#abandonActive(reason);
  }

  /** The averages of every captured slot. */
  captures(): SlotCapture[] {
    const ids = this.#step.slots?.ids ?? ['point'];
    return this.#slots.flatMap((acc, i) => (this.#done[i] ? [{ slot: ids[i], frames: acc.frames, mean: acc.mean(), std: acc.std() }] : []));
  }

  view(): StepRunnerView {
    const need = this.#step.framesNeeded;
    const captured = this.#slots.reduce((sum, acc, i) => sum + (this.#done[i] ? need : Math.min(acc.frames, need)), 0);
    const needed = need * this.#slots.length;
    const slots = this.#step.slots;
    return {
      progress: { fraction: captured / needed, captured, needed, unit: 'frames' },
      stability: this.#verdict?.view ?? null,
      slots:
        slots === null
          ? []
          : slots.ids.map((id, i) => ({
              id,
              label: slots.labels[i],
              status: this.#done[i] ? 'green' : this.#active === i ? 'yellow' : 'red',
              fraction: this.#done[i] ? 1 : Math.min(1, this.#slots[i].frames / need),
            })),
      countdownS: null,
      restarts: this.#restarts.count,
      lastRestartReason: this.#restarts.lastReason,
      blockers: this.#signalBlocker ? [this.#signalBlocker] : [],
    };
  }

  /** The slot of the current still window, or null (with a blocker) when it fits none or is done. */
  #classify(): number | null {
    const slots = this.#step.slots;
    if (slots === null || this.#window === null) return 0;
    const mean = Float64Array.from(this.#step.features.names, (_, f) => this.#window?.stats(f).mean ?? Number.NaN);
    const c = slots.classify(mean, this.#stepStart ?? mean);
    if (c.slot === null) {
      this.#signalBlocker = { code: 'not-in-pose', message: c.reason };
      this.#abandonActive(`Left the pose: ${c.reason}`);
      return null;
    }
    if (this.#done[c.slot]) {
      const todo = slots.labels.filter((_, i) => !this.#done[i]);
      this.#signalBlocker = { code: 'pose-done', message: `${slots.labels[c.slot]} is captured; turn the device to one still to do: ${todo.join(', ')}.` };
      this.#abandonActive(`Moved to ${slots.labels[c.slot]}, which is already captured.`);
      return null;
    }
    if (this.#active !== null && this.#active !== c.slot) {
      this.#abandonActive(`Changed from ${slots.labels[this.#active]} to ${slots.labels[c.slot]} before it was complete.`);
    }
    this.#active = c.slot;
    return c.slot;
  }

  /** Drops the slot being captured; a restart only if it had data. */
  #abandonActive(reason: string): void {
    const active = this.#active ?? (this.#step.slots === null ? 0 : null);
    if (active === null || this.#done[active]) return;
    const acc = this.#slots[active];
    if (acc.frames > 0) {
      acc.clear();
      this.#restarts.record(reason);
    }
    if (this.#step.slots !== null) this.#active = null;
  }
}
