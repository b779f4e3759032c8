import { EventHub } from './eventHub';
import { discoverPorts, portIdentity, type DiscoveredPort, type PortDiscoveryResult } from './portDiscovery';

/** A port that appeared or disappeared, keyed by its stable identity. */
export interface PortChange {
  readonly identity: string;
  readonly port: DiscoveredPort;
}

interface PortWatcherEvents {
  added: [change: PortChange];
  removed: [change: PortChange];
  /** The discovery warning changed (undefined once the OS listing works again). */
  warning: [message: string | undefined];
}

/** How often to look and how; `discover` is injectable for a fake device tree. */
export interface PortWatcherOptions {
  readonly intervalMs?: number;
  readonly discover?: () => Promise<PortDiscoveryResult>;
}

const DEFAULT_INTERVAL_MS = 1_500;

/**
 * Hot-plug by polling: udev events are unavailable in containers and differ per OS, while a
 * listing every 1.5 s is cheap and works everywhere. The first scan reports every port as added.
 */
export class PortWatcher {
  readonly #intervalMs: number;
  readonly #discover: () => Promise<PortDiscoveryResult>;
  readonly #events = new EventHub<PortWatcherEvents>();
  #known = new Map<string, DiscoveredPort>();
  #warning: string | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running = false;

  constructor(options: PortWatcherOptions = {}) {
    this.#intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
    this.#discover = options.discover ?? (() => discoverPorts());
  }

  /** Subscribes to `added`, `removed` or `warning`; returns the unsubscribe function. */
  on<K extends keyof PortWatcherEvents & string>(event: K, listener: (...args: PortWatcherEvents[K]) => void): () => void {
    return this.#events.on(event, listener);
  }

  /** Ports present at the last scan. */
  get ports(): readonly DiscoveredPort[] {
    return [...this.#known.values()];
  }

  /** Starts polling; resolves after the first scan so `ports` is filled. */
  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    await this.#scan();
  }

  stop(): void {
    this.#running = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  async #scan(): Promise<void> {
    const result = await this.#discover();
    if (!this.#running) return;
    const current = new Map(result.ports.map((port) => [portIdentity(port), port]));
    for (const [identity, port] of this.#known) if (!current.has(identity)) this.#events.emit('removed', { identity, port });
    for (const [identity, port] of current) if (!this.#known.has(identity)) this.#events.emit('added', { identity, port });
    this.#known = current;
    if (result.warning !== this.#warning) {
      this.#warning = result.warning;
      this.#events.emit('warning', result.warning);
    }
    // Chained timeouts, not setInterval: a slow listing never overlaps the next one.
    this.#timer = setTimeout(() => void this.#scan(), this.#intervalMs);
  }
}
