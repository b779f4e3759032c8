import type { Blocker, StepView } from '../../../shared/domain/calibrationWizard';

/** The data-driven part of a step's view; the wizard adds identity, instructions and device blockers. */
export type StepRunnerView = Pick<StepView, 'progress' | 'stability' | 'slots' | 'countdownS' | 'restarts' | 'lastRestartReason'> & {
  /** Why the signal does not let the step go on (warming up, unstable, not in a pose). */
  readonly blockers: readonly Blocker[];
};

/**
 * The running state of one step. Progress only grows, except on `restart`, which throws the
 * step's partial data away and says why.
 */
export interface IStepRunner {
  readonly complete: boolean;
  /** One frame of the device, with its device time in seconds. */
  feed(timeS: number, frame: Float32Array): void;
  /** Throws partial data away (motion, a data gap, the device dropped out); counts as a restart if any was lost. */
  restart(reason: string): void;
  view(): StepRunnerView;
}

/** Counts restarts and keeps the last reason, for every runner. */
export class RestartLog {
  #count = 0;
  #lastReason: string | null = null;

  get count(): number {
    return this.#count;
  }

  get lastReason(): string | null {
    return this.#lastReason;
  }

  record(reason: string): void {
    this.#count++;
    this.#lastReason = reason;
  }
}
