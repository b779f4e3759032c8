import type { Prediction } from '../../shared/domain/prediction';
import { ContractError } from '../../shared/ipc/contractError';
import type { LiveModelStatus } from '../../shared/ipc/domains/inference';
import type { IService } from '../core/serviceContainer';
import type { DeviceManager } from '../devices/deviceManager';
import type { InferenceChannelFactory } from '../inference/IInferenceChannel';
import { InferenceHostClient } from '../inference/inferenceHostClient';
import { EventHub } from '../devices/serial/eventHub';
import type { LiveDeployments } from '../registry/liveDeployments';
import type { ModelRegistry } from '../registry/modelRegistry';
import { SwappableModelRunner } from '../registry/swappableModelRunner';
import { ActuatorGuard } from './actuatorGuard';
import { LiveModel, liveInputOf } from './liveModel';
import type { ModelCatalogue } from './modelCatalogue';
import { resolveModelId } from './resolveModelId';

export interface InferenceServiceOptions {
  readonly devices: DeviceManager;
  readonly catalogue: ModelCatalogue;
  /** Starts a model runtime process (child_process.fork here, utilityProcess in Electron). */
  readonly createChannel: InferenceChannelFactory;
  readonly audit: (action: string, subject: string, detail: Record<string, unknown>) => void;
  readonly log: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** Who is at the console (Settings), for the audit log. */
  readonly operator: () => string;
  /** Versioned models: registry ids resolve here, and running registry versions are attached for swaps and rollback. */
  readonly registry?: () => ModelRegistry | undefined;
  readonly deployments?: LiveDeployments;
  /** ONNX Runtime intra-op threads of each model started (the station setting). */
  readonly runtimeThreads?: () => number;
}

interface Running {
  readonly modelId: string;
  readonly live: LiveModel;
  readonly client: SwappableModelRunner;
  readonly guard: ActuatorGuard | undefined;
  readonly off: (() => void)[];
}

/** How long an armed actuator may go without a fresh prediction before the guard goes safe. */
const ACTUATOR_STALE_MS = 500;

/**
 * Runs models on live devices: one model runtime process per running model, its predictions fanned
 * out to subscribers (UI stream, recorder) and to the actuator guard. A runtime crash is reported
 * and recovered by the client; the guard goes safe; acquisition never stops.
 */
export class InferenceService implements IService {
  readonly name = 'inference';
  readonly #options: InferenceServiceOptions;
  readonly #running = new Map<string, Running>();
  readonly #predictions = new EventHub<Record<string, [Prediction]>>();

  constructor(options: InferenceServiceOptions) {
    this.#options = options;
  }

  start(): void {}

