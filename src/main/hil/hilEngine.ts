import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type {
  HilAttachment,
  HilLogEntry,
  HilOutcome,
  HilPhase,
  HilPlot,
  HilProgressEvent,
  HilRunRecord,
  HilStepRecord,
  Measurement,
} from '../../shared/domain/hilRecord';
import type { HilSuite, SkipCondition, SuiteStep } from '../../shared/domain/hilSuite';
import type { HilRunContext } from './hilContext';
import { runDatasetCheck, runModelDataset } from './steps/datasetSteps';
import { DEFAULT_REPLY_MS, identityFields, runCapture, runCommand, runConnect, runFault, runIdentify } from './steps/deviceSteps';
import { applyStimulus, runModelExpect, runModelLatency } from './steps/modelSteps';
import { runOperator } from './steps/operatorStep';
import { sleep, StepError, type RunSession, type StepRuntime } from './stepRuntime';

/** Options of one run. */
export interface RunSuiteOptions {
  readonly onProgress?: (event: HilProgressEvent) => void;
  /** Aborts the run: the current step ends as `aborted`, later steps are not run, teardown still runs. */
  readonly signal?: AbortSignal;
  /** Run only these main steps (setup and teardown always run); the others are recorded as skipped. */
  readonly onlySteps?: ReadonlySet<string>;
  /** The run whose failed steps this one repeats. */
  readonly rerunOf?: string;
}

/** How long an aborted or timed-out step may take to release what it holds before the run moves on. */
const RELEASE_GRACE_MS = 2000;

/** The step timed out (the abort reason of its signal). */
class StepTimeout extends Error {
  override readonly name = 'StepTimeout';
}

const SKIP_REASONS: Readonly<Record<SkipCondition, string>> = {
  'no-model': 'no model under test',
  'no-operator': 'no operator at the station',
  'no-fault-injection': 'faults cannot be injected into this device',
  'no-scenario-control': 'the device has no scenario control',
  'no-stimulus': 'nothing can apply the stimulus to this device',
  'no-dataset': 'no dataset given',
  simulator: 'the device is simulated',
  'real-device': 'the device is real hardware',
};

function isSimulated(context: HilRunContext): boolean {
  return context.device?.kind === 'simulator' || context.scenario !== undefined;
}

function holds(condition: SkipCondition, context: HilRunContext): boolean {
  switch (condition) {
    case 'no-model':
      return context.model === undefined;
    case 'no-operator':
      return context.operator === undefined;
    case 'no-fault-injection':
      return context.faults === undefined && context.device?.kind !== 'simulator';
    // An in-process simulator takes scenario settings itself (see applyStimulus); others need a given control.
    case 'no-scenario-control':
      return context.scenario === undefined && context.device?.kind !== 'simulator';
    case 'no-stimulus':
      // A real device needs a person to stimulate it.
      return context.scenario === undefined && context.device?.kind !== 'simulator' && context.operator === undefined;
    case 'no-dataset':
      return context.datasetDir === undefined;
    case 'simulator':
      return isSimulated(context);
    case 'real-device':
      return context.device !== undefined && !isSimulated(context);
  }
}

/** The timeout a step gets unless it names one; Infinity where a person may take their time. */
function timeoutOf(step: SuiteStep, context: HilRunContext): number {
  const personActs = context.scenario === undefined && context.device?.kind !== 'simulator';
  switch (step.kind) {
    case 'connect':
      return step.timeoutMs ?? 10_000;
    case 'identify':
    case 'command':
      // The step's timeout is how long it waits for the reply; the margin lets it say "no reply".
      return (step.timeoutMs ?? DEFAULT_REPLY_MS) + 1000;
    case 'capture':
      return step.timeoutMs ?? step.durationMs + 10_000;
    case 'fault':
      return step.timeoutMs ?? step.observeMs + 10_000;
    case 'model-latency':
      return step.timeoutMs ?? step.durationMs + 30_000;
    case 'model-expect':
      return step.timeoutMs ?? (personActs ? Infinity : step.durationMs + (step.stimulus.settleMs ?? 0) + 30_000);
    case 'stimulus':
      return step.timeoutMs ?? (personActs ? Infinity : (step.stimulus.settleMs ?? 0) + 10_000);
    case 'operator':
      return step.timeoutMs ?? Infinity;
    case 'dataset-check':
    case 'model-dataset':
      return step.timeoutMs ?? 120_000;
    case 'wait':
      return step.timeoutMs ?? step.durationMs + 1000;
  }
}

