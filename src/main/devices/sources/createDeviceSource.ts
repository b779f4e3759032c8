import type { DeviceProfile } from '../../../shared/domain/deviceProfile';
import { ContractError } from '../../../shared/ipc/contractError';
import type { DeviceSourceSpec, Fault } from '../../../shared/ipc/domains/devices';
import { openPlaybackSource } from '../../recording/playbackSource';
import type { IByteLink } from '../links/IByteLink';
import { SimulatedLink } from '../links/simulatedLink';
import { ModbusPoller } from '../modbus/modbusPoller';
import { findShippedProfile } from '../profiles/shippedProfiles';
import { SerialConnection } from '../serial/serialConnection';
import { createWireDevice } from '../simulation/demoModel';
import { applySimulatedFault } from '../simulation/simulatedFaults';
import { type DatasetSourceContext, openDatasetSource } from './datasetSource';
import type { IDeviceSource } from './IDeviceSource';
import { ModbusDeviceSource } from './modbusDeviceSource';
import { StreamDeviceSource } from './streamDeviceSource';

/** A data watchdog never shorter than this: slow devices (1 Hz e-nose) must not flap. */
const MIN_STALL_MS = 3000;

function refuse(message: string): ContractError {
  return new ContractError({ code: 'invalid-input', message });
}

async function liveProfile(profileId: string, resolveProfile: DatasetSourceContext['resolveProfile']): Promise<DeviceProfile> {
  const profile = await resolveProfile(profileId);
  if (!profile) throw refuse(`No device profile "${profileId}".`);
  if (profile.protocol.kind === 'dataset') throw refuse(`${profile.displayName} is an offline dataset, not a live device; open it as a dataset.`);
  return profile;
}

/** What some sources need from the rest of the core. */
export interface DeviceSourceContext extends Partial<DatasetSourceContext> {
  /** The file of a recorded session (playback); undefined when there is no such session. */
  readonly resolveRecording?: (sessionId: string) => string | undefined;
}

/** Without a profile store (tests, tools): the shipped profiles. */
const shippedOnly = async (profileId: string): Promise<DeviceProfile | undefined> => findShippedProfile(profileId);

/** Builds the device source a spec describes (not yet started). */
export async function createDeviceSource(id: string, spec: DeviceSourceSpec, context: DeviceSourceContext = {}): Promise<IDeviceSource> {
  const resolveProfile = context.resolveProfile ?? shippedOnly;
  switch (spec.kind) {
    case 'playback': {
      const path = context.resolveRecording?.(spec.sessionId);
      if (path === undefined) throw refuse(`No recorded session "${spec.sessionId}" to play back.`);
      return openPlaybackSource(id, spec, path, resolveProfile);
    }
    case 'dataset':
      return openDatasetSource(id, spec, { resolveProfile, demoDatasetsDir: context.demoDatasetsDir });
    case 'simulator':
    case 'serial':
      return createLiveSource(id, spec, await liveProfile(spec.profileId, resolveProfile));
  }
}

function createLiveSource(id: string, spec: Extract<DeviceSourceSpec, { kind: 'simulator' | 'serial' }>, profile: DeviceProfile): IDeviceSource {
  const seed = spec.kind === 'simulator' ? (spec.seed ?? 1) : undefined;
  const simulated = seed === undefined ? undefined : createWireDevice(profile, seed);
  const simLink = simulated ? new SimulatedLink(`sim://${profile.id}/${seed}`, simulated) : undefined;
  const link: IByteLink | undefined = simLink;
  const name = spec.kind === 'simulator' ? `${profile.displayName} (simulated)` : `${profile.displayName} on ${spec.path}`;
  const injectFault = simulated && simLink ? (fault: Fault) => applySimulatedFault(fault, simulated, (ms) => simLink.unplug(ms)) : undefined;
  const simulate = simulated ? (line: string) => simulated.model.handleCommand(line) : undefined;
  const serialSettings = (): { path: string; baudRate: number } & NonNullable<DeviceProfile['serial']> => {
    if (spec.kind !== 'serial' || !profile.serial) throw refuse(`${profile.displayName} has no serial settings.`);
    return { ...profile.serial, path: spec.path, baudRate: spec.baudRate ?? profile.serial.baudRate };
  };

  if (profile.protocol.kind === 'modbus-rtu') {
    const { unitId, registers, pollPeriodMs, timeoutMs } = profile.protocol;
    const settings = {
      serial: link ? { path: link.path, baudRate: profile.serial?.baudRate ?? 9600 } : serialSettings(),
      map: { unitId, registers: registers.map((r) => ({ ...r, unit: profile.channels.find((c) => c.name === r.channel)?.unit })) },
      pollPeriodMs,
      timeoutMs,
    };
    return new ModbusDeviceSource({ id, name, spec, profile, poller: new ModbusPoller(settings, undefined, link), injectFault, simulate });
  }
  const expectedPeriodMs = 1000 / profile.nominalRateHz;
  const byteLink =
    link ??
    new SerialConnection({
      settings: serialSettings(),
      watchdog: { expectedPeriodMs, stalledAfterPeriods: Math.max(5, Math.ceil(MIN_STALL_MS / expectedPeriodMs)) },
    });
  return new StreamDeviceSource({ id, name, spec, profile, link: byteLink, injectFault, simulate });
}
