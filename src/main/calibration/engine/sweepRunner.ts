import { type IStepRunner, RestartLog, type StepRunnerView } from './IStepRunner';
import type { SweepBin, SweepStep } from './procedureTypes';

interface BinSums {
  frames: number;
  reference: number;
  raw: number;
}

/**
 * Runs a sweep step: while the signal moves through its range, pairs each raw reading with its
 * reference reading and averages them in bins of the reference value. Conditioning on the
 * (precise) reference and averaging the (noisy) raw reading keeps the fit free of the bias that
 * regressing on single noisy samples would give.
 */
export class SweepRunner implements IStepRunner {
  readonly #step: SweepStep;
  readonly #bins: Map<number, BinSums>[];
  readonly #features: Float64Array;
  readonly #restarts = new RestartLog();

  constructor(step: SweepStep) {
    this.#step = step;
    this.#bins = Array.from({ length: step.pairs }, () => new Map<number, BinSums>());
    this.#features = new Float64Array(step.features.names.length);
  }

  get complete(): boolean {
    return this.#bins.every((_, p) => this.#filled(p) >= this.#step.binsNeeded);
  }

  feed(_timeS: number, frame: Float32Array): void {
    if (this.complete) return;
    const x = this.#features;
    this.#step.features.extract(frame, x);
    const pairs = this.#step.pairs;
    for (let p = 0; p < pairs; p++) {
      const raw = x[p];
      const reference = x[pairs + p];
      if (!Number.isFinite(raw) || !Number.isFinite(reference)) continue;
      const key = Math.floor(reference / this.#step.binWidth[p]);
      let bin = this.#bins[p].get(key);
      if (bin === undefined) {
        bin = { frames: 0, reference: 0, raw: 0 };
        this.#bins[p].set(key, bin);
      }
      bin.frames++;
      bin.reference += reference;
      bin.raw += raw;
    }
  }

  restart(reason: string): void {
    if (this.#bins.some((m) => m.size > 0)) this.#restarts.record(reason);
    for (const m of this.#bins) m.clear();
  }

  /** Per pair, the full bins in reference order. */
  bins(): SweepBin[][] {
    return this.#bins.map((m) =>
      [...m.entries()]
        .filter(([, b]) => b.frames >= this.#step.framesPerBin)
        .sort(([a], [b]) => a - b)
        .map(([, b]) => ({ reference: b.reference / b.frames, raw: b.raw / b.frames, frames: b.frames })),
    );
  }

  view(): StepRunnerView {
    const need = this.#step.binsNeeded;
    const captured = this.#bins.reduce((sum, _, p) => sum + Math.min(need, this.#filled(p)), 0);
    const needed = need * this.#step.pairs;
    return {
      progress: { fraction: captured / needed, captured, needed, unit: 'bins' },
      stability: null,
      slots: [],
      countdownS: null,
      restarts: this.#restarts.count,
      lastRestartReason: this.#restarts.lastReason,
      blockers: [],
    };
  }

  #filled(p: number): number {
    let n = 0;
    for (const b of this.#bins[p].values()) if (b.frames >= this.#step.framesPerBin) n++;
    return n;
  }
}
