import type { DeviceProfile } from '../../../shared/domain/deviceProfile';
import { FrameBatchBuilder, type FrameBatch } from '../../../shared/domain/frameBatch';
import { ContractError } from '../../../shared/ipc/contractError';
import type { DeviceHealth, DeviceInfo, DeviceSourceSpec, DeviceState, Fault } from '../../../shared/ipc/domains/devices';
import { DeviceHealthMeter } from '../health/deviceHealthMeter';
import type { ModbusPoller } from '../modbus/modbusPoller';
import { EventHub } from '../serial/eventHub';
import { buildHealth } from './deviceHealth';
import { notSimulated } from './streamDeviceSource';
import type { DeviceSourceBaseOptions, IDeviceSource } from './IDeviceSource';

interface SourceEvents {
  batch: [FrameBatch];
  change: [];
}

export interface ModbusDeviceSourceOptions extends DeviceSourceBaseOptions {
  readonly poller: ModbusPoller;
}

/**
 * A device read by polling Modbus registers: each poll is one frame (NaN where a read failed),
 * numbered by the console. Timeouts and exception responses are counted, never fatal; the last
 * failure is the state's detail so a technician sees "exception 2 (illegal data address)".
 */
export class ModbusDeviceSource implements IDeviceSource {
  readonly id: string;
  readonly profile: DeviceProfile;
  readonly spec: DeviceSourceSpec;
  readonly #name: string;
  readonly #poller: ModbusPoller;
  readonly #injectFault: ((fault: Fault) => void) | undefined;
  readonly #simulate: ((line: string) => string) | undefined;
  readonly #events = new EventHub<SourceEvents>();
  readonly #meter = new DeviceHealthMeter();
  readonly #builder: FrameBatchBuilder;
  readonly #columns: Int32Array;
  readonly #off: (() => void)[] = [];
  #seq = 0;
  #state: DeviceState = 'closed';
  #stateDetail = 'Not opened yet.';
  #lastFailure: string | undefined;

  constructor(options: ModbusDeviceSourceOptions) {
    this.id = options.id;
    this.#name = options.name;
    this.spec = options.spec;
    this.profile = options.profile;
    this.#poller = options.poller;
    this.#injectFault = options.injectFault;
    this.#simulate = options.simulate;
    this.#builder = new FrameBatchBuilder(options.id, options.profile.channels.length);
    // Poller columns follow the register map; frames follow the profile's channel order.
    const names = options.profile.channels.map((c) => c.name);
    this.#columns = Int32Array.from(names, (name) => options.poller.channels.indexOf(name));
  }

  async start(): Promise<void> {
    this.#off.push(
      this.#poller.on('frame', (values, hostTimeMs) => this.#onFrame(values, hostTimeMs)),
      this.#poller.on('failure', (failure) => {
        this.#lastFailure = failure.message;
        this.#events.emit('change');
      }),
      this.#poller.on('state', (change) => {
        this.#state = change.state;
        this.#stateDetail = change.message;
        this.#events.emit('change');
      }),
    );
    const opened = await this.#poller.start();
    if (!opened.ok) this.#stateDetail = opened.message;
  }

  async stop(): Promise<void> {
    for (const off of this.#off.splice(0)) off();
    await this.#poller.stop();
    this.#state = 'closed';
    this.#stateDetail = 'Closed by the operator.';
  }

  onBatch(listener: (batch: FrameBatch) => void): () => void {
    return this.#events.on('batch', listener);
  }

  onChange(listener: () => void): () => void {
    return this.#events.on('change', listener);
  }

  info(): DeviceInfo {
    // A Modbus device identifies by answering its unit id; there is no identify string.
    return { id: this.id, name: this.#name, source: this.spec, profile: this.profile, identity: null, health: this.health() };
  }

  health(): DeviceHealth {
    const stats = this.#poller.stats();
    const errors = {
      droppedFrames: stats.skippedPolls,
      parseErrors: stats.failures.timeout + stats.failures.exception + stats.failures['invalid-response'],
      crcErrors: stats.failures.crc,
      discardedBytes: 0,
    };
    const detail = this.#lastFailure && this.#state === 'open' ? `Polling; last failure: ${this.#lastFailure}` : this.#stateDetail;
    return buildHealth(this.#state, detail, this.profile.nominalRateHz, this.#meter, errors, stats.serial);
  }

  async sendTyped(): Promise<number> {
    throw new ContractError({ code: 'invalid-input', message: `${this.#name} is polled over Modbus; it takes no typed commands.` });
  }

  async sendBytes(): Promise<number> {
    throw new ContractError({ code: 'invalid-input', message: `${this.#name} is polled over Modbus; raw bytes would corrupt the poll.` });
  }

  async sendCommand(): Promise<number> {
    throw new ContractError({ code: 'invalid-input', message: `${this.#name} has no command channel.` });
  }

  injectFault(fault: Fault): void {
    if (!this.#injectFault) throw notSimulated(this.#name);
    this.#injectFault(fault);
  }

  simulate(line: string): string {
    if (!this.#simulate) throw notSimulated(this.#name);
    return this.#simulate(line);
  }

  /** Modbus devices answer polls only; they send no responses or log lines of their own. */
  onMessage(): () => void {
    return () => undefined;
  }

  #onFrame(values: Float32Array, hostTimeMs: number): void {
    const row = Float32Array.from(this.#columns, (c) => (c >= 0 ? values[c] : Number.NaN));
    this.#builder.push(this.#seq++, hostTimeMs / 1000, hostTimeMs, row);
    const batch = this.#builder.take();
    this.#meter.observe(batch);
    this.#events.emit('batch', batch);
  }
}
