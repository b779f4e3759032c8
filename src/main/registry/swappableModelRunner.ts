import { isDeepStrictEqual } from 'node:util';
import type { ModelManifest } from '../../shared/domain/modelManifest';
import type { ShadowStatus } from '../../shared/domain/registry';
import { ContractError } from '../../shared/ipc/contractError';
import type { HostFeedMap } from '../inference/windowedFeed';
import type { HostCrash, InferenceHostClient, InferenceHostState, RunResult } from '../inference/inferenceHostClient';
import { ShadowComparison } from './shadowComparison';

/** A stored version ready to load: its registry id, package folder and manifest. */
export interface RunnableVersion {
  readonly versionId: string;
  readonly dir: string;
  readonly manifest: ModelManifest;
}

/**
 * Feeds for one batch: ready tensors, or a function that builds them for the manifest of the
 * version the batch is dispatched to (needed when versions normalise their inputs differently).
 */
export type FeedSource = HostFeedMap | ((manifest: ModelManifest) => HostFeedMap);

/** A run's answer tagged with the version that produced it. */
export interface TaggedRunResult extends RunResult {
  readonly versionId: string;
  readonly manifest: ModelManifest;
}

/** What the live pipeline needs from a model runtime: `InferenceHostClient`'s `run`, plus the version tag. */
export interface ILiveModelRunner {
  run(feeds: FeedSource, options?: { timeoutMs?: number }): Promise<TaggedRunResult>;
}

export interface SwapReport {
  readonly from: string;
  readonly to: string;
  /** Loading and warming the candidate beside the serving model. */
  readonly loadMs: number;
  /** Waiting for the batches already sent to the old model to finish on it (its process then exits in the background). */
  readonly drainMs: number;
}

export interface SwappableRunnerEvents {
  swapped: SwapReport;
  crashed: HostCrash & { readonly versionId: string };
  failed: { readonly versionId: string; readonly message: string };
  /** Every finished run of the serving version (for error-rate and latency monitoring). */
  ran: { readonly versionId: string; readonly ok: boolean; readonly latencyMs: number | null };
}

interface Slot {
  readonly version: RunnableVersion;
  readonly client: InferenceHostClient;
  inFlight: number;
  drained: (() => void) | undefined;
  readonly off: (() => void)[];
}

interface Shadow {
  readonly version: RunnableVersion;
  readonly client: InferenceHostClient;
  readonly comparison: ShadowComparison;
  readonly startedAt: string;
  busy: boolean;
  skipped: number;
  errors: number;
  lastError: string | null;
}

export interface SwappableModelRunnerOptions {
  /** A fresh client per loaded version (each is its own runtime process). */
  readonly createClient: (label: string) => InferenceHostClient;
  readonly now?: () => number;
}

/**
 * A model runtime whose model can be replaced while windows stream through it (docs/model-registry.md,
 * "Hot swap"). The candidate is loaded and warmed in its own process beside the serving one; the
 * switch is one assignment between two `run` calls, so each batch goes to exactly one version
 * and is tagged with it; batches already sent finish on the old version, which is shut down once
 * they have. If the candidate fails to load, nothing changes and `swap` rejects.
 *
 * A shadow version can run beside the serving one on the same feeds: it is only compared, its
 * outputs are never returned, and it is skipped (counted) rather than waited for when busy.
 */
