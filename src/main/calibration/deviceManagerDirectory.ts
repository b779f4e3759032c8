import type { DeviceManager } from '../devices/deviceManager';
import type { CalibrationDeviceDirectory } from './calibrationService';
import { deviceKeyOf } from './profiles/deviceKey';

/**
 * The open devices of the DeviceManager as calibration devices: raw batches by subscription,
 * state and identity from the source's info. Unknown ids fail with the DeviceManager's own error.
 */
export function deviceManagerDirectory(devices: DeviceManager): CalibrationDeviceDirectory {
  return {
    device(deviceId) {
      const source = devices.source(deviceId);
      return {
        id: deviceId,
        name: source.info().name,
        profile: source.profile,
        status() {
          const info = source.info();
          return { state: info.health.state, detail: info.health.stateDetail, deviceKey: deviceKeyOf(info.identity) };
        },
        subscribe: (listener) => devices.subscribeRaw(deviceId, listener),
      };
    },
    findProfile: (profileId) => devices.profiles.find(profileId),
  };
}
