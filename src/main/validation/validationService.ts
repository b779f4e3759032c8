import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { ServiceState } from '../../shared/ipc/domains/app';
import { boundSpannedByInterval, type ValidationProgress, type ValidationRun } from '../../shared/domain/validation';
import type { DriftRun } from '../../shared/domain/validationDrift';
import { ContractError } from '../../shared/ipc/contractError';
import type { ValidationRunState } from '../../shared/ipc/domains/validation';
import type { IService } from '../core/serviceContainer';
import type { InferenceChannelFactory } from '../inference/IInferenceChannel';
import { InferenceHostClient } from '../inference/inferenceHostClient';
import { readModelPackage } from '../inference/modelPackage';
import type { ModelCatalogue } from '../pipeline/modelCatalogue';
import { runBatchInference } from './batchInference';
import type { CsvDatasetOptions } from './datasets/csvDataset';
import type { LabelledDataset } from './datasets/labelledDataset';
import { openDataset } from './datasets/openDataset';
import { DatasetError } from './datasets/simulatorDataset';
import { compareDatasets } from './drift/offlineDrift';
import { renderDriftHtml, renderDriftJson } from './reports/driftReport';
import { renderValidationHtml, renderValidationJson } from './reports/validationReport';
import { runValidation } from './validationRunner';
import type { ValidationStore } from './validationStore';

export interface ValidationServiceOptions {
  readonly store: ValidationStore;
  /** Resolves catalogue ids (`imu/step-detection`); folder paths are used as they are. */
  readonly catalogue: ModelCatalogue | undefined;
  readonly createChannel: InferenceChannelFactory;
  /** ONNX Runtime intra-op threads of the models it runs (the station setting). */
  readonly runtimeThreads?: () => number;
  readonly appVersion: string;
  /** Progress and outcome of runs started with `start`. */
  readonly onState?: (state: ValidationRunState) => void;
  readonly log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

/** What `start` and `validate` take. */
export interface ValidationStartRequest {
  readonly model: string;
  readonly modelB?: string;
  readonly dataset: string;
  readonly labelColumn?: string;
  readonly eventToleranceS?: number;
  readonly calibrationVersion?: string;
}

export interface DriftRequest {
  readonly baseline: string;
  readonly current: string;
  readonly model?: string;
  readonly alpha?: number;
}

/** Progress events closer together than this are dropped (phase changes and the end always pass). */
const PROGRESS_INTERVAL_MS = 150;

/**
 * Offline validation and drift runs: resolves models and datasets, runs them in their own
 * inference hosts, stores complete runs (never a cancelled or failed one) and renders reports.
 */
export class ValidationService implements IService {
  #latest: ValidationRunState | undefined;
  readonly name = 'validation';
  readonly #options: ValidationServiceOptions;
  readonly #running = new Map<string, { readonly controller: AbortController; readonly done: Promise<void> }>();

  constructor(options: ValidationServiceOptions) {
    this.#options = options;
  }

  start(): void {}

