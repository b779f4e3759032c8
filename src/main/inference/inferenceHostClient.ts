import { ContractError } from '../../shared/ipc/contractError';
import type { ServiceState } from '../../shared/ipc/domains/app';
import type { IService } from '../core/serviceContainer';
import { compactTensorData, type HostTensorMap } from './hostTensor';
import { type HostFeed, type HostFeedMap, isWindowedFeed } from './windowedFeed';
import type { ChannelExit, IInferenceChannel, InferenceChannelFactory } from './IInferenceChannel';
import type { HostLoadOptions, HostReply, HostRequest, LoadedModel } from './inferenceProtocol';
import { checkFeeds } from './modelSignature';

/** Tuning of one client; every field has a default suited to small sensor models. */
export interface InferenceHostClientOptions {
  /** Starts a host process (`forkInferenceChannel(script)` or the Electron utilityProcess equivalent). */
  readonly createChannel: InferenceChannelFactory;
  /** Shown in service health. */
  readonly name?: string;
  /** A run that takes longer is rejected and the host recycled (default 2000 ms). */
  readonly runTimeoutMs?: number;
  /** Verifying, loading and warming up a package (default 30 s). */
  readonly loadTimeoutMs?: number;
  /** Runs sent but not answered; more are refused at once so callers drop work instead of queueing it (default 4). */
  readonly maxInFlight?: number;
  /** Wait before restart n is 2^(n−1) × initial, capped at max (default 250 ms … 8 s). */
  readonly restartDelayMs?: { readonly initial: number; readonly max: number };
  /** Crashes in a row (no successful run between them) before the client gives up (default 5). */
  readonly maxConsecutiveCrashes?: number;
  /** How long a host may take to exit after `dispose` before it is killed (default 1000 ms). */
  readonly closeGraceMs?: number;
  /** ONNX Runtime intra-op threads for each load that does not name them, read at load time (the station setting; default 1). */
  readonly runtimeThreads?: () => number;
}

/** `idle`: no model; `failed`: gave up restarting (load again to recover); `disposed`: final. */
export type InferenceHostState = 'idle' | 'loading' | 'ready' | 'restarting' | 'failed' | 'disposed';

/** A host that died or hung while serving a model. */
export interface HostCrash {
  /** In a technician's words: "The model runtime stopped (exit code 134)". */
  readonly reason: string;
  /** Set when the process exited; absent when it hung and was killed. */
  readonly exit: ChannelExit | undefined;
  /** Restarts so far, this crash's not yet counted. */
  readonly restartCount: number;
  /** When the next restart starts; undefined when the client gave up. */
  readonly restartInMs: number | undefined;
}

/** Events a client emits; listeners must not throw (errors are swallowed so a listener cannot break recovery). */
export interface InferenceHostEvents {
  crashed: HostCrash;
  restarted: { readonly restartCount: number; readonly warmupMs: number };
  failed: { readonly message: string };
}

/** One call's answer. */
export interface RunResult {
  readonly outputs: HostTensorMap;
  /** Time inside `session.run` in the host, microseconds. */
  readonly latencyUs: number;
  /** Time from `run()` to its answer in the core, microseconds (latency plus messaging). */
  readonly roundTripUs: number;
}

const DEFAULT_LOAD_OPTIONS: HostLoadOptions = { intraOpThreads: 1, warmupRuns: 3 };

