import type { ISimulatorModel } from '../simulators/ISimulatorModel';
import type { ByteFaults } from './byteFaults';

/**
 * A simulated device as seen from its port: bytes out over time, bytes in answered. Implemented
 * by streaming firmware (SimulatedDevice) and by a Modbus RTU slave (SimulatedModbusDevice), so
 * the in-process link and the pty server carry either.
 */
export interface ISimulatedWireDevice {
  readonly model: ISimulatorModel;
  readonly faults: ByteFaults;
  /** Bytes the device sends on its own between the previous call and `nowMs` (monotonic ms). */
  produce(nowMs: number): Uint8Array;
  /** Bytes the console wrote; returns the device's replies. */
  receive(bytes: Uint8Array): Uint8Array;
  /** Restarts pacing after a pause (a simulated unplug) without a burst of owed frames. */
  resetClock(): void;
}
