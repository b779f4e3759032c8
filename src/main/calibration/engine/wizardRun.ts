import type { DeviceFamily, DeviceProfile } from '../../../shared/domain/deviceProfile';
import type { Blocker, StepView, WizardInput, WizardPhase, WizardSnapshot } from '../../../shared/domain/calibrationWizard';
import type { FrameBatch } from '../../../shared/domain/frameBatch';
import { ContractError } from '../../../shared/ipc/contractError';
import type { DeviceState } from '../../../shared/ipc/domains/devices';
import { SlidingWindow } from '../fitting/slidingWindow';
import { CaptureRunner } from './captureRunner';
import { InstructionRunner } from './instructionRunner';
import type { IStepRunner } from './IStepRunner';
import { preflightBlockers } from './preflight';
import type { Captures, CapturedPoint, FitResult, ProcedurePlan, StepDefinition, SweepBin } from './procedureTypes';
import { SweepRunner } from './sweepRunner';
import { WarmupRunner } from './warmupRunner';

/** The device a wizard calibrates, as far as the engine needs it. */
export interface CalibrationDevice {
  readonly id: string;
  readonly name: string;
  readonly profile: DeviceProfile;
  /** Connection state and who the device is (null until it reported a serial number). */
  status(): { readonly state: DeviceState; readonly detail: string; readonly deviceKey: string | null };
  /** Every batch of the device's raw (uncalibrated) frames; returns the unsubscribe function. */
  subscribe(listener: (batch: FrameBatch) => void): () => void;
}

export interface WizardRunOptions {
  readonly runId: string;
  readonly device: CalibrationDevice;
  readonly procedureId: string;
  readonly procedureName: string;
  /** Families the procedure serves (null: any), checked before every step. */
  readonly families: readonly DeviceFamily[] | null;
  readonly operator: string;
  readonly plan: ProcedurePlan;
  /** Called after anything in the snapshot changed (the service throttles what it sends). */
  readonly onChange: () => void;
}

/** A pause longer than this many frame periods (and at least half a second) throws partial captures away. */
const GAP_PERIODS = 5;
const MIN_GAP_S = 0.5;
/** How much of the stream the rate is measured over, s. */
const RATE_WINDOW_S = 2;

/**
 * One running calibration wizard: a state machine over the procedure's steps. It feeds each raw
 * frame to the current step's runner while the device side is ready, advances when a step's data
 * is complete, fits at the end and waits for accept or redo. It writes nothing anywhere: cancel
 * at any point leaves the device and the database as they were; storing is the service's job.
 */
export class WizardRun {
  readonly runId: string;
  readonly device: CalibrationDevice;
  readonly #options: WizardRunOptions;
  readonly #steps: readonly StepDefinition[];
  readonly #runners: (IStepRunner | null)[];
  readonly #inputs: Map<string, number>[];
  readonly #skipped = new Set<string>();
  readonly #rate: SlidingWindow;
  readonly #gapS: number;
  #unsubscribe: (() => void) | null = null;
  #phase: WizardPhase = 'running';
  #index = 0;
  #lastTimeS: number | null = null;
  #deviceBlocked = false;
  #fit: FitResult | null = null;
  #acceptedVersionId: string | null = null;

  constructor(options: WizardRunOptions) {
    this.runId = options.runId;
    this.device = options.device;
    this.#options = options;
    this.#steps = options.plan.steps;
    this.#runners = this.#steps.map(() => null);
    this.#inputs = this.#steps.map(() => new Map<string, number>());
    const nominal = options.device.profile.nominalRateHz;
    this.#rate = new SlidingWindow(1, Math.max(3, Math.round(RATE_WINDOW_S * nominal)));
    this.#gapS = Math.max(MIN_GAP_S, GAP_PERIODS / nominal);
    this.#enter(0);
  }

  get phase(): WizardPhase {
    return this.#phase;
  }

  /** The fit under review (or accepted), null before the last step completes. */
  get fit(): FitResult | null {
    return this.#fit;
  }

  /** Channels still warming up in this run's warm-up step (empty outside it). */
  warmingChannels(): readonly string[] {
    const step = this.#steps[this.#index];
    const runner = this.#runners[this.#index];
    return this.#phase === 'running' && step.kind === 'warmup' && runner !== null && !runner.complete ? step.features.names : [];
  }

  /** Starts listening to the device. */
  start(): void {
    this.#unsubscribe ??= this.device.subscribe((batch) => this.feed(batch));
  }

