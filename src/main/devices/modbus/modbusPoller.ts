import type { IByteLink } from '../links/IByteLink';
import ModbusRTU from 'modbus-serial';
import { z } from 'zod';
import type { BackoffOptions } from '../serial/backoff';
import { EventHub } from '../serial/eventHub';
import {
  hostNowMs,
  SerialConnection,
  type SerialConnectionStats,
  type SerialOpenResult,
  type SerialStateChange,
} from '../serial/serialConnection';
import { serialPortSettingsSchema } from '../serial/serialSettings';
import { classifyModbusError, type ModbusFailureKind, type ModbusRequestFailure } from './modbusRequestFailure';
import { ModbusRtuTransport } from './modbusRtuTransport';
import { planReads, type PlannedRead } from './readPlan';
import { decodeRegisterValue } from './registerDecoding';
import { modbusRegisterMapSchema } from './registerMap';

/** A polled Modbus RTU device: its port, its register map and how often to ask. */
export const modbusPollerSettingsSchema = z.object({
  serial: serialPortSettingsSchema,
  map: modbusRegisterMapSchema,
  pollPeriodMs: z.number().int().min(5).default(100),
  /** Per request; a silent device costs this much per read in every poll. */
  timeoutMs: z.number().int().min(5).default(200),
});
export type ModbusPollerSettingsInput = z.input<typeof modbusPollerSettingsSchema>;
export type ModbusPollerSettings = z.output<typeof modbusPollerSettingsSchema>;

/** Counters since start; exceptions are also counted per exception code. */
export interface ModbusPollerStats {
  /** Frames delivered (one per poll that sent at least one request). */
  readonly polls: number;
  readonly requests: number;
  readonly failures: Readonly<Record<ModbusFailureKind, number>>;
  readonly exceptionsByCode: Readonly<Record<number, number>>;
  /** Polls skipped because the port was not open (nothing sent, no frame). */
  readonly skippedPolls: number;
  /** Poll ticks missed because the previous poll took longer than the period. */
  readonly overruns: number;
  readonly serial: SerialConnectionStats;
}

interface ModbusPollerEvents {
  /** One per poll: a value per channel in map order, NaN where its read failed. */
  frame: [values: Float32Array, hostTimeMs: number];
  failure: [failure: ModbusRequestFailure];
  state: [change: SerialStateChange];
  warning: [message: string];
}

/**
 * Polls a Modbus RTU device on a serial port and turns its registers into frames.
 *
 * The device needs to send nothing by itself: each poll sends the planned reads one after
 * another and delivers a frame, so a device is usable as soon as its port opens. A failed
 * read is counted (timeout, exception with its code, CRC, …) and leaves NaN in its channels;
 * it is never fatal. The port is a SerialConnection, so the poller survives the device or
 * adapter disappearing and resumes when it returns.
 */
