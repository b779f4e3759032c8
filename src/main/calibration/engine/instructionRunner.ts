import type { IStepRunner, StepRunnerView } from './IStepRunner';

/** An instruction step: complete once the operator confirms it; data does not move it. */
export class InstructionRunner implements IStepRunner {
  #confirmed = false;

  get complete(): boolean {
    return this.#confirmed;
  }

  confirm(): void {
    this.#confirmed = true;
  }

  feed(): void {
    // Instructions wait for the operator, not for data.
  }

  restart(): void {
    // Nothing captured, nothing to throw away.
  }

  view(): StepRunnerView {
    const captured = this.#confirmed ? 1 : 0;
    return {
      progress: { fraction: captured, captured, needed: 1, unit: 'confirmation' },
      stability: null,
      slots: [],
      countdownS: null,
      restarts: 0,
      lastRestartReason: null,
      blockers: [],
    };
  }
}