async function execute(step: SuiteStep, rt: StepRuntime, suite: HilSuite): Promise<void> {
  switch (step.kind) {
    case 'connect':
      return runConnect(step, rt, suite.family);
    case 'identify':
      return runIdentify(step, rt);
    case 'command':
      return runCommand(step, rt);
    case 'capture':
      return runCapture(step, rt, step.name);
    case 'fault':
      return runFault(step, rt, step.name);
    case 'stimulus':
      return applyStimulus(step.stimulus, rt);
    case 'model-latency':
      return runModelLatency(step, rt);
    case 'model-expect':
      return runModelExpect(step, rt);
    case 'operator':
      return runOperator(step, rt);
    case 'dataset-check':
      return runDatasetCheck(step, rt, suite.family);
    case 'model-dataset':
      return runModelDataset(step, rt, suite.family);
    case 'wait':
      return sleep(step.durationMs, rt.signal);
  }
}

/** Outcome precedence for combining steps into a run: the worst wins. */
const SEVERITY: Readonly<Record<HilOutcome, number>> = { skipped: 0, pass: 1, marginal: 2, fail: 3, error: 4, aborted: 5 };

/** The run's outcome from its steps' (a run of only skipped steps passes). */
export function combineOutcomes(outcomes: readonly HilOutcome[]): HilOutcome {
  const worst = outcomes.reduce<HilOutcome>((w, o) => (SEVERITY[o] > SEVERITY[w] ? o : w), 'skipped');
  return worst === 'skipped' ? 'pass' : worst;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs a suite against the device, model, dataset and operator in `context` and returns the run
 * record (the caller stores it and renders reports). Setup, then the steps, then teardown, which
 * runs however the others ended; the device the run opened is closed at the end, aborted or not.
 */
export async function runSuite(suite: HilSuite, context: HilRunContext, options: RunSuiteOptions = {}): Promise<HilRunRecord> {
  const runId = randomUUID();
  const runSignal = options.signal ?? new AbortController().signal;
  const emit = (event: HilProgressEvent): void => options.onProgress?.(event);
  const runDir = join(context.dataDir, 'hil', runId);
  const session: RunSession = { deviceId: undefined, profile: undefined, identity: null, calibrationVersion: null, cleanups: [] };
  const phases: readonly (readonly [HilPhase, readonly SuiteStep[]])[] = [
    ['setup', suite.setup ?? []],
    ['main', suite.steps],
    ['teardown', suite.teardown ?? []],
  ];
  const startedAt = new Date().toISOString();
  emit({ type: 'run-started', runId, suite: suite.name, steps: phases.flatMap(([phase, steps]) => steps.map((s) => ({ phase, name: s.name }))) });

  const records: HilStepRecord[] = [];
  let stopReason: string | null = null;
  let index = 0;
  try {
    for (const [phase, steps] of phases) {
      for (const step of steps) {
        const at = index++;
        let record: HilStepRecord;
        if (phase !== 'teardown' && stopReason !== null) {
          record = skippedRecord(step, phase, `Not run: ${stopReason}.`);
        } else if (phase === 'main' && options.onlySteps !== undefined && !options.onlySteps.has(step.name)) {
          record = skippedRecord(step, phase, `Not repeated: it passed in run ${options.rerunOf ?? 'before'}.`);
        } else {
          // Teardown runs even after an abort, so it gets a signal of its own.
          const signal = phase === 'teardown' ? new AbortController().signal : runSignal;
          record = await runStep({ suite, step, phase, index: at, context, session, runId, runDir, signal, emit });
        }
        if (record.attempts === 0) emit({ type: 'step-finished', runId, phase, index: at, step: record });
        records.push(record);
        if (phase === 'teardown' || stopReason !== null) continue;
        if (record.outcome === 'aborted') stopReason = 'the run was aborted';
        else if ((record.outcome === 'fail' || record.outcome === 'error') && step.continueOnFail !== true) {
          stopReason = `step "${step.name}" ${record.outcome === 'fail' ? 'failed' : 'could not be carried out'}`;
        }
      }
    }
  } finally {
    for (const cleanup of session.cleanups.splice(0).reverse()) {
      await cleanup().catch(() => undefined);
    }
  }

  const outcome = runSignal.aborted ? 'aborted' : combineOutcomes(records.map((r) => r.outcome));
  const firstBad = records.find((r) => r.outcome !== 'pass' && r.outcome !== 'skipped');
  const message = outcome === 'pass' ? null : firstBad ? `${firstBad.name}: ${firstBad.message ?? firstBad.outcome}` : 'The run was aborted.';
  const spec = context.device;
  const record: HilRunRecord = {
    schemaVersion: 1,
    id: runId,
    suite: { name: suite.name, family: suite.family, version: suite.version },
    device: {
      source: deviceSourceLabel(spec, context.datasetDir),
      profileId: spec === undefined || spec.kind === 'playback' || spec.kind === 'dataset' ? (session.profile?.id ?? null) : spec.profileId,
      identity: session.identity,
      ...identityFields(session.identity),
    },
    station: context.station,
    operator: context.operatorName,
    appVersion: context.appVersion,
    modelVersion: context.modelVersion ?? context.model?.version ?? null,
    calibrationProfileVersion: session.calibrationVersion,
    startedAt,
    endedAt: new Date().toISOString(),
    outcome,
    message,
    rerunOf: options.rerunOf ?? null,
    steps: records,
  };
  emit({ type: 'run-finished', runId, outcome, message });
  return record;
}

/**
 * Runs again the main steps of `previous` that did not pass (setup and teardown run as always);
 * the new record points back at the old one.
 */
export function rerunFailedSteps(suite: HilSuite, previous: HilRunRecord, context: HilRunContext, options: Omit<RunSuiteOptions, 'onlySteps' | 'rerunOf'> = {}): Promise<HilRunRecord> {
  const again = new Set(previous.steps.filter((s) => s.phase === 'main' && s.outcome !== 'pass' && s.outcome !== 'marginal').map((s) => s.name));
  return runSuite(suite, context, { ...options, onlySteps: again, rerunOf: previous.id });
}

function skippedRecord(step: SuiteStep, phase: HilPhase, message: string): HilStepRecord {
  return {
    name: step.name,
    kind: step.kind,
    phase,
    outcome: 'skipped',
    message,
    startedAt: null,
    endedAt: null,
    durationMs: 0,
    attempts: 0,
    measurements: [],
    logs: [],
    attachments: [],
    plots: [],
  };
}

interface StepJob {
  readonly suite: HilSuite;
  readonly step: SuiteStep;
  readonly phase: HilPhase;
  readonly index: number;
  readonly context: HilRunContext;
  readonly session: RunSession;
  readonly runId: string;
  readonly runDir: string;
  readonly signal: AbortSignal;
  readonly emit: (event: HilProgressEvent) => void;
}

interface Attempt {
  outcome: HilOutcome;
  message: string | null;
  readonly measurements: Measurement[];
  readonly attachments: HilAttachment[];
  readonly plots: HilPlot[];
}

/** Runs one step with its skip conditions, retries and timeout. */
async function runStep(job: StepJob): Promise<HilStepRecord> {
  const { step, phase, context } = job;
  const condition = (step.skipIf ?? []).find((c) => holds(c, context));
  if (condition !== undefined) return skippedRecord(step, phase, `Skipped: ${SKIP_REASONS[condition]}.`);

  const logs: HilLogEntry[] = [];
  const startedAt = new Date();
  const maxAttempts = 1 + (step.retries ?? 0);
  let attempt: Attempt | undefined;
  let attempts = 0;
  while (attempts < maxAttempts) {
    attempts += 1;
    job.emit({ type: 'step-started', runId: job.runId, phase, index: job.index, name: step.name, attempt: attempts });
    attempt = await runAttempt(job, attempts, logs);
    if (attempt.outcome !== 'fail' && attempt.outcome !== 'error') break;
    if (attempts < maxAttempts) logs.push({ timeMs: Date.now(), level: 'warn', text: `Attempt ${attempts} ended ${attempt.outcome}: ${attempt.message ?? ''} — retrying.` });
  }
  const last = attempt as Attempt;
  const endedAt = new Date();
  const record: HilStepRecord = {
    name: step.name,
    kind: step.kind,
    phase,
    outcome: last.outcome,
    message: last.message,
    startedAt: startedAt.toISOString(),
    endedAt: endedAt.toISOString(),
    durationMs: endedAt.getTime() - startedAt.getTime(),
    attempts,
    measurements: last.measurements,
    logs,
    attachments: last.attachments,
    plots: last.plots,
  };
  job.emit({ type: 'step-finished', runId: job.runId, phase, index: job.index, step: record });
  return record;
}

async function runAttempt(job: StepJob, attemptNumber: number, logs: HilLogEntry[]): Promise<Attempt> {
  const { step, phase, context } = job;
  const result: Attempt = { outcome: 'pass', message: null, measurements: [], attachments: [], plots: [] };
  const controller = new AbortController();
  const timeoutMs = timeoutOf(step, context);
  const timer = Number.isFinite(timeoutMs) ? setTimeout(() => controller.abort(new StepTimeout(`timed out after ${timeoutMs} ms`)), timeoutMs) : undefined;
  const onRunAbort = (): void => controller.abort(job.signal.reason);
  if (job.signal.aborted) onRunAbort();
  else job.signal.addEventListener('abort', onRunAbort, { once: true });

  const rt: StepRuntime = {
    context,
    session: job.session,
    signal: controller.signal,
    runDir: job.runDir,
    attemptTag: `a${attemptNumber}`,
    record: (m) => result.measurements.push(m),
    log: (level, text) => logs.push({ timeMs: Date.now(), level, text }),
    attach: (a) => result.attachments.push(a),
    plot: (p) => result.plots.push(p),
    progress: (fraction) => job.emit({ type: 'step-progress', runId: job.runId, phase, index: job.index, name: step.name, fraction }),
  };
  const running = execute(step, rt, job.suite);
  const stopped = new Promise<never>((_, reject) => {
    if (controller.signal.aborted) reject(controller.signal.reason);
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
  });
  stopped.catch(() => undefined);
  try {
    await Promise.race([running, stopped]);
    const failed = result.measurements.find((m) => m.outcome === 'fail');
    const marginal = result.measurements.find((m) => m.outcome === 'marginal');
    if (failed) Object.assign(result, { outcome: 'fail', message: `${failed.name}: ${failed.message ?? 'outside its limit'}` });
    else if (marginal) Object.assign(result, { outcome: 'marginal', message: `${marginal.name}: ${marginal.message ?? 'marginal'}` });
  } catch (error) {
    if (job.signal.aborted) Object.assign(result, { outcome: 'aborted', message: 'The operator aborted the run during this step.' });
    else if (controller.signal.reason instanceof StepTimeout) Object.assign(result, { outcome: 'error', message: `The step ${controller.signal.reason.message}.` });
    else Object.assign(result, { outcome: 'error', message: error instanceof StepError ? error.message : `Error: ${errorMessage(error)}` });
    logs.push({ timeMs: Date.now(), level: 'error', text: result.message ?? '' });
  } finally {
    if (timer) clearTimeout(timer);
    job.signal.removeEventListener('abort', onRunAbort);
    // Ends whatever the step still waits on (a late reply, a capture), then lets it let go.
    if (!controller.signal.aborted) controller.abort(new StepTimeout('finished'));
    let grace: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([running.catch(() => undefined), new Promise((resolve) => (grace = setTimeout(resolve, RELEASE_GRACE_MS)))]);
    clearTimeout(grace);
  }
  return result;
}

/** How the run reached its device, for the record: `simulator:imu-6axis`, `serial:/dev/ttyUSB0 (imu-6axis)`, … */
function deviceSourceLabel(spec: HilRunContext['device'], datasetDir: string | undefined): string {
  if (spec === undefined) return `dataset:${datasetDir ?? '(none)'}`;
  switch (spec.kind) {
    case 'simulator':
      return `simulator:${spec.profileId}`;
    case 'serial':
      return `serial:${spec.path} (${spec.profileId})`;
    case 'playback':
      return `playback:${spec.sessionId}/${spec.deviceId}`;
    case 'dataset':
      return `dataset:${spec.path ?? `demo of ${spec.profileId}`}`;
  }
}
