import type { HilOutcome, HilProgressEvent, HilStepRecord } from '../../../../shared/domain/hilRecord';

export interface StepView {
  readonly phase: string;
  readonly name: string;
  readonly state: 'waiting' | 'running' | 'done';
  readonly fraction: number;
  readonly record: HilStepRecord | undefined;
}

export interface RunView {
  readonly runId: string;
  readonly suite: string;
  readonly steps: readonly StepView[];
  readonly outcome: HilOutcome | undefined;
  readonly message: string | null;
}

/** One progress event folded into the view of the run it belongs to (a new run starts a new view). */
export function foldHilProgress(current: RunView | undefined, event: HilProgressEvent): RunView | undefined {
  switch (event.type) {
    case 'run-started':
      return {
        runId: event.runId,
        suite: event.suite,
        steps: event.steps.map((s) => ({ phase: s.phase, name: s.name, state: 'waiting', fraction: 0, record: undefined })),
        outcome: undefined,
        message: null,
      };
    case 'step-started':
    case 'step-progress':
    case 'step-finished': {
      if (!current || current.runId !== event.runId) return current;
      const name = event.type === 'step-finished' ? event.step.name : event.name;
      const steps = current.steps.map((s) => {
        if (s.phase !== event.phase || s.name !== name) return s;
        if (event.type === 'step-started') return { ...s, state: 'running' as const, fraction: 0 };
        if (event.type === 'step-progress') return { ...s, fraction: event.fraction };
        return { ...s, state: 'done' as const, fraction: 1, record: event.step };
      });
      return { ...current, steps };
    }
    case 'run-finished':
      return current && current.runId === event.runId ? { ...current, outcome: event.outcome, message: event.message } : current;
  }
}