export class SwappableModelRunner implements ILiveModelRunner {
  readonly #createClient: (label: string) => InferenceHostClient;
  readonly #now: () => number;
  readonly #listeners: { [K in keyof SwappableRunnerEvents]: Set<(event: SwappableRunnerEvents[K]) => void> } = {
    swapped: new Set(),
    crashed: new Set(),
    failed: new Set(),
    ran: new Set(),
  };
  #slot: Slot | undefined;
  #baselineInputs: ModelManifest['inputs'] | undefined;
  #baselineActuators: ModelManifest['outputs'] | undefined;
  #shadow: Shadow | undefined;
  #swapping: Promise<unknown> = Promise.resolve();
  /** Old runtimes shutting down after a swap; `dispose` waits for them. */
  readonly #closing = new Set<Promise<void>>();
  #disposed = false;

  constructor(options: SwappableModelRunnerOptions) {
    this.#createClient = options.createClient;
    this.#now = options.now ?? Date.now;
  }

  /** The version serving now. */
  get serving(): RunnableVersion | undefined {
    return this.#slot?.version;
  }

  get state(): InferenceHostState {
    return this.#slot?.client.state ?? 'idle';
  }

  /** The serving runtime's process id, while one runs. */
  get runtimePid(): number | undefined {
    return this.#slot?.client.pid;
  }

  /** The serving runtime's health, in the service container's terms. */
  health(): ReturnType<InferenceHostClient['health']> {
    return this.#slot?.client.health() ?? { state: 'stopped', detail: 'no model loaded' };
  }

  /** Restarts of the serving version's runtime. */
  get restartCount(): number {
    return this.#slot?.client.restartCount ?? 0;
  }

  /** ONNX Runtime intra-op threads of the serving version's session. */
  get intraOpThreads(): number | undefined {
    return this.#slot?.client.intraOpThreads;
  }

  on<K extends keyof SwappableRunnerEvents>(event: K, listener: (payload: SwappableRunnerEvents[K]) => void): () => void {
    this.#listeners[event].add(listener);
    return () => this.#listeners[event].delete(listener);
  }

  /** Loads the first version. */
  async start(version: RunnableVersion): Promise<void> {
    if (this.#slot) throw new ContractError({ code: 'failed', message: 'The runner is already serving; use swap' });
    this.#slot = await this.#load(version);
    this.#baselineInputs = version.manifest.inputs;
    this.#baselineActuators = actuatorsOf(version.manifest);
  }

  /** Runs one batch on the version serving at this instant. */
  async run(feeds: FeedSource, options: { timeoutMs?: number } = {}): Promise<TaggedRunResult> {
    const slot = this.#slot;
    if (!slot || this.#disposed) throw new ContractError({ code: 'unavailable', message: 'No model is loaded' });
    const manifest = slot.version.manifest;
    const tensors = this.#feedsFor(feeds, manifest);
    slot.inFlight += 1;
    const shadowRun = this.#shadowRun(feeds);
    try {
      const result = await slot.client.run(tensors, options);
      this.#emit('ran', { versionId: slot.version.versionId, ok: true, latencyMs: result.latencyUs / 1000 });
      if (shadowRun) void this.#compare(shadowRun, manifest, result);
      return { ...result, versionId: slot.version.versionId, manifest };
    } catch (error) {
      this.#emit('ran', { versionId: slot.version.versionId, ok: false, latencyMs: null });
      throw error;
    } finally {
      slot.inFlight -= 1;
      if (slot.inFlight === 0) slot.drained?.();
    }
  }

  /**
   * Loads `version` beside the serving one and switches to it. Rejects (the serving version
   * untouched) when the candidate cannot run on the same feeds or fails to load. Swaps queue:
   * a second swap starts after the first has finished.
   */
  swap(version: RunnableVersion): Promise<SwapReport> {
    const next = this.#swapping.then(
      () => this.#swap(version),
      () => this.#swap(version),
    );
    this.#swapping = next;
    return next;
  }

  /** Starts comparing `version` with the serving one on the same windows (replacing any shadow). */
  async startShadow(version: RunnableVersion): Promise<void> {
    await this.stopShadow();
    const problem = this.#incompatibility(version.manifest);
    if (problem) throw new ContractError({ code: 'invalid-input', message: `${label(version)} cannot shadow on this stream: ${problem}` });
    const client = this.#createClient(`shadow ${label(version)}`);
    try {
      await client.load(version.dir);
    } catch (error) {
      await client.dispose();
      throw new ContractError({ code: 'failed', message: `The shadow ${label(version)} could not be loaded: ${errorText(error)}` });
    }
    if (this.#disposed) {
      await client.dispose();
      return;
    }
    this.#shadow = { version, client, comparison: new ShadowComparison(), startedAt: new Date(this.#now()).toISOString(), busy: false, skipped: 0, errors: 0, lastError: null };
  }

  async stopShadow(): Promise<void> {
    const shadow = this.#shadow;
    this.#shadow = undefined;
    await shadow?.client.dispose();
  }

  /** Agreement so far, or undefined without a shadow. */
  shadowStatus(deviceId: string): ShadowStatus | undefined {
    const shadow = this.#shadow;
    const slot = this.#slot;
    if (!shadow || !slot) return undefined;
    return {
      deviceId,
      activeVersionId: slot.version.versionId,
      shadowVersionId: shadow.version.versionId,
      startedAt: shadow.startedAt,
      windowsCompared: shadow.comparison.windows,
      windowsSkipped: shadow.skipped,
      shadowErrors: shadow.errors,
      lastError: shadow.lastError,
      outputs: shadow.comparison.stats(),
    };
  }

  /** Shuts every runtime down (serving, shadow and any swap in progress). */
  async dispose(): Promise<void> {
    this.#disposed = true;
    await this.stopShadow();
    const slot = this.#slot;
    this.#slot = undefined;
    if (slot) await this.#retire(slot);
    await this.#swapping.catch(() => undefined);
    await Promise.all(this.#closing);
  }

  async #swap(version: RunnableVersion): Promise<SwapReport> {
    const old = this.#slot;
    if (!old) throw new ContractError({ code: 'unavailable', message: 'No model is serving; start one before swapping' });
    if (old.version.versionId === version.versionId) return { from: version.versionId, to: version.versionId, loadMs: 0, drainMs: 0 };
    const problem = this.#incompatibility(version.manifest);
    if (problem) {
      throw new ContractError({ code: 'invalid-input', message: `${label(version)} cannot replace ${label(old.version)} on a live stream: ${problem}; stop and start the model instead` });
    }
    const loadStarted = this.#now();
    let next: Slot;
    try {
      next = await this.#load(version);
    } catch (error) {
      throw new ContractError({ code: 'failed', message: `${label(version)} could not be loaded, so ${label(old.version)} keeps serving: ${errorText(error)}` });
    }
    if (this.#disposed || this.#slot !== old) {
      await this.#retire(next);
      throw new ContractError({ code: 'unavailable', message: 'The runner was stopped during the swap' });
    }
    const loadMs = this.#now() - loadStarted;
    // The switch: every run() from here on goes to the new version; earlier ones finish on the old.
    this.#slot = next;
    const drainStarted = this.#now();
    await this.#drain(old);
    // The old process exits in the background: the stream no longer depends on it.
    const closing = old.client.dispose().finally(() => this.#closing.delete(closing));
    this.#closing.add(closing);
    const report = { from: old.version.versionId, to: version.versionId, loadMs, drainMs: this.#now() - drainStarted };
    this.#emit('swapped', report);
    return report;
  }

  async #load(version: RunnableVersion): Promise<Slot> {
    const client = this.#createClient(label(version));
    try {
      await client.load(version.dir);
    } catch (error) {
      await client.dispose();
      throw error;
    }
    const id = version.versionId;
    return {
      version,
      client,
      inFlight: 0,
      drained: undefined,
      off: [
        client.on('crashed', (crash) => this.#emit('crashed', { ...crash, versionId: id })),
        client.on('failed', ({ message }) => this.#emit('failed', { versionId: id, message })),
      ],
    };
  }

  /** Stops listening to the slot and waits for its batches in flight to finish. */
  async #drain(slot: Slot): Promise<void> {
    for (const off of slot.off) off();
    if (slot.inFlight > 0) await new Promise<void>((resolve) => (slot.drained = resolve));
  }

  /** Drains the slot, then shuts its runtime down. */
  async #retire(slot: Slot): Promise<void> {
    await this.#drain(slot);
    await slot.client.dispose();
  }

  /** Why `manifest` cannot take over this stream (different windowing or tensor layout), if it cannot. */
  #incompatibility(manifest: ModelManifest): string | undefined {
    const baseline = this.#baselineInputs;
    if (!baseline) return undefined;
    if (manifest.inputs.length !== baseline.length) return `it takes ${manifest.inputs.length} inputs, the stream feeds ${baseline.length}`;
    for (const [i, input] of manifest.inputs.entries()) {
      const { normalisation: _n, range: _r, ...layout } = input;
      const { normalisation: _bn, range: _br, ...baseLayout } = baseline[i];
      if (!isDeepStrictEqual(layout, baseLayout)) return `input "${input.name}" differs in name, type, shape, channels or window`;
    }
    // The actuator guard was set up with the serving version's limits; new limits need a new guard.
    if (!isDeepStrictEqual(actuatorsOf(manifest), this.#baselineActuators)) return 'its actuator output or limits differ';
    return undefined;
  }

  #feedsFor(feeds: FeedSource, manifest: ModelManifest): HostFeedMap {
    if (typeof feeds === 'function') return feeds(manifest);
    if (!isDeepStrictEqual(manifest.inputs, this.#baselineInputs)) {
      throw new ContractError({
        code: 'failed',
        message: `The feeds were prepared for another version's normalisation; ${manifest.name} ${manifest.version} needs feeds built for it`,
      });
    }
    return feeds;
  }

  #shadowRun(feeds: FeedSource): { shadow: Shadow; result: Promise<RunResult> } | undefined {
    const shadow = this.#shadow;
    if (!shadow) return undefined;
    if (shadow.busy) {
      shadow.skipped += 1;
      return undefined;
    }
    shadow.busy = true;
    const tensors = typeof feeds === 'function' ? feeds(shadow.version.manifest) : feeds;
    const result = shadow.client.run(tensors);
    // The serving run may fail first; the shadow's outcome is then still consumed here.
    result.then(
      () => (shadow.busy = false),
      (error: unknown) => {
        shadow.busy = false;
        shadow.errors += 1;
        shadow.lastError = errorText(error);
      },
    );
    return { shadow, result };
  }

  async #compare(run: { shadow: Shadow; result: Promise<RunResult> }, activeManifest: ModelManifest, active: RunResult): Promise<void> {
    try {
      const shadowResult = await run.result;
      run.shadow.comparison.add(activeManifest, run.shadow.version.manifest, active.outputs, shadowResult.outputs, this.#now());
    } catch {
      // Counted by #shadowRun's rejection handler.
    }
  }

  #emit<K extends keyof SwappableRunnerEvents>(event: K, payload: SwappableRunnerEvents[K]): void {
    for (const listener of this.#listeners[event]) {
      try {
        listener(payload);
      } catch {
        // A listener's fault must not break the stream.
      }
    }
  }
}

function actuatorsOf(manifest: ModelManifest): ModelManifest['outputs'] {
  return manifest.outputs.filter((o) => o.kind === 'actuator');
}

function label(version: RunnableVersion): string {
  return `${version.manifest.name} ${version.manifest.version}`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
