import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { deviceFamilySchema, type DeviceFamily } from '../../shared/domain/deviceProfile';
import type { HilProgressEvent, HilRunRecord } from '../../shared/domain/hilRecord';
import { ContractError } from '../../shared/ipc/contractError';
import type { DeviceSourceSpec } from '../../shared/ipc/domains/devices';
import type { HilSuite } from '../../shared/domain/hilSuite';
import type { HilPrompt } from '../../shared/ipc/domains/hil';
import type { IService } from '../core/serviceContainer';
import type { DeviceManager } from '../devices/deviceManager';
import { defaultProfileOf } from '../devices/profiles/shippedProfiles';
import { ensureDemoDataset } from '../devices/sources/demoDataset';
import type { InferenceChannelFactory } from '../inference/IInferenceChannel';
import type { RunnableVersion } from '../registry/swappableModelRunner';
import type { IOperator } from './hilContext';
import { rerunFailedSteps, runSuite } from './hilEngine';
import { HilRunStore, type HilHistoryFilter } from './hilRunStore';
import { loadModelUnderTest, profileUnderTest, type LoadedModelUnderTest } from './runtimeModelUnderTest';
import { shippedSuite } from './shippedSuites';

/** What the operator asked to run. */
export interface HilRunRequest {
  readonly family: DeviceFamily;
  /** The device the suite opens; null for an offline suite. */
  readonly device: DeviceSourceSpec | null;
  /** Repeat the failed steps of this earlier run. */
  readonly rerunFailedOf?: string;
  /** Registry version or catalogue id of the model under test; without one, model checks are skipped. */
  readonly modelId?: string;
  /** Dataset folder of an offline suite (default: the family's demo dataset). */
  readonly datasetPath?: string;
}

export interface HilServiceOptions {
  readonly devices: DeviceManager;
  readonly database: () => DatabaseSync;
  readonly dataDir: string;
  readonly appVersion: string;
  readonly station: string;
  readonly onProgress: (event: HilProgressEvent) => void;
  readonly onPrompt: (prompt: HilPrompt | null) => void;
  readonly log: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** The model a run names (registry version or catalogue id), and the runtime it is loaded in. */
  readonly models?: {
    readonly resolve: (modelId: string) => Promise<RunnableVersion>;
    readonly createChannel: InferenceChannelFactory;
    /** ONNX Runtime intra-op threads of the model under test (the station setting, as live models use). */
    readonly runtimeThreads?: () => number;
  };
  /** The calibration version in force on an open device, recorded with each run. */
  readonly calibrationVersionOf?: (deviceId: string) => string | null;
  /** Who is at the station, recorded with each run. */
  readonly operatorName?: () => string;
}

/**
 * Runs test suites for the operator UI: one run at a time, abortable, with operator prompts
 * answered through the contract and every record stored for history and reports.
 */
export class HilService implements IService {
  readonly name = 'hil';
  readonly #options: HilServiceOptions;
  #abort: AbortController | undefined;
  #prompt: { readonly prompt: HilPrompt; readonly answer: (value: boolean | number | null) => void } | undefined;
  #nextPrompt = 1;
  /** The progress events of the current (or last) run, so a page opened again can rebuild its view. */
  #progress: HilProgressEvent[] = [];

  constructor(options: HilServiceOptions) {
    this.#options = options;
  }

  start(): void {}

  async stop(): Promise<void> {
    this.#abort?.abort(new Error('the console is stopping'));
  }

  suites(): { family: HilRunRecord['suite']['family']; name: string; version: string; description: string; steps: number; needsDevice: boolean }[] {
    return deviceFamilySchema.options.map((family) => {
      const suite = shippedSuite(family);
      const steps = [...(suite.setup ?? []), ...suite.steps, ...(suite.teardown ?? [])];
      return { family, name: suite.name, version: suite.version, description: suite.description ?? '', steps: steps.length, needsDevice: steps.some((s) => s.kind === 'connect') };
    });
  }