  /** Consumes a batch of raw frames (the subscription calls this; tests may call it directly). */
  feed(batch: FrameBatch): void {
    if (this.#phase !== 'running') return;
    const c = batch.channelCount;
    // Device checks once per batch (and after a step change), not per frame: they ask the source for its state.
    let blocked = this.#refreshDeviceBlocked();
    for (let i = 0; i < batch.frameCount && this.#phase === 'running'; i++) {
      const t = batch.deviceTimeS[i];
      this.#checkGap(t);
      this.#rate.push(t, [0]);
      const runner = this.#runners[this.#index];
      if (blocked || runner === null) continue;
      runner.feed(t, batch.values.subarray(i * c, (i + 1) * c));
      if (runner.complete && this.#steps[this.#index].kind !== 'instruction') {
        this.#advance();
        blocked = this.#refreshDeviceBlocked();
      }
    }
    this.#options.onChange();
  }

  /** Applies an operator action to the current step; throws a ContractError the operator can read. */
  input(action: WizardInput): void {
    this.#requirePhase('running');
    const step = this.#steps[this.#index];
    switch (action.action) {
      case 'confirm': {
        const runner = this.#runners[this.#index];
        if (!(runner instanceof InstructionRunner)) {
          throw invalid(`"${step.title}" completes by itself once its data is captured; there is nothing to confirm.`);
        }
        runner.confirm();
        this.#advance();
        break;
      }
      case 'set-inputs': {
        const fields = step.kind === 'capture' ? step.inputs : [];
        for (const [id, value] of Object.entries(action.values)) {
          if (!fields.some((f) => f.id === id)) {
            throw invalid(`"${step.title}" has no input "${id}"${fields.length > 0 ? ` (it has ${fields.map((f) => f.id).join(', ')})` : ''}.`);
          }
          if (!Number.isFinite(value)) throw invalid(`${id} must be a number.`);
        }
        for (const [id, value] of Object.entries(action.values)) this.#inputs[this.#index].set(id, value);
        // Data captured against the old values no longer belongs to them.
        this.#runners[this.#index]?.restart('The step inputs changed.');
        break;
      }
      case 'skip':
        if (step.kind !== 'capture' || !step.optional) throw invalid(`"${step.title}" is not optional and cannot be skipped.`);
        this.#skipped.add(step.id);
        this.#advance();
        break;
    }
    this.#options.onChange();
  }

  /** Throws captures away from `stepId` (default: all) and runs those steps again. */
  redo(stepId?: string): void {
    if (this.#phase !== 'running' && this.#phase !== 'review') throw invalid(`This calibration is ${this.#phase}; start a new one.`);
    const from = stepId === undefined ? 0 : this.#steps.findIndex((s) => s.id === stepId);
    if (from < 0) throw invalid(`This procedure has no step "${stepId}" (it has ${this.#steps.map((s) => s.id).join(', ')}).`);
    if (from > this.#index && this.#phase === 'running') throw invalid(`Step "${stepId}" has not been reached yet.`);
    for (let i = from; i < this.#steps.length; i++) {
      this.#runners[i] = null;
      this.#skipped.delete(this.#steps[i].id);
    }
    this.#fit = null;
    this.#phase = 'running';
    this.#enter(from);
    this.#options.onChange();
  }

  /** Marks the run accepted (the service stored the version) and stops listening. */
  markAccepted(versionId: string): void {
    this.#requirePhase('review');
    this.#acceptedVersionId = versionId;
    this.#phase = 'accepted';
    this.#stop();
    this.#options.onChange();
  }

  /** Stops the run; nothing was or will be written. */
  cancel(): void {
    if (this.#phase === 'accepted' || this.#phase === 'cancelled') return;
    this.#phase = 'cancelled';
    this.#stop();
    this.#options.onChange();
  }

  snapshot(): WizardSnapshot {
    const o = this.#options;
    return {
      runId: this.runId,
      deviceId: this.device.id,
      procedureId: o.procedureId,
      procedureName: o.procedureName,
      operator: o.operator,
      phase: this.#phase,
      stepIndex: this.#index,
      steps: [
        ...this.#steps.map((s, i) => ({ id: s.id, title: s.title, state: this.#stepState(s.id, i) })),
        { id: 'review', title: 'Review and accept', state: this.#phase === 'review' ? 'active' : this.#phase === 'accepted' ? 'done' : 'pending' },
      ],
      current: this.#phase === 'running' ? this.#stepView() : null,
      review: this.#fit?.report ?? null,
      acceptedVersionId: this.#acceptedVersionId,
    };
  }

  #stepState(id: string, i: number): WizardSnapshot['steps'][number]['state'] {
    if (this.#skipped.has(id)) return 'skipped';
    if (i < this.#index) return 'done';
    if (i > this.#index) return 'pending';
    if (this.#phase === 'running') return 'active';
    // Past the last step (review, accepted) it is done; a cancelled run leaves it where it stood.
    return this.#phase === 'cancelled' ? 'pending' : 'done';
  }

  #stepView(): StepView {
    const step = this.#steps[this.#index];
    const runner = this.#runners[this.#index];
    if (runner === null) throw new Error('the current step has no runner');
    const r = runner.view();
    const inputs = step.kind === 'capture' ? step.inputs : [];
    const values = this.#inputs[this.#index];
    const device = step.kind === 'instruction' ? [] : this.#deviceBlockers();
    // A device that is not ready explains everything else; signal blockers would only confuse.
    const blockers: Blocker[] = device.length > 0 ? device : [...r.blockers];
    return {
      id: step.id,
      kind: step.kind,
      title: step.title,
      instructions: step.instructions,
      illustration: step.illustration,
      blockers,
      inputs: inputs.map((f) => ({ id: f.id, label: f.label, unit: f.unit, value: values.get(f.id) ?? null, suggested: f.suggested })),
      optional: step.kind === 'capture' && step.optional,
      progress: r.progress,
      stability: r.stability,
      slots: r.slots,
      restarts: r.restarts,
      lastRestartReason: r.lastRestartReason,
      countdownS: r.countdownS,
    };
  }

  #deviceBlockers(): Blocker[] {
    const step = this.#steps[this.#index];
    const status = this.device.status();
    const profile = this.device.profile;
    const rateHz = this.#rate.count >= 3 ? this.#rate.rateHz() : null;
    const missing = step.kind === 'capture' ? step.inputs.filter((f) => !this.#inputs[this.#index].has(f.id)).map((f) => f.label) : [];
    return preflightBlockers({
      deviceName: this.device.name,
      deviceState: status.state,
      deviceDetail: status.detail,
      family: profile.family,
      profileName: profile.displayName,
      requiredFamilies: this.#options.families,
      deviceKey: status.deviceKey,
      measuredRateHz: rateHz !== null && Number.isFinite(rateHz) ? rateHz : null,
      nominalRateHz: profile.nominalRateHz,
      missingInputs: missing,
    });
  }

  /** Whether the device side blocks the step; going from ready to blocked throws partial data away, as it may no longer be trusted. */
  #refreshDeviceBlocked(): boolean {
    if (this.#phase !== 'running') return true;
    const blockers = this.#deviceBlockers();
    const blocked = blockers.length > 0;
    if (blocked && !this.#deviceBlocked) this.#runners[this.#index]?.restart(blockers[0].message);
    this.#deviceBlocked = blocked;
    return blocked;
  }

  #checkGap(t: number): void {
    const last = this.#lastTimeS;
    this.#lastTimeS = t;
    if (last === null) return;
    const dt = t - last;
    if (dt > this.#gapS || dt < 0) {
      this.#rate.clear();
      const reason =
        dt < 0 ? 'The device clock went backwards (it restarted).' : `No data for ${dt.toFixed(1)} s: frames were lost or the device paused.`;
      this.#runners[this.#index]?.restart(reason);
    }
  }

  #advance(): void {
    let next = this.#index + 1;
    while (next < this.#steps.length && this.#skipped.has(this.#steps[next].id)) next++;
    if (next < this.#steps.length) {
      this.#enter(next);
      return;
    }
    this.#fit = this.#options.plan.fit(this.#captures());
    this.#phase = 'review';
  }

  #enter(index: number): void {
    this.#index = index;
    this.#inputs[index].clear();
    const step = this.#steps[index];
    const nominal = this.device.profile.nominalRateHz;
    this.#runners[index] = runnerFor(step, nominal);
  }

  #captures(): Captures {
    const points: CapturedPoint[] = [];
    const sweeps = new Map<string, SweepBin[][]>();
    this.#steps.forEach((step, i) => {
      const runner = this.#runners[i];
      if (runner instanceof CaptureRunner) {
        const inputs = Object.fromEntries(this.#inputs[i]);
        for (const c of runner.captures()) points.push({ stepId: step.id, inputs, ...c });
      } else if (runner instanceof SweepRunner) {
        sweeps.set(step.id, runner.bins());
      }
    });
    return { points, sweeps, skipped: new Set(this.#skipped) };
  }

  #requirePhase(phase: WizardPhase): void {
    if (this.#phase !== phase) throw invalid(`This calibration is ${this.#phase}, so that is not possible now.`);
  }

  #stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }
}

function runnerFor(step: StepDefinition, nominalRateHz: number): IStepRunner {
  switch (step.kind) {
    case 'instruction':
      return new InstructionRunner();
    case 'warmup':
      return new WarmupRunner(step, nominalRateHz);
    case 'capture':
      return new CaptureRunner(step, nominalRateHz);
    case 'sweep':
      return new SweepRunner(step);
  }
}

function invalid(message: string): ContractError {
  return new ContractError({ code: 'invalid-input', message });
}
