import type { DeviceProfile } from '../../shared/domain/deviceProfile';
import type { HilAttachment, HilLogEntry, HilPlot, Measurement } from '../../shared/domain/hilRecord';
import type { IDeviceSource } from '../devices/sources/IDeviceSource';
import type { HilRunContext } from './hilContext';

/** A step that could not be carried out (not a failed measurement); the message is for a technician. */
export class StepError extends Error {
  override readonly name = 'StepError';
}

/** What a run keeps between steps. */
export interface RunSession {
  deviceId: string | undefined;
  profile: DeviceProfile | undefined;
  identity: string | null;
  /** The calibration version in force on the device, as of its identification. */
  calibrationVersion: string | null;
  /** Resources the run opened, released when it ends however it ends (newest first). */
  readonly cleanups: (() => Promise<void>)[];
}

/** The device a step works on. */
export interface OpenDevice {
  readonly id: string;
  readonly source: IDeviceSource;
  readonly profile: DeviceProfile;
}

/** What a step executor gets: the run's context and session, and where its results go. */
export interface StepRuntime {
  readonly context: HilRunContext;
  readonly session: RunSession;
  /** Aborted when the run is aborted or the step times out; every wait must honour it. */
  readonly signal: AbortSignal;
  /** This run's attachment folder. */
  readonly runDir: string;
  /** A tag unique to this attempt, for attachment file names. */
  readonly attemptTag: string;
  record(measurement: Measurement): void;
  log(level: HilLogEntry['level'], text: string): void;
  attach(attachment: HilAttachment): void;
  plot(plot: HilPlot): void;
  /** 0…1 of the step's own work. */
  progress(fraction: number): void;
}

/** The device opened by the run's connect step, or a StepError saying what is missing. */
export function openDevice(rt: StepRuntime): OpenDevice {
  const { deviceId, profile } = rt.session;
  if (deviceId === undefined || profile === undefined) {
    throw new StepError('No device is connected: the suite needs a connect step before this one (usually in setup).');
  }
  return { id: deviceId, source: rt.context.devices.source(deviceId), profile };
}

/** Resolves after `ms`, or rejects with the signal's reason when it is aborted first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
