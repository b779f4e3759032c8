import type { DeviceProfile } from '../../../shared/domain/deviceProfile';
import type { FrameBatch } from '../../../shared/domain/frameBatch';
import type { TrafficChunk } from '../../../shared/domain/traffic';
import type { DeviceInfo, DeviceSourceSpec, Fault } from '../../../shared/ipc/domains/devices';
import type { DeviceCommand } from '../codecs/commands';
import type { DeviceMessage } from '../codecs/IFrameDecoder';

/**
 * Anything that yields a device's FrameBatches: a serial port with a codec, an in-process
 * simulator, a Modbus poller, a recording played back (Foxglove's data-source pattern: one
 * interface, a factory per kind).
 */
export interface IDeviceSource {
  readonly id: string;
  readonly profile: DeviceProfile;
  readonly spec: DeviceSourceSpec;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Every decoded batch, in order; listeners must not keep the batch's arrays beyond the call unless they copy. */
  onBatch(listener: (batch: FrameBatch) => void): () => void;
  /** State, identity or anything else in `info()` changed. */
  onChange(listener: () => void): () => void;
  info(): DeviceInfo;
  /** Sends a line as typed (text dialect) or a protocol command (binary dialect); resolves with bytes sent. */
  sendTyped(line: string): Promise<number>;
  sendBytes(bytes: Uint8Array): Promise<number>;
  /** Sends a protocol command (e.g. an actuator value) in the device's dialect. */
  sendCommand(command: DeviceCommand): Promise<number>;
  /** Simulated sources only; real devices refuse with a clear error. */
  injectFault(fault: Fault): void;
  /**
   * Simulated sources only: a scenario command to the simulator itself (`SET activity walking`,
   * `SET pose +x`, `SET odorant lemon`) — what a person would do to real hardware. Returns its reply.
   */
  simulate(line: string): string;
  /** Command responses and device log lines (the terminal view, command/response checks). */
  onMessage(listener: (message: DeviceMessage) => void): () => void;
  /** Raw bytes both ways, for the terminal view; sources without a byte link have none. */
  onTraffic?(listener: (chunk: TrafficChunk) => void): () => void;
}

/** What every device source is built with; the two hooks exist only for simulated devices. */
export interface DeviceSourceBaseOptions {
  readonly id: string;
  readonly name: string;
  readonly spec: DeviceSourceSpec;
  readonly profile: DeviceProfile;
  /** Value- and byte-level fault injection, for simulated devices only. */
  readonly injectFault?: (fault: Fault) => void;
  /** Scenario commands to the simulator, for simulated devices only. */
  readonly simulate?: (line: string) => string;
}
