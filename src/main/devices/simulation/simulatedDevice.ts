import type { DeviceProfile } from '../../../shared/domain/deviceProfile';
import { DeviceCommandReader } from '../codecs/deviceCommandReader';
import { encodeTextResponse } from '../codecs/textCommandDialect';
import type { ISimulatorModel } from '../simulators/ISimulatorModel';
import { ByteFaults } from './byteFaults';
import type { ISimulatedWireDevice } from './ISimulatedWireDevice';
import { commandDialectOf, encodeResponse, frameWireFormat, responseFor, simulatorCommandLine, type FrameWireFormat } from './simulatorWire';

/**
 * A simulated device as firmware would behave behind a serial port: it streams its model's frames
 * at the model's rate in its profile's wire format, answers commands in its dialect, and can be
 * told to misbehave on the wire. Time is passed in, so the same object serves the in-process demo
 * link (driven by a timer) and the pty server of `sensor-console sim serve`.
 */
export class SimulatedDevice implements ISimulatedWireDevice {
  readonly profile: DeviceProfile;
  readonly model: ISimulatorModel;
  readonly faults: ByteFaults;
  readonly #wire: FrameWireFormat;
  readonly #commands: DeviceCommandReader;
  readonly #dialect;
  /** Frames owed since the last `produce`, fractional so any rate holds on average. */
  #owed = 0;
  #lastMs: number | undefined;
  #preambleSent = false;

  constructor(profile: DeviceProfile, model: ISimulatorModel, seed: number) {
    this.profile = profile;
    this.model = model;
    this.faults = new ByteFaults(seed ^ 0x5eed);
    this.#wire = frameWireFormat(profile);
    this.#dialect = commandDialectOf(profile);
    this.#commands = new DeviceCommandReader(this.#dialect);
  }

  /** The bytes the device sends between the previous call and `nowMs` (monotonic milliseconds). */
  produce(nowMs: number): Uint8Array {
    const last = this.#lastMs ?? nowMs;
    this.#lastMs = nowMs;
    if (!this.model.running) {
      this.#owed = 0;
      return new Uint8Array(0);
    }
    this.#owed += ((nowMs - last) / 1000) * this.model.rateHz * this.model.speed;
    const due = Math.floor(this.#owed);
    this.#owed -= due;
    const chunks: Uint8Array[] = [];
    if (!this.#preambleSent && this.#wire.preamble.length > 0) chunks.push(this.#wire.preamble);
    this.#preambleSent = true;
    for (let i = 0; i < due; i++) chunks.push(this.faults.apply(this.#wire.encode(this.model.step())));
    return concat(chunks);
  }

  /** Feeds bytes the console wrote; returns the device's replies. */
  receive(bytes: Uint8Array): Uint8Array {
    const replies: Uint8Array[] = [];
    for (const received of this.#commands.push(bytes)) {
      if (!received.ok) {
        replies.push(this.#dialect === 'text' ? encodeTextResponse({ kind: 'error', reason: received.reason }) : new Uint8Array(0));
        continue;
      }
      const line = simulatorCommandLine(received.command);
      const wasRunning = this.model.running;
      const reply = line === undefined ? undefined : this.model.handleCommand(line);
      // A device that (re)starts streaming prints its header again, as a sketch's setup() would.
      if (!wasRunning && this.model.running) this.#preambleSent = false;
      replies.push(encodeResponse(this.#dialect, responseFor(received.command, reply), received.command, received.seq));
    }
    return concat(replies);
  }

  /** Restarts pacing after a pause (e.g. a simulated unplug), without a burst of owed frames. */
  resetClock(): void {
    this.#lastMs = undefined;
    this.#owed = 0;
    this.#preambleSent = false;
  }
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}