  /** Cancels every run and waits for them to wind down. */
  async stop(): Promise<void> {
    const runs = [...this.#running.values()];
    for (const r of runs) r.controller.abort();
    await Promise.all(runs.map((r) => r.done));
  }

  health(): { state: ServiceState; detail: string } {
    return { state: 'running', detail: this.#running.size === 0 ? 'idle' : `${this.#running.size} run(s) in progress` };
  }

  /** A model folder from a folder path or a catalogue id; refuses with the reason. */
  async resolveModel(spec: string): Promise<string> {
    const info = await stat(spec).catch(() => undefined);
    if (info?.isDirectory()) return spec;
    if (!this.#options.catalogue) throw new ContractError({ code: 'invalid-input', message: `Model ${spec} is not a folder.` });
    return (await this.#options.catalogue.open(spec)).dir;
  }

  async #openDataset(path: string, options: CsvDatasetOptions = {}): Promise<LabelledDataset> {
    try {
      return await openDataset(path, options);
    } catch (error) {
      if (error instanceof DatasetError) throw new ContractError({ code: 'invalid-input', message: error.message });
      throw error;
    }
  }

  /**
   * Runs a validation to the end and stores it; progress (throttled) goes to `onProgress`, whose
   * last call has fraction 1 and comes only once the run is stored.
   */
  async validate(request: ValidationStartRequest, options: { runId?: string; signal?: AbortSignal; onProgress?: (p: ValidationProgress) => void } = {}): Promise<ValidationRun> {
    const runId = options.runId ?? randomUUID();
    const modelDir = await this.resolveModel(request.model);
    const modelDirB = request.modelB === undefined ? undefined : await this.resolveModel(request.modelB);
    const dataset = await this.#openDataset(request.dataset, { labelColumn: request.labelColumn });
    const run = await runValidation({
      runId,
      modelDir,
      modelDirB,
      dataset,
      createChannel: this.#options.createChannel,
      runtimeThreads: this.#options.runtimeThreads,
      appVersion: this.#options.appVersion,
      calibrationVersion: request.calibrationVersion ?? dataset.calibrationVersion ?? null,
      eventToleranceS: request.eventToleranceS,
      signal: options.signal,
      onProgress: options.onProgress,
    });
    this.#options.store.saveValidation(run, this.#options.appVersion);
    options.onProgress?.({ runId, phase: 'done', fraction: 1, etaS: 0, detail: run.passed ? 'Passed' : 'Failed' });
    return run;
  }

  /** Starts a run in the background and returns its id; `onState` reports progress and the outcome. */
  begin(request: ValidationStartRequest): { runId: string } {
    const runId = randomUUID();
    const controller = new AbortController();
    let lastEmit = 0;
    let lastPhase = '';
    let last: ValidationProgress = { runId, phase: 'loading', fraction: 0, etaS: null, detail: 'Starting' };
    const emit = (state: ValidationRunState): void => {
      this.#latest = state;
      this.#options.onState?.(state);
    };
    const onProgress = (p: ValidationProgress): void => {
      last = p;
      const now = Date.now();
      if (p.phase === lastPhase && now - lastEmit < PROGRESS_INTERVAL_MS) return;
      lastEmit = now;
      lastPhase = p.phase;
      emit({ runId, state: 'running', progress: p, error: null, passed: null, undecided: [] });
    };
    const done = this.validate(request, { runId, signal: controller.signal, onProgress }).then(
      (run) => {
        this.#options.log?.('info', `Validation ${runId} of ${run.a.model.name} ${run.a.model.version}: ${run.passed ? 'passed' : 'failed'}.`);
        const undecided = [run.a, ...(run.b ? [run.b] : [])].flatMap((r) => r.checks.filter((c) => boundSpannedByInterval(c) !== undefined).map((c) => c.metric));
        emit({ runId, state: 'complete', progress: last, error: null, passed: run.passed, undecided: [...new Set(undecided)] });
      },
      (error: unknown) => {
        const cancelled = controller.signal.aborted;
        const message = error instanceof Error ? error.message : String(error);
        if (!cancelled) this.#options.log?.('warn', `Validation ${runId} failed: ${message}`);
        emit({ runId, state: cancelled ? 'cancelled' : 'failed', progress: last, error: cancelled ? null : message, passed: null, undecided: [] });
      },
    );
    const tracked = done.finally(() => this.#running.delete(runId));
    this.#running.set(runId, { controller, done: tracked });
    return { runId };
  }

  /** The state of the latest background run (running or finished), for a page opened while or after it ran. */
  latest(): ValidationRunState | null {
    return this.#latest ?? null;
  }

  /** Cancels a running validation; false when no such run is in progress. */
  cancel(runId: string): { cancelled: boolean } {
    const run = this.#running.get(runId);
    run?.controller.abort();
    return { cancelled: run !== undefined };
  }

  /** Waits for a background run to settle (tests, shutdown). */
  async settled(runId: string): Promise<void> {
    await this.#running.get(runId)?.done;
  }

  list(limit?: number, calibrationVersion?: string): ReturnType<ValidationStore['list']> {
    return this.#options.store.list(limit, calibrationVersion);
  }

  modelsValidatedWith(calibrationVersion: string): string[] {
    return this.#options.store.modelsValidatedWith(calibrationVersion);
  }

  report(runId: string, format: 'html' | 'json'): { fileName: string; mediaType: string; text: string } {
    const stored = this.#options.store.get(runId);
    if (!stored) throw new ContractError({ code: 'invalid-input', message: `There is no stored validation run ${runId}.` });
    const base = `${stored.kind}-${runId.slice(0, 8)}`;
    const text =
      stored.kind === 'drift'
        ? format === 'html'
          ? renderDriftHtml(stored.run)
          : renderDriftJson(stored.run)
        : format === 'html'
          ? renderValidationHtml(stored.run)
          : renderValidationJson(stored.run);
    return { fileName: `${base}.${format}`, mediaType: format === 'html' ? 'text/html' : 'application/json', text };
  }

  /** Compares two datasets (and, with a model, its predictions on both) and stores the drift run. */
  async drift(request: DriftRequest, signal?: AbortSignal): Promise<DriftRun> {
    const baseline = await this.#openDataset(request.baseline);
    const current = await this.#openDataset(request.current);
    const predictions = request.model === undefined ? undefined : await this.#predictBoth(await this.resolveModel(request.model), baseline, current, signal);
    const run = compareDatasets(baseline, current, { alpha: request.alpha, predictions });
    this.#options.store.saveDrift(run, this.#options.appVersion);
    return run;
  }

  async #predictBoth(dir: string, baseline: LabelledDataset, current: LabelledDataset, signal: AbortSignal | undefined): Promise<NonNullable<Parameters<typeof compareDatasets>[2]>['predictions']> {
    const pkg = await readModelPackage(dir);
    const client = new InferenceHostClient({
      createChannel: this.#options.createChannel,
      name: `drift ${pkg.manifest.name}`,
      runTimeoutMs: 60_000,
      runtimeThreads: this.#options.runtimeThreads,
    });
    try {
      await client.load(pkg.dir);
      const a = await runBatchInference(client, pkg.manifest, baseline, { signal });
      const b = await runBatchInference(client, pkg.manifest, current, { signal });
      const sha256 = pkg.manifest.files.find((f) => f.path === 'model.onnx')?.sha256 ?? '';
      return { model: { name: pkg.manifest.name, version: pkg.manifest.version, sha256, path: pkg.dir }, baseline: a.predictions, current: b.predictions };
    } finally {
      await client.dispose();
    }
  }
}
