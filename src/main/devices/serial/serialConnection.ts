import { existsSync } from 'node:fs';
import { SerialPort } from 'serialport';
import { EventHub } from './eventHub';
import { Backoff, DEFAULT_BACKOFF, formatDelay, type BackoffOptions } from './backoff';
import { RateMeter } from './rateMeter';
import { serialPortSettingsSchema, type SerialPortSettings, type SerialPortSettingsInput } from './serialSettings';

/**
 * Life of a connection: `connecting → open ⇄ stalled → disconnected → reconnecting → open …`;
 * `closed` only when the owner calls close() (or before the first open()).
 */
export type SerialConnectionState = 'connecting' | 'open' | 'stalled' | 'disconnected' | 'reconnecting' | 'closed';

/** One state transition, with a sentence for the operator. */
export interface SerialStateChange {
  readonly state: SerialConnectionState;
  readonly previous: SerialConnectionState;
  readonly message: string;
  readonly hostTimeMs: number;
}

/** "Stalled" when no byte arrived for `stalledAfterPeriods` × `expectedPeriodMs`. */
export interface SerialWatchdogOptions {
  readonly expectedPeriodMs: number;
  readonly stalledAfterPeriods: number;
}

/** Everything a SerialConnection needs; only `settings` is required. */
export interface SerialConnectionOptions {
  readonly settings: SerialPortSettingsInput;
  /** Omit for request/response devices (Modbus) that are silent until asked. */
  readonly watchdog?: SerialWatchdogOptions;
  readonly backoff?: BackoffOptions;
}

/** Counters since the connection was created (they survive reconnects). */
export interface SerialConnectionStats {
  readonly rxBytes: number;
  readonly txBytes: number;
  readonly rxBytesPerSecond: number;
  readonly txBytesPerSecond: number;
  /** Successful re-opens after the port had been open and was lost. */
  readonly reconnects: number;
}

/** Outcome of the first open attempt; on failure the connection keeps retrying until close(). */
export type SerialOpenResult = { readonly ok: true } | { readonly ok: false; readonly message: string };

/** Why a write did not reach the port. */
export type SerialWriteFailure = 'not-open' | 'disconnected' | 'closed' | 'io';

/** A rejected write, with a message the UI can show as is. */
export class SerialWriteError extends Error {
  readonly reason: SerialWriteFailure;

  constructor(reason: SerialWriteFailure, message: string) {
    super(message);
    this.name = 'SerialWriteError';
    this.reason = reason;
  }
}

interface SerialConnectionEvents {
  state: [change: SerialStateChange];
  data: [chunk: Uint8Array, hostTimeMs: number];
  warning: [message: string];
}

const PRESENCE_CHECK_INTERVAL_MS = 500;