export class ModbusPoller {
  readonly settings: ModbusPollerSettings;
  /** Channel names in frame column order. */
  readonly channels: readonly string[];
  readonly #reads: readonly PlannedRead[];
  readonly #connection: IByteLink;
  readonly #transport: ModbusRtuTransport;
  readonly #client: ModbusRTU;
  readonly #events = new EventHub<ModbusPollerEvents>();
  readonly #failures: Record<ModbusFailureKind, number> = {
    timeout: 0,
    exception: 0,
    crc: 0,
    'not-open': 0,
    'invalid-response': 0,
  };
  readonly #exceptionsByCode: Record<number, number> = {};
  #running = false;
  #timer: NodeJS.Timeout | undefined;
  #nextDueMs = 0;
  #inFlight: Promise<void> = Promise.resolve();
  #polls = 0;
  #requests = 0;
  #skippedPolls = 0;
  #overruns = 0;

  /** `link` replaces the serial port the settings describe (the in-process simulated device uses it). */
  constructor(settings: ModbusPollerSettingsInput, backoff?: BackoffOptions, link?: IByteLink) {
    this.settings = modbusPollerSettingsSchema.parse(settings);
    const { map } = this.settings;
    this.channels = map.registers.map((register) => register.channel);
    this.#reads = planReads(map.registers, map.maxGapRegisters);
    this.#connection = link ?? new SerialConnection({ settings: this.settings.serial, ...(backoff === undefined ? {} : { backoff }) });
    this.#connection.on('state', (change) => this.#events.emit('state', change));
    this.#connection.on('warning', (message) => this.#events.emit('warning', message));
    this.#transport = new ModbusRtuTransport(this.#connection);
    this.#client = new ModbusRTU(this.#transport);
    this.#client.setID(map.unitId);
    this.#client.setTimeout(this.settings.timeoutMs);
  }

  /** The reads each poll sends (for display and tests). */
  get plannedReads(): readonly PlannedRead[] {
    return this.#reads;
  }

  /** Subscribes to `frame`, `failure`, `state` or `warning`; returns the unsubscribe function. */
  on<K extends keyof ModbusPollerEvents & string>(event: K, listener: (...args: ModbusPollerEvents[K]) => void): () => void {
    return this.#events.on(event, listener);
  }

  stats(): ModbusPollerStats {
    return {
      polls: this.#polls,
      requests: this.#requests,
      failures: { ...this.#failures },
      exceptionsByCode: { ...this.#exceptionsByCode },
      skippedPolls: this.#skippedPolls,
      overruns: this.#overruns,
      serial: this.#connection.stats(),
    };
  }

  /** Opens the port and starts polling; the first open's outcome is returned, polling continues either way. */
  async start(): Promise<SerialOpenResult> {
    if (this.#running) return { ok: false, message: `Polling of ${this.settings.serial.path} is already running` };
    this.#running = true;
    // Registers modbus-serial's listeners on the transport; the transport's open is immediate.
    this.#client.open();
    const result = await this.#connection.open();
    this.#nextDueMs = performance.now();
    this.#pollThenSchedule();
    return result;
  }

  /** Stops polling and closes the port; resolves once no request is outstanding. */
  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    // Closing first makes the rest of an in-flight poll fail fast instead of waiting out timeouts.
    await this.#connection.close();
    await this.#inFlight;
    this.#transport.dispose();
  }

  #schedule(): void {
    if (!this.#running) return;
    const period = this.settings.pollPeriodMs;
    const now = performance.now();
    this.#nextDueMs += period;
    if (this.#nextDueMs < now) {
      // Keep the cadence instead of firing a burst of late polls.
      const missed = Math.ceil((now - this.#nextDueMs) / period);
      this.#overruns += missed;
      this.#nextDueMs += missed * period;
    }
    this.#timer = setTimeout(() => this.#pollThenSchedule(), this.#nextDueMs - now);
  }

  #pollThenSchedule(): void {
    this.#inFlight = this.#poll().finally(() => this.#schedule());
  }

  async #poll(): Promise<void> {
    if (!this.#connection.isWritable) {
      this.#skippedPolls++;
      return;
    }
    const hostTimeMs = hostNowMs();
    const values = new Float32Array(this.channels.length).fill(Number.NaN);
    for (const read of this.#reads) {
      if (!this.#running) return;
      await this.#read(read, values);
    }
    if (!this.#running) return;
    this.#polls++;
    this.#events.emit('frame', values, hostTimeMs);
  }

  async #read(read: PlannedRead, values: Float32Array): Promise<void> {
    this.#requests++;
    try {
      const { data } =
        read.functionCode === 3
          ? await this.#client.readHoldingRegisters(read.address, read.count)
          : await this.#client.readInputRegisters(read.address, read.count);
      for (const field of read.fields) values[field.channelIndex] = decodeRegisterValue(data, field.wordOffset, field.register);
    } catch (error) {
      const failure = classifyModbusError(error, read, this.settings.map.unitId, this.settings.timeoutMs);
      this.#failures[failure.kind]++;
      if (failure.exceptionCode !== undefined) {
        this.#exceptionsByCode[failure.exceptionCode] = (this.#exceptionsByCode[failure.exceptionCode] ?? 0) + 1;
      }
      this.#events.emit('failure', failure);
    }
  }
}
