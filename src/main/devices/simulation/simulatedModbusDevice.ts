import type { DeviceProfile } from '../../../shared/domain/deviceProfile';
import { modbusCrc16, withModbusCrc } from '../modbus/modbusCrc';
import { encodeRawValue } from '../modbus/registerDecoding';
import type { ISimulatorModel } from '../simulators/ISimulatorModel';
import { ByteFaults } from './byteFaults';
import type { ISimulatedWireDevice } from './ISimulatedWireDevice';

const READ_REQUEST_BYTES = 8;
const EXCEPTION = { illegalFunction: 1, illegalDataAddress: 2 } as const;
const INTEGER_RANGE = { u16: [0, 0xffff], i16: [-0x8000, 0x7fff], u32: [0, 0xffffffff], i32: [-0x80000000, 0x7fffffff] } as const;

/**
 * A Modbus RTU slave in front of a simulator, as a sensor board with a Modbus interface would be:
 * the model runs at its own rate, and read requests (function 3 or 4) are answered from its
 * latest frame through the profile's register map. Bad CRC or another unit id: no answer (the
 * master times out); unmapped addresses or other functions: an exception response.
 */
export class SimulatedModbusDevice implements ISimulatedWireDevice {
  readonly model: ISimulatorModel;
  readonly faults: ByteFaults;
  readonly #profile: DeviceProfile;
  readonly #unitId: number;
  #registers = new Map<string, number>();
  #pending = new Uint8Array(0);
  #owed = 0;
  #lastMs: number | undefined;

  constructor(profile: DeviceProfile, model: ISimulatorModel, seed: number) {
    if (profile.protocol.kind !== 'modbus-rtu') throw new Error(`${profile.id} is not a Modbus device`);
    this.#profile = profile;
    this.#unitId = profile.protocol.unitId;
    this.model = model;
    this.faults = new ByteFaults(seed ^ 0x0d0d);
    // A Modbus device samples continuously; it does not wait for START.
    model.handleCommand('START');
    this.#latch(model.step().values);
  }

  produce(nowMs: number): Uint8Array {
    const last = this.#lastMs ?? nowMs;
    this.#lastMs = nowMs;
    this.#owed += ((nowMs - last) / 1000) * this.model.rateHz;
    let values: Float32Array | undefined;
    for (; this.#owed >= 1; this.#owed -= 1) values = this.model.step().values;
    if (values) this.#latch(values);
    return new Uint8Array(0);
  }

  receive(bytes: Uint8Array): Uint8Array {
    const joined = new Uint8Array(this.#pending.length + bytes.length);
    joined.set(this.#pending);
    joined.set(bytes, this.#pending.length);
    const replies: Uint8Array[] = [];
    let offset = 0;
    while (joined.length - offset >= READ_REQUEST_BYTES) {
      const frame = joined.subarray(offset, offset + READ_REQUEST_BYTES);
      const crc = frame[6] | (frame[7] << 8);
      if (modbusCrc16(frame, 6) !== crc) {
        offset += 1; // resynchronise byte by byte, as a slave listening for the next silent gap would
        continue;
      }
      offset += READ_REQUEST_BYTES;
      if (frame[0] !== this.#unitId) continue;
      const reply = this.#answer(frame[1], (frame[2] << 8) | frame[3], (frame[4] << 8) | frame[5]);
      replies.push(this.faults.apply(reply));
    }
    this.#pending = joined.slice(offset);
    return replies.length === 1 ? replies[0] : Uint8Array.from(replies.flatMap((r) => [...r]));
  }

  resetClock(): void {
    this.#lastMs = undefined;
    this.#owed = 0;
  }

  #answer(fc: number, address: number, count: number): Uint8Array {
    if (fc !== 3 && fc !== 4) return withModbusCrc(Uint8Array.of(this.#unitId, fc | 0x80, EXCEPTION.illegalFunction));
    const words: number[] = [];
    for (let a = address; a < address + count; a++) {
      const word = this.#registers.get(`${fc}:${a}`);
      if (word === undefined) return withModbusCrc(Uint8Array.of(this.#unitId, fc | 0x80, EXCEPTION.illegalDataAddress));
      words.push(word);
    }
    const body = new Uint8Array(3 + words.length * 2);
    body.set([this.#unitId, fc, words.length * 2]);
    words.forEach((w, i) => {
      body[3 + i * 2] = w >>> 8;
      body[4 + i * 2] = w & 0xff;
    });
    return withModbusCrc(body);
  }

  /** Puts a frame's channel values into the registers the map assigns them. */
  #latch(values: Float32Array): void {
    if (this.#profile.protocol.kind !== 'modbus-rtu') return;
    const names = this.#profile.channels.map((c) => c.name);
    const registers = new Map<string, number>();
    for (const register of this.#profile.protocol.registers) {
      const physical = values[names.indexOf(register.channel)];
      let raw = (physical - register.offset) / register.scale;
      if (register.type !== 'f32') {
        const [lo, hi] = INTEGER_RANGE[register.type];
        raw = Math.min(hi, Math.max(lo, Math.round(raw)));
      }
      encodeRawValue(register.type, raw, register.wordOrder).forEach((word, i) => registers.set(`${register.functionCode}:${register.address + i}`, word));
    }
    this.#registers = registers;
  }
}
