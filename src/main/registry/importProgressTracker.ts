import { formatBytes } from '../inference/modelPackage';
import type { ImportCheckId, ImportProgress, ImportStepId, ImportStepState } from '../../shared/domain/registry';

/**
 * Rough share of an import's time per step, so the progress bar moves honestly: loading the
 * model in its own process and measuring latency take far longer than reading the manifest.
 */
const STEP_WEIGHT: Readonly<Record<ImportStepId, number>> = {
  upload: 4,
  source: 1,
  manifest: 0.5,
  files: 1,
  'external-data': 0.5,
  'runtime-load': 3,
  'parity-reference': 0.5,
  parity: 1,
  latency: 2,
  store: 1,
};

interface StepStatus {
  readonly id: ImportStepId;
  state: ImportStepState;
  message: string;
}

/**
 * The checklist of one import (docs/model-registry.md, "Import progress"): every step starts
 * pending, runs, then passes or fails; when the import ends, steps that never ran are skipped.
 * Each change is reported with the whole list and the weighted fraction done.
 */
export class ImportProgressTracker {
  readonly importId: string;
  readonly #source: string;
  readonly #steps: StepStatus[];
  readonly #emit: (progress: ImportProgress) => void;
  #uploadFraction = 0;
  #done = false;

  constructor(options: { importId: string; source: string; checks: readonly ImportCheckId[]; withUpload: boolean; emit: (progress: ImportProgress) => void }) {
    this.importId = options.importId;
    this.#source = options.source;
    this.#emit = options.emit;
    const ids: ImportStepId[] = options.withUpload ? ['upload', ...options.checks] : [...options.checks];
    this.#steps = ids.map((id) => ({ id, state: 'pending', message: '' }));
  }

  /** Upload bytes so far; the upload step runs until every byte is in, then passes. */
  uploaded(received: number, total: number): void {
    this.#uploadFraction = total === 0 ? 1 : Math.min(1, received / total);
    this.set('upload', received >= total ? 'passed' : 'running', received >= total ? `${formatBytes(total)} received` : '');
  }

  set(id: ImportStepId, state: ImportStepState, message = ''): void {
    if (this.#done) return;
    const step = this.#steps.find((s) => s.id === id);
    if (!step) return;
    step.state = state;
    step.message = message;
    this.#report(step);
  }

  /**
   * The import ended. A step still running failed with `failure` (an abort, an error outside the
   * checks); steps that never ran are skipped. The last report names the failed step, if any.
   */
  finish(failure?: string): void {
    if (this.#done) return;
    for (const step of this.#steps) {
      if (step.state === 'running' && failure !== undefined) {
        step.state = 'failed';
        step.message = failure;
      } else if (step.state === 'pending' || step.state === 'running') {
        step.state = 'skipped';
      }
    }
    this.#done = true;
    this.#report(this.#steps.find((s) => s.state === 'failed') ?? this.#steps[this.#steps.length - 1]);
  }

  fraction(): number {
    if (this.#done) return 1;
    const total = this.#steps.reduce((n, s) => n + STEP_WEIGHT[s.id], 0);
    const finished = this.#steps.reduce((n, s) => {
      if (s.state === 'passed' || s.state === 'failed' || s.state === 'skipped') return n + STEP_WEIGHT[s.id];
      return s.id === 'upload' ? n + STEP_WEIGHT.upload * this.#uploadFraction : n;
    }, 0);
    return finished / total;
  }

  #report(step: StepStatus): void {
    this.#emit({
      importId: this.importId,
      source: this.#source,
      step: step.id,
      state: step.state,
      message: step.message,
      steps: this.#steps.map((s) => ({ ...s })),
      fraction: this.fraction(),
      done: this.#done,
    });
  }
}
