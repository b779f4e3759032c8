import type { DeviceProfile } from '../../../shared/domain/deviceProfile';
import { valuesPerFrame } from '../../../shared/domain/deviceProfile';
import type { FrameBatch } from '../../../shared/domain/frameBatch';
import { ContractError } from '../../../shared/ipc/contractError';
import type { DeviceHealth, DeviceInfo, DeviceSourceSpec, DeviceState, Fault } from '../../../shared/ipc/domains/devices';
import type { DeviceCommand } from '../codecs/commands';
import { createDecoderStats } from '../codecs/decoderStats';
import type { DecoderStats, DeviceMessage, IFrameDecoder } from '../codecs/IFrameDecoder';
import { DeviceHealthMeter } from '../health/deviceHealthMeter';
import type { IByteLink } from '../links/IByteLink';
import { EventHub } from '../serial/eventHub';
import { commandDialectOf } from '../simulation/simulatorWire';
import { ColumnProjector } from './columnProjector';
import { buildHealth } from './deviceHealth';
import { hostNowMs } from '../serial/serialConnection';
import type { TrafficChunk } from '../../../shared/domain/traffic';
import { DeviceCommandEncoder } from './deviceCommands';
import type { DeviceSourceBaseOptions, IDeviceSource } from './IDeviceSource';
import { decoderForProfile } from './profileDecoder';

interface SourceEvents {
  batch: [FrameBatch];
  change: [];
  message: [DeviceMessage];
  traffic: [TrafficChunk];
}

export interface StreamDeviceSourceOptions extends DeviceSourceBaseOptions {
  readonly link: IByteLink;
}

/**
 * A device that streams frames over a byte link (serial port or in-process simulator): decodes
 * with the profile's codec, keeps the profile's column layout, measures health, identifies the
 * device and starts its stream each time the link opens (a device that rebooted needs START again).
 */
export class StreamDeviceSource implements IDeviceSource {
  readonly id: string;
  readonly profile: DeviceProfile;
  readonly spec: DeviceSourceSpec;
  readonly #name: string;
  readonly #link: IByteLink;
  readonly #events = new EventHub<SourceEvents>();
  readonly #meter = new DeviceHealthMeter();
  readonly #projector: ColumnProjector;
  readonly #commands: DeviceCommandEncoder;
  readonly #injectFault: ((fault: Fault) => void) | undefined;
  readonly #simulate: ((line: string) => string) | undefined;
  readonly #unsubscribe: (() => void)[] = [];
  #decoder: IFrameDecoder;
  /** Counters of the decoders of earlier connections (each connection gets a fresh decoder). */
  #earlierDecoders: DecoderStats = createDecoderStats();
  #state: DeviceState = 'closed';
  #stateDetail = 'Not opened yet.';
  #identity: string | null = null;

