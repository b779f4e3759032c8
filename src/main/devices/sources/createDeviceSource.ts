import type { DeviceProfile } from '../../../shared/domain/deviceProfile';
import { ContractError } from '../../../shared/ipc/contractError';
import type { DeviceSourceSpec, Fault } from '../../../shared/ipc/domains/devices';
import { SimulatedLink } from '../links/simulatedLink';
import { findShippedProfile } from '../profiles/shippedProfiles';
import { SerialConnection } from '../serial/serialConnection';
import { SimulatedDevice } from '../simulation/simulatedDevice';
import { createDemoModel } from '../simulation/demoModel';
import type { IDeviceSource } from './IDeviceSource';
import { StreamDeviceSource } from './streamDeviceSource';

/** A data watchdog never shorter than this: slow devices (1 Hz e-nose) must not flap. */
const MIN_STALL_MS = 3000;

function unavailable(message: string): ContractError {
  return new ContractError({ code: 'invalid-input', message });
}

function streamingProfile(profileId: string): DeviceProfile {
  const profile = findShippedProfile(profileId);
  if (!profile) throw unavailable(`No device profile "${profileId}".`);
  switch (profile.protocol.kind) {
    case 'text':
    case 'json':
    case 'binary':
      return profile;
    case 'modbus-rtu':
      throw unavailable(`${profile.displayName} is polled over Modbus RTU; this console build reads streaming devices only.`);
    case 'dataset':
      throw unavailable(`${profile.displayName} is an offline dataset, not a live device; open it as a dataset.`);
  }
}

/** Builds the device source a spec describes (not yet started). */
export function createDeviceSource(id: string, spec: DeviceSourceSpec): IDeviceSource {
  const profile = streamingProfile(spec.profileId);
  switch (spec.kind) {
    case 'simulator': {
      const seed = spec.seed ?? 1;
      const model = createDemoModel(profile, seed);
      const device = new SimulatedDevice(profile, model, seed);
      const link = new SimulatedLink(`sim://${profile.id}/${seed}`, device);
      return new StreamDeviceSource({
        id,
        name: `${profile.displayName} (simulated)`,
        spec,
        profile,
        link,
        injectFault: (fault) => applyFault(fault, device, link),
      });
    }
    case 'serial': {
      const serial = profile.serial;
      if (!serial) throw unavailable(`${profile.displayName} has no serial settings.`);
      const expectedPeriodMs = 1000 / profile.nominalRateHz;
      const link = new SerialConnection({
        settings: { path: spec.path, ...serial, baudRate: spec.baudRate ?? serial.baudRate },
        watchdog: { expectedPeriodMs, stalledAfterPeriods: Math.max(5, Math.ceil(MIN_STALL_MS / expectedPeriodMs)) },
      });
      return new StreamDeviceSource({ id, name: `${profile.displayName} on ${spec.path}`, spec, profile, link });
    }
  }
}

function applyFault(fault: Fault, device: SimulatedDevice, link: SimulatedLink): void {
  const command = (line: string): void => {
    const reply = device.model.handleCommand(line);
    if (reply.startsWith('ERR')) throw unavailable(`The simulator refused "${line}": ${reply.slice(3).trim()}`);
  };
  switch (fault.kind) {
    case 'corrupt-crc':
      return device.faults.corruptFrames(fault.count);
    case 'garbage':
      return device.faults.injectGarbage(fault.bytes);
    case 'drop-bytes':
      return device.faults.dropBytes(fault.bytes);
    case 'disconnect':
      return link.unplug(fault.durationMs);
    case 'noise':
      return command(`FAULT NOISE ${fault.channel} ${fault.amount}`);
    case 'stuck':
      return command(`FAULT STUCK ${fault.channel}`);
    case 'clear':
      device.faults.clear();
      return command('FAULT CLEAR');
  }
}
