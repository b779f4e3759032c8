import type { DeviceFamily } from '../../../shared/domain/deviceProfile';

/** One step of a simulator: what the device would send, and what was really there. */
export interface SimulatorFrame<TTruth> {
  /** Frame counter from 0, as the device's own sequence number. */
  readonly seq: number;
  /** Simulated device time of this frame, seconds since power-on. */
  readonly timeS: number;
  /**
   * The frame's values in the device profile's order (channels, or the waveform/tensor layout),
   * after any injected value faults. Physical units as the profile states them.
   */
  readonly values: Float32Array;
  /** Ground truth for training and validation; never affected by injected faults. */
  readonly truth: TTruth;
}

/**
 * A value-level physics model of one sensor system. Deterministic for a seed and advanced by
 * simulated time only — `step()` never looks at the wall clock — so it can run faster than real
 * time for dataset generation and in lock-step in tests. Byte-level behaviour (framing, CRC
 * errors, garbage, disconnects) belongs to the wire layer that wraps a model behind a port.
 */
export interface ISimulatorModel<TTruth = unknown> {
  readonly family: DeviceFamily;
  /** Channel names, matching the shipped device profile of the family. */
  readonly channelNames: readonly string[];
  /** Values in one frame: channels, or channels × samples for waveform and tensor devices. */
  readonly valuesPerFrame: number;
  /** The rate the real device runs at. */
  readonly nominalRateHz: number;
  /** The current frame rate, as set by `RATE`; `step()` advances simulated time by 1 / rateHz. */
  readonly rateHz: number;
  /**
   * Fast-forward (`SET speed <n>`, default 1): a port wrapper delivers frames n times faster than
   * the wall clock while device time still advances one frame period per frame — minutes of
   * e-nose warm-up in seconds, for demos and tests that cannot wait.
   */
  readonly speed: number;
  /** Whether a port wrapper should stream frames (`START`/`STOP`); `step()` works either way. */
  readonly running: boolean;
  /** The reply to `ID?`, e.g. `SC-IMU,fw=1.0.0,sn=SIM0001`. */
  readonly identity: string;
  /** Advances simulated time by one frame period and returns that frame. */
  step(): SimulatorFrame<TTruth>;
  /**
   * Handles one command line (without line ending) and returns the reply line. Commands:
   * `ID?`, `START`, `STOP`, `RATE <hz>`, `RATE?`, `SET <name> <value>` (`SET speed <n>` on every simulator), `ACT <value>`
   * (= `SET actuator <value>`), `FAULT NOISE|DRIFT <channel> <amount>`, `FAULT STUCK <channel>`,
   * `FAULT CLEAR`. Replies are `OK`, a value, or `ERR <reason>`.
   */
  handleCommand(line: string): string;
}
