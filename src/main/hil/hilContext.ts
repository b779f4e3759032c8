import type { DeviceInfo, DeviceSourceSpec, Fault } from '../../shared/ipc/domains/devices';
import type { FrameBatch } from '../../shared/domain/frameBatch';
import type { IDeviceSource } from '../devices/sources/IDeviceSource';

/**
 * The person at the station, as a run sees them: the UI shows a dialog, the CLI asks on the
 * terminal, tests answer from a script. Every question can be withdrawn by the signal (the run
 * was aborted or the step timed out); implementations must then reject promptly.
 */
export interface IOperator {
  /** Shows a message and resolves when the operator has read it (or done what it says). */
  acknowledge(text: string, signal: AbortSignal): Promise<void>;
  /** Asks a yes/no question. */
  confirm(text: string, signal: AbortSignal): Promise<boolean>;
  /** Asks for a number (a reading off a meter, a count). */
  enterNumber(text: string, unit: string, signal: AbortSignal): Promise<number>;
}

/** One window of data for a model: `values` row-major in `shape` (frames × values per frame for live data). */
export interface ModelWindow {
  readonly shape: readonly number[];
  readonly values: Float32Array;
  /**
   * Live windows: the frame of the capture the window starts at. Event detectors that stitch
   * consecutive overlapping windows (a step detector) need it to place and de-duplicate events.
   */
  readonly startFrame?: number;
}

/** What a model said about one window: a class label, named numeric outputs, or both. */
export interface ModelOutput {
  readonly label?: string;
  readonly values?: Readonly<Record<string, number>>;
}

/**
 * The model a run checks, as the inference runtime serves it (implemented by the lead on the
 * out-of-process runtime; tests use small JavaScript stand-ins).
 */
export interface IModelUnderTest {
  /** `name@version`, for the record. */
  readonly version: string;
  /** Which device channels feed the model and how live data is cut into windows (frames). */
  readonly input: { readonly channels: readonly string[]; readonly windowFrames: number; readonly hopFrames: number };
  /** One output per window, in order. */
  predict(windows: readonly ModelWindow[], signal: AbortSignal): Promise<readonly ModelOutput[]>;
  /** The runtime's own p95 inference latency (ms) since it loaded the model, if it keeps one. */
  latencyP95Ms(): number | undefined;
}

/** A simulator's scenario control: `SET name value` (which activity the IMU wearer does, which odour…). */
export interface IScenarioControl {
  set(name: string, value: string): Promise<void>;
}

/** Injects faults into the device under test (a simulator); rejects for real devices. */
export interface IFaultInjector {
  inject(deviceId: string, fault: Fault): Promise<void>;
}

/** The part of DeviceManager a run uses (the run opens and closes its own device). */
export interface HilDevices {
  connect(spec: DeviceSourceSpec): Promise<DeviceInfo>;
  disconnect(id: string): Promise<void>;
  source(id: string): IDeviceSource;
  subscribe(id: string, listener: (batch: FrameBatch) => void): () => void;
}

/** Everything a run needs besides the suite; the caller says which versions are in force. */
export interface HilRunContext {
  readonly devices: HilDevices;
  /** The device the suite's `connect` step opens (absent for offline suites). */
  readonly device?: DeviceSourceSpec;
  /** Folder of an offline dataset (`meta.json` + `.npy` arrays) for dataset steps. */
  readonly datasetDir?: string;
  readonly operator?: IOperator;
  readonly model?: IModelUnderTest;
  /** Scenario control of a simulated device; absent on real hardware. */
  readonly scenario?: IScenarioControl;
  /** Overrides fault injection (e.g. a pty simulator the run reaches as a serial port). */
  readonly faults?: IFaultInjector;
  readonly station: string;
  readonly operatorName: string;
  readonly appVersion: string;
  /** The active model's version, or null; defaults to the model under test's. */
  readonly modelVersion?: string | null;
  /**
   * The calibration version in force on an opened device (null when it has none); asked once the
   * run has connected and again once the device has said who it is. Absent: none is recorded.
   */
  readonly calibrationVersionOf?: (deviceId: string) => string | null;
  /** Attachments go to `<dataDir>/hil/<run id>/`. */
  readonly dataDir: string;
}

/** Scenario control of an in-process simulator model (its `handleCommand`), for pty servers and tests. */
export function simulatorScenarioControl(model: { handleCommand(line: string): string }): IScenarioControl {
  return {
    async set(name, value) {
      const reply = model.handleCommand(`SET ${name} ${value}`);
      if (reply.startsWith('ERR')) throw new Error(`The simulator refused "SET ${name} ${value}": ${reply.slice(3).trim()}`);
    },
  };
}