  /**
   * Starts a run in the background once its model (if any) is loaded; progress and the result
   * arrive as events. A model that cannot be found or will not load is refused here, before any run.
   */
  async run(request: HilRunRequest): Promise<void> {
    const { family, device, rerunFailedOf, modelId } = request;
    if (this.#abort) throw new ContractError({ code: 'invalid-input', message: 'A test run is already in progress; abort it or wait for it to finish.' });
    const suite = shippedSuite(family);
    const store = new HilRunStore(this.#options.database());
    const previous = rerunFailedOf === undefined ? undefined : store.get(rerunFailedOf);
    if (rerunFailedOf !== undefined && !previous) throw new ContractError({ code: 'invalid-input', message: `No run "${rerunFailedOf}" to repeat.` });
    const abort = new AbortController();
    this.#abort = abort;
    let underTest: LoadedModelUnderTest | undefined;
    let datasetDir: string | undefined;
    try {
      datasetDir = await this.#datasetFor(suite, request.datasetPath);
      underTest = modelId === undefined ? undefined : await this.#loadModel(modelId, device, family);
    } catch (error) {
      this.#abort = undefined;
      throw error;
    }
    const context = {
      devices: this.#options.devices,
      device: device ?? undefined,
      datasetDir,
      operator: this.#operator(),
      station: this.#options.station,
      operatorName: this.#options.operatorName?.() ?? 'operator',
      appVersion: this.#options.appVersion,
      model: underTest?.model,
      modelVersion: underTest?.model.version ?? null,
      calibrationVersionOf: this.#options.calibrationVersionOf,
      dataDir: this.#options.dataDir,
    };
    const options = {
      signal: abort.signal,
      onProgress: (event: HilProgressEvent): void => {
        if (event.type === 'run-started') this.#progress = [];
        this.#progress.push(event);
        this.#options.onProgress(event);
      },
    };
    const running = previous ? rerunFailedSteps(suite, previous, context, options) : runSuite(suite, context, options);
    void running
      .then((record) => {
        store.save(record);
        this.#options.log(record.outcome === 'pass' ? 'info' : 'warn', `Test "${suite.name}" finished: ${record.outcome.toUpperCase()}${record.message ? ` — ${record.message}` : ''}.`);
      })
      .catch((error: unknown) => this.#options.log('error', `Test "${suite.name}" could not run: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        this.#abort = undefined;
        this.#clearPrompt();
        void underTest?.dispose();
      });
  }

  /**
   * The dataset an offline suite checks: the folder given, else the family's built-in demo dataset
   * (generated on first use, as the Devices page's demo dataset device is). Suites on a device need none.
   */
  async #datasetFor(suite: HilSuite, path: string | undefined): Promise<string | undefined> {
    if (!suite.steps.some((s) => s.kind === 'dataset-check' || s.kind === 'model-dataset')) return undefined;
    if (path !== undefined) {
      const dir = resolve(path);
      if (!existsSync(join(dir, 'meta.json'))) throw new ContractError({ code: 'invalid-input', message: `${dir} is not a dataset folder (it has no meta.json).` });
      return dir;
    }
    return ensureDemoDataset(defaultProfileOf(suite.family), join(this.#options.dataDir, 'datasets'));
  }

  async #loadModel(modelId: string, device: DeviceSourceSpec | null, family: HilRunRecord['suite']['family']): Promise<LoadedModelUnderTest> {
    const models = this.#options.models;
    if (!models) throw new ContractError({ code: 'invalid-input', message: 'This console cannot load models for test runs.' });
    const version = await models.resolve(modelId);
    const profile = profileUnderTest(device, family, (id) => this.#options.devices.profiles.find(id));
    if (!profile) throw new ContractError({ code: 'invalid-input', message: `No device profile to run ${version.manifest.name} against.` });
    try {
      return await loadModelUnderTest(version, profile, models.createChannel, models.runtimeThreads);
    } catch (error) {
      throw new ContractError({ code: 'invalid-input', message: error instanceof Error ? error.message : String(error) });
    }
  }

  /** The current or last run as its progress events (for a view opened late), and the prompt waiting, if any. */
  current(): { events: HilProgressEvent[]; prompt: HilPrompt | null } {
    return { events: [...this.#progress], prompt: this.#prompt?.prompt ?? null };
  }

  abort(): void {
    this.#abort?.abort(new Error('aborted by the operator'));
  }

  answer(promptId: number, value: boolean | number | null): void {
    if (!this.#prompt || this.#prompt.prompt.id !== promptId) throw new ContractError({ code: 'invalid-input', message: 'That prompt is no longer waiting for an answer.' });
    this.#prompt.answer(value);
  }

  history(filter: HilHistoryFilter): ReturnType<HilRunStore['history']> {
    return new HilRunStore(this.#options.database()).history(filter);
  }

  record(runId: string): HilRunRecord {
    const record = new HilRunStore(this.#options.database()).get(runId);
    if (!record) throw new ContractError({ code: 'invalid-input', message: `No test run "${runId}".` });
    return record;
  }

  #operator(): IOperator {
    const ask = (kind: HilPrompt['kind'], text: string, unit: string | null, signal: AbortSignal): Promise<boolean | number | null> =>
      new Promise((resolve, reject) => {
        const prompt: HilPrompt = { id: this.#nextPrompt++, kind, text, unit };
        const onAbort = (): void => {
          this.#clearPrompt();
          reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
        };
        signal.addEventListener('abort', onAbort, { once: true });
        this.#prompt = {
          prompt,
          answer: (value) => {
            signal.removeEventListener('abort', onAbort);
            this.#clearPrompt();
            resolve(value);
          },
        };
        this.#options.onPrompt(prompt);
      });
    return {
      acknowledge: async (text, signal) => {
        await ask('acknowledge', text, null, signal);
      },
      confirm: async (text, signal) => (await ask('confirm', text, null, signal)) === true,
      enterNumber: async (text, unit, signal) => {
        const value = await ask('number', text, unit, signal);
        if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error('The operator entered no number.');
        return value;
      },
    };
  }

  #clearPrompt(): void {
    if (!this.#prompt) return;
    this.#prompt = undefined;
    this.#options.onPrompt(null);
  }
}
