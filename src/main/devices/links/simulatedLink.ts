import { EventHub } from '../serial/eventHub';
import { RateMeter } from '../serial/rateMeter';
import {
  hostNowMs,
  SerialWriteError,
  type SerialConnectionState,
  type SerialConnectionStats,
  type SerialOpenResult,
} from '../serial/serialConnection';
import type { ISimulatedWireDevice } from '../simulation/ISimulatedWireDevice';
import type { ByteLinkEvents, IByteLink } from './IByteLink';

/** How often the in-process device "transmits"; frames due in between go out together, like a UART buffer. */
const TICK_MS = 5;

/**
 * The built-in demo devices' link: a simulated device behind the same interface as a serial port,
 * so the console decodes its bytes exactly as it would a real device's. A simulated unplug takes
 * the link through the same states (disconnected → reconnecting → open) and write refusals.
 */
export class SimulatedLink implements IByteLink {
  readonly path: string;
  readonly #device: ISimulatedWireDevice;
  readonly #events = new EventHub<ByteLinkEvents>();
  readonly #rx = new RateMeter();
  readonly #tx = new RateMeter();
  #state: SerialConnectionState = 'closed';
  #timer: ReturnType<typeof setInterval> | undefined;
  #unplugTimer: ReturnType<typeof setTimeout> | undefined;
  #rxBytes = 0;
  #txBytes = 0;
  #reconnects = 0;

  constructor(path: string, device: ISimulatedWireDevice) {
    this.path = path;
    this.#device = device;
  }

  get state(): SerialConnectionState {
    return this.#state;
  }

  get isWritable(): boolean {
    return this.#state === 'open';
  }

  on<K extends keyof ByteLinkEvents & string>(event: K, listener: (...args: ByteLinkEvents[K]) => void): () => void {
    return this.#events.on(event, listener);
  }

  async open(): Promise<SerialOpenResult> {
    this.#setState('open', `Simulated device ${this.path} connected.`);
    this.#device.resetClock();
    this.#timer = setInterval(() => this.#tick(), TICK_MS);
    return { ok: true };
  }

  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    if (this.#unplugTimer) clearTimeout(this.#unplugTimer);
    this.#timer = undefined;
    this.#unplugTimer = undefined;
    this.#setState('closed', `Simulated device ${this.path} closed.`);
  }

  async write(data: Uint8Array): Promise<void> {
    if (!this.isWritable) {
      throw new SerialWriteError('disconnected', `${this.path} is ${this.#state} — the command was not sent.`);
    }
    this.#txBytes += data.length;
    this.#tx.add(data.length, performance.now());
    const reply = this.#device.receive(data);
    // A reply arrives after the command, never within the same call stack (as on a real port).
    if (reply.length > 0) setTimeout(() => this.#deliver(reply), 0);
  }

  /** Simulates pulling the cable for `durationMs`, then plugging it back in. */
  unplug(durationMs: number): void {
    if (this.#state !== 'open') return;
    this.#setState('disconnected', `Simulated device ${this.path} unplugged.`);
    this.#unplugTimer = setTimeout(() => {
      this.#unplugTimer = undefined;
      this.#setState('reconnecting', `Simulated device ${this.path} reappeared — reconnecting.`);
      this.#device.resetClock();
      this.#reconnects += 1;
      this.#setState('open', `Simulated device ${this.path} reconnected.`);
    }, durationMs);
  }

  stats(): SerialConnectionStats {
    const now = performance.now();
    return {
      rxBytes: this.#rxBytes,
      txBytes: this.#txBytes,
      rxBytesPerSecond: this.#rx.perSecond(now),
      txBytesPerSecond: this.#tx.perSecond(now),
      reconnects: this.#reconnects,
    };
  }

  #tick(): void {
    if (this.#state !== 'open') return;
    const bytes = this.#device.produce(performance.now());
    if (bytes.length > 0) this.#deliver(bytes);
  }

  #deliver(bytes: Uint8Array): void {
    if (this.#state !== 'open') return;
    this.#rxBytes += bytes.length;
    this.#rx.add(bytes.length, performance.now());
    this.#events.emit('data', bytes, hostNowMs());
  }

  #setState(state: SerialConnectionState, message: string): void {
    const previous = this.#state;
    if (previous === state) return;
    this.#state = state;
    this.#events.emit('state', { state, previous, message, hostTimeMs: hostNowMs() });
  }
}
