import type { WizardSnapshot } from '../../../shared/domain/calibrationWizard';

/** One observation of the current step's progress. */
export interface ProgressSample {
  readonly stepId: string;
  readonly kind: string;
  readonly fraction: number;
  readonly restarts: number;
}

/** Progress as the UI saw it, snapshot by snapshot, checked against the rules progress must keep. */
export class ProgressRecorder {
  readonly samples: ProgressSample[] = [];

  record(snapshot: WizardSnapshot): void {
    const step = snapshot.current;
    if (step === null) return;
    this.samples.push({ stepId: step.id, kind: step.kind, fraction: step.progress.fraction, restarts: step.restarts });
  }

  /**
   * Violations of: progress never falls within a step unless its restart count rose; a data step
   * never shows 100 % while it is still current (its data is complete exactly when it moves on).
   */
  violations(): string[] {
    const out: string[] = [];
    this.samples.forEach((b, i) => {
      if (b.kind !== 'instruction' && b.fraction >= 1) out.push(`${b.stepId}: shows 100 % while still collecting`);
      const a = this.samples[i - 1];
      if (a !== undefined && a.stepId === b.stepId && b.fraction < a.fraction && b.restarts === a.restarts) {
        out.push(`${b.stepId}: progress fell from ${a.fraction} to ${b.fraction} without a restart`);
      }
    });
    return out;
  }
}
