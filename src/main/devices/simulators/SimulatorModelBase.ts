import type { DeviceFamily } from '../../../shared/domain/deviceProfile';
import type { ISimulatorModel, SimulatorFrame } from './ISimulatorModel';
import { Prng } from './prng';
import { numberSetting, parseSimulatorCommand, type SettingHandler } from './simulatorCommands';
import { ValueFaults } from './valueFaults';

/** Fast-forward beyond this outruns a 1 Hz device's consumers no faster than a 100 Hz one's. */
const MAX_SPEED = 100;

/** What a family's model tells the base about itself. */
export interface SimulatorSpec {
  readonly family: DeviceFamily;
  /** Device tag in the identity string, e.g. `IMU` → `SC-IMU,fw=1.0.0,sn=SIM0001`. */
  readonly idTag: string;
  readonly channelNames: readonly string[];
  readonly nominalRateHz: number;
  readonly seed: number;
  /** Channel of each value in a frame; omitted for flat frames (value i is channel i). */
  readonly valueChannel?: Int32Array;
}

/** Firmware version the simulated devices report. */
export const SIMULATOR_FIRMWARE = '1.0.0';

/**
 * The parts every simulator shares — clock, sequence numbers, command handling, value faults —
 * so a family's model only describes its physics (`generate`) and its scenario settings.
 */
export abstract class SimulatorModelBase<TTruth> implements ISimulatorModel<TTruth> {
  readonly family: DeviceFamily;
  readonly channelNames: readonly string[];
  readonly valuesPerFrame: number;
  readonly nominalRateHz: number;
  readonly identity: string;
  /** Value faults injected by `FAULT` commands or directly (tests, HIL scripts). */
  readonly faults: ValueFaults;
  #rateHz: number;
  #speed = 1;
  #running = false;
  #seq = 0;
  /** Time and sequence number where the current rate took effect: time = epoch + frames / rate. */
  #epochS = 0;
  #epochSeq = 0;
  #settings: Readonly<Record<string, SettingHandler>> | undefined;

  protected constructor(spec: SimulatorSpec) {
    this.family = spec.family;
    this.channelNames = spec.channelNames;
    this.nominalRateHz = spec.nominalRateHz;
    this.#rateHz = spec.nominalRateHz;
    const valueChannel = spec.valueChannel ?? Int32Array.from(spec.channelNames, (_, i) => i);
    this.valuesPerFrame = valueChannel.length;
    this.faults = new ValueFaults(valueChannel, new Prng(spec.seed).fork('faults'));
    const serial = String(Math.abs(Math.trunc(spec.seed))).padStart(4, '0');
    this.identity = `SC-${spec.idTag},fw=${SIMULATOR_FIRMWARE},sn=SIM${serial}`;
  }

  get rateHz(): number {
    return this.#rateHz;
  }

  get speed(): number {
    return this.#speed;
  }

  get running(): boolean {
    return this.#running;
  }

  /** Simulated time of the next frame, seconds since power-on. */
  get timeS(): number {
    // Counting frames since the last rate change, rather than summing periods, keeps frame
    // times exact multiples of the period over long runs.
    return this.#epochS + (this.#seq - this.#epochSeq) / this.#rateHz;
  }

  step(): SimulatorFrame<TTruth> {
    const timeS = this.timeS;
    const values = new Float32Array(this.valuesPerFrame);
    const truth = this.generate(timeS, 1 / this.#rateHz, values);
    this.faults.apply(values, timeS);
    return { seq: this.#seq++, timeS, values, truth };
  }

  handleCommand(line: string): string {
    const command = parseSimulatorCommand(line);
    switch (command.kind) {
      case 'identify':
        return this.identity;
      case 'start':
        this.#running = true;
        return 'OK';
      case 'stop':
        this.#running = false;
        return 'OK';
      case 'rate-query':
        return `RATE ${this.#rateHz}`;
      case 'rate': {
        // Ten times nominal is as far as the simulated physics stays meaningful per step.
        const max = 10 * this.nominalRateHz;
        if (command.hz > max) return `ERR RATE must be at most ${max} Hz`;
        this.#epochS = this.timeS;
        this.#epochSeq = this.#seq;
        this.#rateHz = command.hz;
        return 'OK';
      }
      case 'set': {
        this.#settings ??= { ...this.settings(), speed: numberSetting(0.1, MAX_SPEED, (n) => (this.#speed = n)) };
        const handler = Object.hasOwn(this.#settings, command.name) ? this.#settings[command.name] : undefined;
        if (handler === undefined) return `ERR no setting "${command.name}" (have ${Object.keys(this.#settings).join(', ')})`;
        const error = handler(command.value);
        return error === undefined ? 'OK' : `ERR ${command.name} ${error}`;
      }
      case 'fault':
        if (command.fault.channel >= this.channelNames.length) return `ERR no channel ${command.fault.channel}`;
        this.faults.inject(command.fault);
        return 'OK';
      case 'fault-clear':
        this.faults.clear();
        return 'OK';
      case 'invalid':
        return `ERR ${command.reason}`;
    }
  }

  /**
   * Writes the frame at `timeS` into `out` (zero-filled, `valuesPerFrame` long), advancing the
   * physics by `dtS`, and returns its ground truth.
   */
  protected abstract generate(timeS: number, dtS: number, out: Float32Array): TTruth;

  /** The family's scenario settings for `SET <name> <value>`. */
  protected abstract settings(): Readonly<Record<string, SettingHandler>>;
}
