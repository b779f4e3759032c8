import type { HealthReport, ServiceHealth, ServiceState } from '../../shared/ipc/domains/app';

/** A core capability with a lifecycle. `start` may be async; `health` must be cheap. */
export interface IService {
  readonly name: string;
  start(): Promise<void> | void;
  stop(): Promise<void> | void;
  /** The service's own view of itself while running; the container tracks lifecycle states. */
  health?(): { state: ServiceState; detail: string };
}

interface Entry {
  readonly service: IService;
  state: ServiceState;
  detail: string;
  since: string;
}

const SEVERITY: Record<ServiceState, number> = {
  running: 0,
  starting: 1,
  stopping: 1,
  degraded: 2,
  stopped: 3,
  failed: 4,
};

/**
 * Starts services in registration order and stops them in reverse. A service that fails to start
 * is marked `failed` with its error as the detail and the rest keep starting, so one broken
 * capability (say, the model runtime) leaves the rest of the console usable.
 */
export class ServiceContainer {
  readonly #entries: Entry[] = [];
  readonly #onError: (service: string, error: unknown) => void;
  readonly #now: () => Date;

  constructor(onError: (service: string, error: unknown) => void, now: () => Date = () => new Date()) {
    this.#onError = onError;
    this.#now = now;
  }

  register<S extends IService>(service: S): S {
    if (this.#entries.some((e) => e.service.name === service.name)) {
      throw new Error(`service "${service.name}" registered twice`);
    }
    this.#entries.push({ service, state: 'stopped', detail: 'not started', since: this.#now().toISOString() });
    return service;
  }

  async startAll(): Promise<void> {
    for (const entry of this.#entries) {
      this.#set(entry, 'starting', 'starting');
      try {
        await entry.service.start();
        this.#set(entry, 'running', 'running');
      } catch (error) {
        this.#set(entry, 'failed', error instanceof Error ? error.message : String(error));
        this.#onError(entry.service.name, error);
      }
    }
  }

  async stopAll(): Promise<void> {
    for (const entry of [...this.#entries].reverse()) {
      if (entry.state === 'stopped' || entry.state === 'failed') continue;
      this.#set(entry, 'stopping', 'stopping');
      try {
        await entry.service.stop();
        this.#set(entry, 'stopped', 'stopped');
      } catch (error) {
        this.#set(entry, 'failed', `stop failed: ${error instanceof Error ? error.message : String(error)}`);
        this.#onError(entry.service.name, error);
      }
    }
  }

  health(): Pick<HealthReport, 'overall' | 'services'> {
    const services: ServiceHealth[] = this.#entries.map((entry) => {
      if (entry.state === 'running' && entry.service.health) {
        const own = entry.service.health();
        return { name: entry.service.name, state: own.state, detail: own.detail, since: entry.since };
      }
      return { name: entry.service.name, state: entry.state, detail: entry.detail, since: entry.since };
    });
    const overall = services.reduce<ServiceState>(
      (worst, s) => (SEVERITY[s.state] > SEVERITY[worst] ? s.state : worst),
      'running',
    );
    return { overall, services };
  }

  #set(entry: Entry, state: ServiceState, detail: string): void {
    entry.state = state;
    entry.detail = detail;
    entry.since = this.#now().toISOString();
  }
}