/** Wall-clock milliseconds with sub-millisecond resolution, as FrameBatch.hostTimeMs expects. */
export function hostNowMs(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * A serial port that survives being unplugged: it notices (port close/error, or a data
 * watchdog), reopens the same path with backoff, and counts what it moved.
 *
 * Writes are never queued across a disconnect — for actuator commands a late write is worse
 * than none. A write when not open rejects at once; writes in flight when the port drops are
 * rejected; every (re)open uses a fresh SerialPort, so nothing buffered in the old one can
 * reach the device after a reconnect.
 */
export class SerialConnection {
  readonly settings: SerialPortSettings;
  readonly #watchdog: SerialWatchdogOptions | undefined;
  readonly #backoff: Backoff;
  readonly #events = new EventHub<SerialConnectionEvents>();
  readonly #rxRate = new RateMeter();
  readonly #txRate = new RateMeter();
  readonly #pendingWrites = new Set<(error: SerialWriteError) => void>();
  #state: SerialConnectionState = 'closed';
  #port: SerialPort | undefined;
  /** Bumped by close(): an open attempt that started earlier must not revive the connection. */
  #generation = 0;
  #hasBeenOpen = false;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #watchdogTimer: NodeJS.Timeout | undefined;
  #presenceTimer: NodeJS.Timeout | undefined;
  #lastDataMs = 0;
  #rxBytes = 0;
  #txBytes = 0;
  #reconnects = 0;

  constructor(options: SerialConnectionOptions) {
    this.settings = serialPortSettingsSchema.parse(options.settings);
    this.#watchdog = options.watchdog;
    this.#backoff = new Backoff(options.backoff ?? DEFAULT_BACKOFF);
  }

  /** The port path this connection owns. */
  get path(): string {
    return this.settings.path;
  }

  get state(): SerialConnectionState {
    return this.#state;
  }

  /** True while bytes can be written (open or stalled). */
  get isWritable(): boolean {
    return this.#port !== undefined && (this.#state === 'open' || this.#state === 'stalled');
  }

  /** Subscribes to `state`, `data` or `warning`; returns the unsubscribe function. */
  on<K extends keyof SerialConnectionEvents & string>(event: K, listener: (...args: SerialConnectionEvents[K]) => void): () => void {
    return this.#events.on(event, listener);
  }

  /** Byte counters and rates. */
  stats(): SerialConnectionStats {
    const now = performance.now();
    return {
      rxBytes: this.#rxBytes,
      txBytes: this.#txBytes,
      rxBytesPerSecond: this.#rxRate.perSecond(now),
      txBytesPerSecond: this.#txRate.perSecond(now),
      reconnects: this.#reconnects,
    };
  }

  /**
   * Opens the port. Resolves with the first attempt's outcome; after a failure the connection
   * stays in `reconnecting` and keeps trying (the device may not be plugged in yet) until close().
   */
  async open(): Promise<SerialOpenResult> {
    if (this.#state !== 'closed') return { ok: false, message: `Port ${this.path} is already ${this.#state}` };
    const generation = this.#generation;
    this.#setState('connecting', `Opening ${this.path} at ${this.settings.baudRate} baud`);
    const result = await this.#attemptOpen(generation);
    if (generation !== this.#generation) return { ok: false, message: `Port ${this.path} was closed while opening` };
    if (!result.ok) this.#scheduleReconnect(result.message);
    return result;
  }

  /**
   * Writes bytes; resolves once they have left the OS buffer (drain). Rejects with a
   * SerialWriteError when the port is not open or drops before the bytes went out.
   */
  write(data: Uint8Array): Promise<void> {
    const port = this.#port;
    if (port === undefined || !this.isWritable) {
      return Promise.reject(
        new SerialWriteError('not-open', `Port ${this.path} is ${this.#state} — nothing was sent`),
      );
    }
    return new Promise<void>((resolve, reject) => {
      const settle = (error?: SerialWriteError): void => {
        if (!this.#pendingWrites.delete(settle)) return;
        if (error === undefined) resolve();
        else reject(error);
      };
      this.#pendingWrites.add(settle);
      port.write(data, (writeError) => {
        if (writeError) {
          settle(this.#writeFailure(port, writeError));
          return;
        }
        this.#txBytes += data.byteLength;
        this.#txRate.add(data.byteLength, performance.now());
        port.drain((drainError) => settle(drainError ? this.#writeFailure(port, drainError) : undefined));
      });
    });
  }

  /** Closes the port and stops reconnecting; pending writes are rejected. */
  async close(): Promise<void> {
    this.#generation++;
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    this.#stopMonitors();
    this.#rejectPendingWrites(new SerialWriteError('closed', `Port ${this.path} was closed — the write was not completed`));
    await this.#detachPort();
    if (this.#state !== 'closed') this.#setState('closed', `Closed ${this.path}`);
  }

  async #attemptOpen(generation: number): Promise<SerialOpenResult> {
    if (!existsSync(this.path)) return { ok: false, message: `Port ${this.path} is not present` };
    const { settings } = this;
    const port = new SerialPort({
      path: settings.path,
      baudRate: settings.baudRate,
      dataBits: settings.dataBits,
      parity: settings.parity,
      stopBits: settings.stopBits,
      rtscts: settings.flowControl === 'rtscts',
      xon: settings.flowControl === 'xonxoff',
      xoff: settings.flowControl === 'xonxoff',
      autoOpen: false,
    });
    const openError = await new Promise<Error | null>((resolve) => port.open(resolve));
    if (openError) return { ok: false, message: `Port ${this.path} could not be opened: ${openError.message}` };
    if (generation !== this.#generation) {
      port.close();
      return { ok: false, message: `Port ${this.path} was closed while opening` };
    }
    this.#attachPort(port);
    return { ok: true };
  }

  #attachPort(port: SerialPort): void {
    this.#port = port;
    port.on('data', (chunk: Buffer) => this.#onData(chunk));
    port.on('close', (error: Error | null) =>
      this.#onLost(`Port ${this.path} disconnected${error ? ` (${error.message})` : ''}`),
    );
    port.on('error', (error: Error) => {
      if (port.isOpen) this.#warn(`Port ${this.path}: ${error.message}`);
      else this.#onLost(`Port ${this.path} failed (${error.message})`);
    });
    this.#setModemLines(port);
    this.#backoff.reset();
    if (this.#hasBeenOpen) this.#reconnects++;
    this.#hasBeenOpen = true;
    this.#lastDataMs = performance.now();
    this.#setState('open', `Connected to ${this.path} at ${this.settings.baudRate} baud`);
    this.#startMonitors();
  }

  /** DTR/RTS only when asked: ptys reject the ioctl, which must not fail the connection. */
  #setModemLines(port: SerialPort): void {
    const { dtr, rts } = this.settings;
    if (dtr === undefined && rts === undefined) return;
    port.set({ ...(dtr === undefined ? {} : { dtr }), ...(rts === undefined ? {} : { rts }) }, (error) => {
      if (error) this.#warn(`Could not set DTR/RTS on ${this.path} (${error.message}) — continuing without them`);
    });
  }

  #onData(chunk: Buffer): void {
    const hostTimeMs = hostNowMs();
    this.#lastDataMs = performance.now();
    this.#rxBytes += chunk.byteLength;
    this.#rxRate.add(chunk.byteLength, this.#lastDataMs);
    if (this.#state === 'stalled') this.#setState('open', `Data from ${this.path} is flowing again`);
    this.#events.emit('data', chunk, hostTimeMs);
  }

  #onLost(message: string): void {
    if (this.#port === undefined) return;
    this.#stopMonitors();
    void this.#detachPort();
    this.#rejectPendingWrites(this.#disconnectedWriteError());
    this.#setState('disconnected', message);
    this.#scheduleReconnect(message);
  }

  #scheduleReconnect(reason: string): void {
    const delayMs = this.#backoff.next();
    const generation = this.#generation;
    this.#setState('reconnecting', `${reason} — retrying in ${formatDelay(delayMs)}`);
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      void this.#attemptOpen(generation).then((result) => {
        if (generation !== this.#generation || result.ok) return;
        this.#scheduleReconnect(result.message);
      });
    }, delayMs);
  }

  /**
   * Forgets the current port and closes it if serialport still thinks it open. Closing fails
   * its buffered writes and destroying drops them, so none can reach the device later.
   */
  async #detachPort(): Promise<void> {
    const port = this.#port;
    this.#port = undefined;
    if (port === undefined) return;
    port.removeAllListeners();
    // Late errors from the old port (e.g. its own close failing) are expected and meaningless now.
    port.on('error', () => undefined);
    if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    port.destroy();
  }

  /** A failed write on a port that has just dropped is a disconnect, not an I/O fault of the write. */
  #writeFailure(port: SerialPort, error: Error): SerialWriteError {
    return port.isOpen && port === this.#port
      ? new SerialWriteError('io', `Writing to ${this.path} failed: ${error.message}`)
      : this.#disconnectedWriteError();
  }

  #disconnectedWriteError(): SerialWriteError {
    return new SerialWriteError(
      'disconnected',
      `Port ${this.path} disconnected before the write completed — it will not be resent`,
    );
  }

  #rejectPendingWrites(error: SerialWriteError): void {
    for (const settle of [...this.#pendingWrites]) settle(error);
  }

  #startMonitors(): void {
    // serialport misses a pty hang-up that lands while a read is in flight: the read returns 0
    // bytes, and its unix reader retries 0-byte reads forever without reporting a disconnect.
    // A vanished device node (pty or USB) is therefore checked for here as well.
    this.#presenceTimer = setInterval(() => {
      if (!existsSync(this.path)) this.#onLost(`Port ${this.path} disappeared`);
    }, PRESENCE_CHECK_INTERVAL_MS);
    const watchdog = this.#watchdog;
    if (watchdog === undefined) return;
    const silenceLimitMs = watchdog.expectedPeriodMs * watchdog.stalledAfterPeriods;
    this.#watchdogTimer = setInterval(() => {
      if (this.#state !== 'open' || performance.now() - this.#lastDataMs < silenceLimitMs) return;
      this.#setState(
        'stalled',
        `No data from ${this.path} for ${formatDelay(silenceLimitMs)} (expected every ${formatDelay(watchdog.expectedPeriodMs)}) — is the device running?`,
      );
    }, Math.max(10, watchdog.expectedPeriodMs));
  }

  #stopMonitors(): void {
    clearInterval(this.#watchdogTimer);
    clearInterval(this.#presenceTimer);
    this.#watchdogTimer = undefined;
    this.#presenceTimer = undefined;
  }

  #warn(message: string): void {
    this.#events.emit('warning', message);
  }

  /** Emits on every change, and on each retry while reconnecting (the message carries the next delay). */
  #setState(state: SerialConnectionState, message: string): void {
    const previous = this.#state;
    this.#state = state;
    this.#events.emit('state', { state, previous, message, hostTimeMs: hostNowMs() });
  }
}