  constructor(options: StreamDeviceSourceOptions) {
    this.id = options.id;
    this.#name = options.name;
    this.spec = options.spec;
    this.profile = options.profile;
    this.#link = options.link;
    this.#injectFault = options.injectFault;
    this.#simulate = options.simulate;
    this.#decoder = decoderForProfile(options.id, options.profile);
    this.#projector = new ColumnProjector(
      options.profile.channels.map((c) => c.name),
      valuesPerFrame(options.profile),
    );
    this.#commands = new DeviceCommandEncoder(commandDialectOf(options.profile));
  }

  async start(): Promise<void> {
    this.#unsubscribe.push(
      this.#link.on('data', (chunk, hostTimeMs) => this.#onData(chunk, hostTimeMs)),
      this.#link.on('state', (change) => {
        this.#state = change.state;
        this.#stateDetail = change.message;
        if (change.state === 'open' && change.previous !== 'stalled') this.#greet();
        this.#events.emit('change');
      }),
    );
    const opened = await this.#link.open();
    if (!opened.ok) {
      this.#stateDetail = opened.message;
      this.#events.emit('change');
    }
  }

  async stop(): Promise<void> {
    for (const off of this.#unsubscribe.splice(0)) off();
    await this.#link.close();
    this.#state = 'closed';
    this.#stateDetail = 'Closed by the operator.';
  }

  onBatch(listener: (batch: FrameBatch) => void): () => void {
    return this.#events.on('batch', listener);
  }

  onChange(listener: () => void): () => void {
    return this.#events.on('change', listener);
  }

  /** Command responses and device log lines (for the terminal view). */
  onMessage(listener: (message: DeviceMessage) => void): () => void {
    return this.#events.on('message', listener);
  }

  info(): DeviceInfo {
    return { id: this.id, name: this.#name, source: this.spec, profile: this.profile, identity: this.#identity, health: this.health() };
  }

  health(): DeviceHealth {
    const decoder = sumStats(this.#earlierDecoders, this.#decoder.stats);
    const errors = {
      droppedFrames: decoder.droppedFrames,
      parseErrors: decoder.parseErrors + decoder.oversize,
      crcErrors: decoder.crcErrors,
      discardedBytes: decoder.discardedBytes,
    };
    return buildHealth(this.#state, this.#stateDetail, this.profile.nominalRateHz, this.#meter, errors, this.#link.stats());
  }

  async sendTyped(line: string): Promise<number> {
    const encoded = this.#commands.encodeTyped(line);
    if (!encoded.ok) throw new ContractError({ code: 'invalid-input', message: `Not a command this device understands: ${encoded.reason}.` });
    return this.sendBytes(encoded.bytes);
  }

  onTraffic(listener: (chunk: TrafficChunk) => void): () => void {
    return this.#events.on('traffic', listener);
  }

  async sendBytes(bytes: Uint8Array): Promise<number> {
    try {
      await this.#write(bytes);
    } catch (error) {
      throw new ContractError({ code: 'unavailable', message: error instanceof Error ? error.message : String(error) });
    }
    return bytes.length;
  }

  sendCommand(command: DeviceCommand): Promise<number> {
    return this.sendBytes(this.#commands.encode(command));
  }

  injectFault(fault: Fault): void {
    if (!this.#injectFault) {
      throw notSimulated(this.#name);
    }
    this.#injectFault(fault);
  }

  simulate(line: string): string {
    if (!this.#simulate) throw notSimulated(this.#name);
    return this.#simulate(line);
  }

  /** Every write goes through here, so the terminal view shows what the console sent. */
  async #write(bytes: Uint8Array): Promise<void> {
    await this.#link.write(bytes);
    this.#events.emit('traffic', { direction: 'tx', hostTimeMs: hostNowMs(), bytes });
  }

  #onData(chunk: Uint8Array, hostTimeMs: number): void {
    this.#events.emit('traffic', { direction: 'rx', hostTimeMs, bytes: chunk });
    const { frames, messages } = this.#decoder.decode(chunk, hostTimeMs);
    for (const message of messages) this.#onMessage(message);
    if (frames.frameCount === 0) return;
    const batch = this.#projector.project(frames, this.#decoder.channels);
    this.#meter.observe(batch);
    this.#events.emit('batch', batch);
  }

  #onMessage(message: DeviceMessage): void {
    if (message.kind === 'response' && message.response.kind === 'identity' && message.response.id !== this.#identity) {
      this.#identity = message.response.id;
      this.#events.emit('change');
    }
    this.#events.emit('message', message);
  }

  /** Asks who the device is and starts its stream; failures are reported by the link's own states. */
  #greet(): void {
    // A fresh decoder per connection: bytes of a half-received frame from before a drop must not
    // be glued to the first bytes after it.
    if (this.#decoder.stats.bytesIn > 0) {
      this.#earlierDecoders = sumStats(this.#earlierDecoders, this.#decoder.stats);
      this.#decoder = decoderForProfile(this.id, this.profile);
    }
    for (const command of [{ kind: 'identify' }, { kind: 'start' }] as const) {
      this.#write(this.#commands.encode(command)).catch(() => undefined);
    }
  }
}

function sumStats(a: Readonly<DecoderStats>, b: Readonly<DecoderStats>): DecoderStats {
  const out = createDecoderStats();
  for (const key of Object.keys(out) as (keyof DecoderStats)[]) out[key] = a[key] + b[key];
  return out;
}

/** The refusal for simulator-only actions on real hardware. */
export function notSimulated(name: string): ContractError {
  return new ContractError({ code: 'invalid-input', message: `${name} is a real device; this works only on simulators.` });
}