interface Pending {
  readonly resolve: (reply: HostReply) => void;
  readonly reject: (error: ContractError) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * The core's handle on one model runtime in its own process (ARCHITECTURE.md §1). It loads one
 * package, runs batches with a per-call timeout and a bound on calls in flight, and survives
 * the host: when the process exits or hangs, pending calls reject with `unavailable`, `crashed`
 * fires, and the host is restarted with backoff and the same package reloaded. Nothing the host
 * does can throw in the core.
 */
export class InferenceHostClient implements IService {
  readonly name: string;
  readonly #createChannel: InferenceChannelFactory;
  readonly #runTimeoutMs: number;
  readonly #runtimeThreads: (() => number) | undefined;
  readonly #loadTimeoutMs: number;
  readonly #maxInFlight: number;
  readonly #restartDelayMs: { readonly initial: number; readonly max: number };
  readonly #maxConsecutiveCrashes: number;
  readonly #closeGraceMs: number;
  readonly #pending = new Map<number, Pending>();
  readonly #listeners: { [K in keyof InferenceHostEvents]: Set<(event: InferenceHostEvents[K]) => void> } = {
    crashed: new Set(),
    restarted: new Set(),
    failed: new Set(),
  };
  #channel: IInferenceChannel | undefined;
  #state: InferenceHostState = 'idle';
  #detail = 'no model loaded';
  #package: { readonly dir: string; readonly options: HostLoadOptions } | undefined;
  #model: LoadedModel | undefined;
  #nextId = 0;
  #restartCount = 0;
  #consecutiveCrashes = 0;
  #restartTimer: NodeJS.Timeout | undefined;

  constructor(options: InferenceHostClientOptions) {
    this.name = options.name ?? 'inference-host';
    this.#createChannel = options.createChannel;
    this.#runTimeoutMs = options.runTimeoutMs ?? 2000;
    this.#loadTimeoutMs = options.loadTimeoutMs ?? 30_000;
    this.#maxInFlight = options.maxInFlight ?? 4;
    this.#restartDelayMs = options.restartDelayMs ?? { initial: 250, max: 8000 };
    this.#maxConsecutiveCrashes = options.maxConsecutiveCrashes ?? 5;
    this.#closeGraceMs = options.closeGraceMs ?? 1000;
    this.#runtimeThreads = options.runtimeThreads;
  }

  get state(): InferenceHostState {
    return this.#state;
  }

  /** Host restarts since construction. */
  get restartCount(): number {
    return this.#restartCount;
  }

  /** The loaded model (manifest, graph signature), while one is loaded. */
  get model(): LoadedModel | undefined {
    return this.#model;
  }

  /** ONNX Runtime intra-op threads of the loaded session. */
  get intraOpThreads(): number | undefined {
    return this.#package?.options.intraOpThreads;
  }

  /** The folder of the loaded package. */
  get packageDir(): string | undefined {
    return this.#package?.dir;
  }