  async stop(): Promise<void> {
    await Promise.all([...this.#running.keys()].map((id) => this.stopModel(id)));
  }

  health(): { state: 'running' | 'degraded'; detail: string } {
    const failing = [...this.#running.values()].filter((r) => r.client.state !== 'ready');
    return failing.length > 0
      ? { state: 'degraded', detail: `${failing.length} model runtime(s) not ready: ${failing.map((r) => r.client.health().detail).join('; ')}` }
      : { state: 'running', detail: `${this.#running.size} model(s) running` };
  }

  async startModel(deviceId: string, modelId: string): Promise<LiveModelStatus> {
    const source = this.#options.devices.source(deviceId);
    const { version, fromRegistry } = await resolveModelId(modelId, this.#options.registry?.(), this.#options.catalogue);
    const pkg = version;
    // Refuse a model that cannot fit this device before starting a process for it.
    liveInputOf(source.profile, pkg.manifest);
    await this.stopModel(deviceId);
    const client = new SwappableModelRunner({
      createClient: (label) => new InferenceHostClient({ createChannel: this.#options.createChannel, name: label, runtimeThreads: this.#options.runtimeThreads }),
    });
    try {
      await client.start(version);
    } catch (error) {
      await client.dispose();
      throw error;
    }
    const actuatorSpec = pkg.manifest.outputs.find((o) => o.kind === 'actuator');
    const guard =
      actuatorSpec?.kind === 'actuator'
        ? new ActuatorGuard({
            spec: actuatorSpec,
            staleAfterMs: ACTUATOR_STALE_MS,
            send: async (value) => {
              await this.#options.devices.source(deviceId).sendCommand({ kind: 'actuate', value });
            },
            audit: (action, detail) => this.#options.audit(action, deviceId, { model: `${pkg.manifest.name}@${pkg.manifest.version}`, ...detail }),
          })
        : undefined;
    const live = new LiveModel({
      deviceId,
      profile: source.profile,
      manifest: pkg.manifest,
      client,
      subscribe: (listener) => this.#options.devices.subscribe(deviceId, listener),
      onPrediction: (prediction) => {
        if (guard) {
          const command = prediction.outputs.find((o) => o.kind === 'actuator');
          if (command?.kind === 'actuator') guard.onPrediction(command.value);
        }
        this.#predictions.emit(deviceId, prediction);
      },
    });
    const off = [
      client.on('crashed', (crash) => {
        guard?.onRuntimeRestart();
        this.#options.log('error', `The model runtime for ${pkg.manifest.name} on ${deviceId} stopped (${crash.reason}); restarting it.`);
      }),
      client.on('failed', ({ message }) => this.#options.log('error', `The model runtime for ${pkg.manifest.name} gave up: ${message}`)),
      // A swap changes what drives the actuator: go safe and let the operator re-arm.
      client.on('swapped', () => guard?.onRuntimeRestart()),
    ];
    // Registry versions can be swapped and rolled back on this device; catalogue models cannot.
    if (fromRegistry && this.#options.deployments) off.push(this.#options.deployments.attach(deviceId, source.profile.id, client));
    live.start();
    this.#running.set(deviceId, { modelId, live, client, guard, off });
    this.#options.audit('model.start', deviceId, { model: modelId, version: pkg.manifest.version, operator: this.#options.operator() });
    this.#options.log('info', `Running ${pkg.manifest.name} ${pkg.manifest.version} on ${deviceId}.`);
    return this.#status(deviceId, this.#running.get(deviceId) as Running);
  }

  async stopModel(deviceId: string): Promise<void> {
    const running = this.#running.get(deviceId);
    if (!running) return;
    this.#running.delete(deviceId);
    running.live.stop();
    running.guard?.dispose();
    for (const off of running.off) off();
    await running.client.dispose();
  }

  status(): LiveModelStatus[] {
    return [...this.#running.entries()].map(([deviceId, r]) => this.#status(deviceId, r));
  }

  subscribePredictions(deviceId: string, listener: (prediction: Prediction) => void): () => void {
    return this.#predictions.on(deviceId, listener);
  }

  arm(deviceId: string): void {
    this.#guardOf(deviceId).arm(this.#options.operator());
  }

  disarm(deviceId: string): void {
    this.#guardOf(deviceId).disarm(`disarmed by ${this.#options.operator()}`);
  }

  /** Every actuator safe and disarmed, at once. */
  estopAll(): number {
    let stopped = 0;
    for (const r of this.#running.values()) {
      if (!r.guard) continue;
      r.guard.estop(this.#options.operator());
      stopped += 1;
    }
    return stopped;
  }

  #guardOf(deviceId: string): ActuatorGuard {
    const guard = this.#running.get(deviceId)?.guard;
    if (!guard) throw new ContractError({ code: 'invalid-input', message: `No model with an actuator output is running on ${deviceId}.` });
    return guard;
  }

  #status(deviceId: string, r: Running): LiveModelStatus {
    const m = r.client.serving?.manifest ?? r.live.manifest;
    const pct = (p: number): number | null => (r.live.latency.count > 0 ? r.live.latency.percentile(p) : null);
    const clientState = r.client.state;
    const state = clientState === 'ready' ? 'running' : clientState === 'loading' ? 'loading' : clientState === 'restarting' ? 'restarting' : 'failed';
    const actuator = m.outputs.find((o) => o.kind === 'actuator');
    return {
      deviceId,
      modelId: r.modelId,
      name: m.name,
      version: m.version,
      state,
      detail: r.live.lastError ?? r.client.health().detail,
      ...r.live.counters,
      queued: r.live.queued,
      firstWindow: r.live.firstWindow,
      latencyP50Ms: pct(50),
      latencyP95Ms: pct(95),
      latencyP99Ms: pct(99),
      latencyBudgetMs: m.latencyBudget.p95Ms,
      runtimeRestarts: r.client.restartCount,
      runtimeThreads: r.client.intraOpThreads ?? null,
      actuator:
        r.guard && actuator?.kind === 'actuator' ? { ...r.guard.status(), min: actuator.min, max: actuator.max, units: actuator.units } : null,
    };
  }
}