  /** The host's process id, while one runs. */
  get pid(): number | undefined {
    return this.#channel?.pid;
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends keyof InferenceHostEvents>(event: K, listener: (payload: InferenceHostEvents[K]) => void): () => void {
    this.#listeners[event].add(listener);
    return () => this.#listeners[event].delete(listener);
  }

  /**
   * Starts a fresh host and loads the package into it: integrity, graph-vs-manifest check and
   * warm-up all happen in the host. A previous host is shut down first (sessions leak when
   * created and released repeatedly in one process). A failed load leaves the client idle.
   */
  async load(packageDir: string, options: Partial<HostLoadOptions> = {}): Promise<LoadedModel> {
    if (this.#state === 'disposed') throw this.#unavailable();
    await this.#shutdown(new ContractError({ code: 'unavailable', message: `The model runtime is switching to ${packageDir}` }));
    const resolved = { ...DEFAULT_LOAD_OPTIONS, intraOpThreads: this.#runtimeThreads?.() ?? DEFAULT_LOAD_OPTIONS.intraOpThreads, ...options };
    this.#package = undefined;
    this.#setState('loading', `loading ${packageDir}`);
    try {
      const model = await this.#loadInNewHost(packageDir, resolved);
      this.#package = { dir: packageDir, options: resolved };
      this.#model = model;
      this.#consecutiveCrashes = 0;
      this.#setState('ready', `${model.manifest.name} ${model.manifest.version}`);
      return model;
    } catch (error) {
      // A load superseded by another load or by dispose leaves the state to that call.
      if (this.#state === 'loading') {
        await this.#shutdown(undefined);
        this.#setState('idle', 'no model loaded');
      }
      throw error;
    }
  }

  /**
   * Runs the model. Feeds are checked against the manifest first (`invalid-input` naming the
   * tensor); the call is refused with `unavailable` while the host is not ready or too many
   * calls are in flight, and rejects with `unavailable` if the host dies or exceeds the timeout.
   */
  async run(feeds: HostFeedMap, options: { timeoutMs?: number } = {}): Promise<RunResult> {
    const model = this.#model;
    if (this.#state !== 'ready' || !model || !this.#channel) throw this.#unavailable();
    if (this.#pending.size >= this.#maxInFlight) {
      throw new ContractError({ code: 'unavailable', message: `The model runtime is busy (${this.#pending.size} calls in flight)` });
    }
    const issues = checkFeeds(model.manifest, feeds);
    if (issues.length > 0) {
      throw new ContractError({ code: 'invalid-input', message: `The inputs do not fit ${model.manifest.name}: ${issues[0]}`, issues });
    }
    const compacted: Record<string, HostFeed> = {};
    for (const [name, feed] of Object.entries(feeds)) {
      compacted[name] = isWindowedFeed(feed)
        ? { ...feed, samples: compactTensorData(feed.samples), starts: compactTensorData(feed.starts) }
        : { dims: feed.dims, data: compactTensorData(feed.data) };
    }
    const started = performance.now();
    const reply = await this.#request(this.#channel, (id) => ({ type: 'run', id, feeds: compacted }), options.timeoutMs ?? this.#runTimeoutMs);
    if (reply.type !== 'result') throw replyError(reply);
    this.#consecutiveCrashes = 0;
    return { outputs: reply.outputs, latencyUs: reply.latencyUs, roundTripUs: (performance.now() - started) * 1000 };
  }

  /** Shuts the host down for good; pending calls reject with `unavailable`. */
  async dispose(): Promise<void> {
    if (this.#state === 'disposed') return;
    this.#setState('disposed', 'shut down');
    await this.#shutdown(this.#unavailable());
  }

  /** IService: the client starts idle; `load` starts a host. */
  start(): void {}

  /** IService: same as `dispose`. */
  stop(): Promise<void> {
    return this.dispose();
  }

  /** IService: ready → running, loading → starting, restarting → degraded. */
  health(): { state: ServiceState; detail: string } {
    const state: ServiceState = (() => {
      switch (this.#state) {
        case 'ready':
          return 'running';
        case 'loading':
          return 'starting';
        case 'restarting':
          return 'degraded';
        case 'failed':
          return 'failed';
        case 'idle':
        case 'disposed':
          return 'stopped';
        default: {
          const unreachable: never = this.#state;
          return unreachable;
        }
      }
    })();
    return { state, detail: this.#detail };
  }

  async #loadInNewHost(packageDir: string, options: HostLoadOptions): Promise<LoadedModel> {
    const channel = this.#createChannel();
    this.#channel = channel;
    channel.onMessage((reply) => {
      if (this.#channel === channel) this.#settle(reply);
    });
    channel.onExit((exit) => {
      if (this.#channel === channel) this.#lost(describeExit(exit), exit);
    });
    const reply = await this.#request(channel, (id) => ({ type: 'load', id, packageDir, options }), this.#loadTimeoutMs);
    if (reply.type !== 'loaded') throw replyError(reply);
    return reply.model;
  }

  #request(channel: IInferenceChannel, build: (id: number) => HostRequest, timeoutMs: number): Promise<HostReply> {
    const id = ++this.#nextId;
    return new Promise<HostReply>((resolve, reject) => {
      const timer = setTimeout(() => this.#lost(`The model runtime did not answer within ${timeoutMs} ms`, undefined), timeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
      channel.send(build(id));
    });
  }

  #settle(reply: HostReply): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    clearTimeout(pending.timer);
    pending.resolve(reply);
  }

  /** The current host died or hung: fail its calls, kill it, and restart it if it was serving a model. */
  #lost(reason: string, exit: ChannelExit | undefined): void {
    const channel = this.#channel;
    this.#channel = undefined;
    channel?.kill();
    const serving = this.#package !== undefined && (this.#state === 'ready' || this.#state === 'restarting');
    if (!serving) {
      this.#rejectAll(new ContractError({ code: 'unavailable', message: reason }));
      return;
    }
    this.#consecutiveCrashes++;
    if (this.#consecutiveCrashes > this.#maxConsecutiveCrashes) {
      const message = `${reason} — gave up after ${this.#maxConsecutiveCrashes} restarts in a row; load the model again to retry`;
      this.#rejectAll(new ContractError({ code: 'unavailable', message }));
      this.#emit('crashed', { reason, exit, restartCount: this.#restartCount, restartInMs: undefined });
      this.#fail(message);
      return;
    }
    const delay = Math.min(this.#restartDelayMs.initial * 2 ** (this.#consecutiveCrashes - 1), this.#restartDelayMs.max);
    this.#rejectAll(new ContractError({ code: 'unavailable', message: `${reason} — restarting` }));
    this.#setState('restarting', `${reason} — restarting in ${delay} ms`);
    this.#emit('crashed', { reason, exit, restartCount: this.#restartCount, restartInMs: delay });
    clearTimeout(this.#restartTimer);
    this.#restartTimer = setTimeout(() => void this.#restart(), delay);
  }

  async #restart(): Promise<void> {
    this.#restartTimer = undefined;
    const pkg = this.#package;
    if (this.#state !== 'restarting' || !pkg) return;
    this.#restartCount++;
    try {
      const model = await this.#loadInNewHost(pkg.dir, pkg.options);
      if (this.#state !== 'restarting') return;
      this.#model = model;
      this.#setState('ready', `${model.manifest.name} ${model.manifest.version} (restarted ${this.#restartCount}×)`);
      this.#emit('restarted', { restartCount: this.#restartCount, warmupMs: model.warmupMs });
    } catch (error) {
      // A crash during the reload already scheduled the next attempt (or gave up) in #lost.
      if (this.#state !== 'restarting' || this.#restartTimer) return;
      const message = `The model could not be reloaded after a crash: ${error instanceof Error ? error.message : String(error)}`;
      await this.#shutdown(undefined);
      this.#fail(message);
    }
  }

  #fail(message: string): void {
    this.#model = undefined;
    this.#setState('failed', message);
    this.#emit('failed', { message });
  }

  /** Ends the current host (politely, then by force), cancels a pending restart and rejects pending calls. */
  async #shutdown(error: ContractError | undefined): Promise<void> {
    clearTimeout(this.#restartTimer);
    this.#restartTimer = undefined;
    const channel = this.#channel;
    this.#channel = undefined;
    this.#model = undefined;
    this.#rejectAll(error ?? this.#unavailable());
    await channel?.close(this.#closeGraceMs);
  }

  #rejectAll(error: ContractError): void {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const call of pending) {
      clearTimeout(call.timer);
      call.reject(error);
    }
  }

  #unavailable(): ContractError {
    const message = ((): string => {
      switch (this.#state) {
        case 'idle':
          return 'No model is loaded';
        case 'loading':
          return 'The model is still loading';
        case 'ready':
          return 'The model runtime is not running';
        case 'restarting':
          return `The model runtime is restarting (${this.#detail})`;
        case 'failed':
          return this.#detail;
        case 'disposed':
          return 'The model runtime was shut down';
        default: {
          const unreachable: never = this.#state;
          return unreachable;
        }
      }
    })();
    return new ContractError({ code: 'unavailable', message });
  }

  #setState(state: InferenceHostState, detail: string): void {
    this.#state = state;
    this.#detail = detail;
  }

  #emit<K extends keyof InferenceHostEvents>(event: K, payload: InferenceHostEvents[K]): void {
    for (const listener of this.#listeners[event]) {
      try {
        listener(payload);
      } catch {
        // A listener's fault must not interrupt crash recovery.
      }
    }
  }
}

function describeExit(exit: ChannelExit): string {
  return exit.signal ? `The model runtime stopped (signal ${exit.signal})` : `The model runtime stopped (exit code ${exit.code ?? 'unknown'})`;
}

function replyError(reply: HostReply): ContractError {
  return reply.type === 'error'
    ? new ContractError(reply.error)
    : new ContractError({ code: 'failed', message: `The model runtime answered "${reply.type}" out of turn` });
}
