import { useEffect, useState } from 'react';
import type { DeviceCalibrationStatus } from '../../../shared/domain/calibration';
import { api } from '../bridge/api';

/** Expiry moves with the clock (calibrated → expiring → expired) without any event: look again now and then. */
const REFRESH_MS = 30_000;

/** An open device as far as its calibration goes: which it is, and who it said it is. */
export interface CalibratedDevice {
  readonly id: string;
  readonly identity: string | null;
}

/**
 * The calibration state of each of the given open devices (null while a device has not said who it
 * is), asked again when a device identifies itself or any calibration changes, and every half minute.
 */
export function useCalibrationStatuses(devices: readonly CalibratedDevice[]): ReadonlyMap<string, DeviceCalibrationStatus | null> {
  const [statuses, setStatuses] = useState<ReadonlyMap<string, DeviceCalibrationStatus | null>>(new Map());
  // Calibrations belong to identities: a device that identifies itself (or another on the same id) is asked again.
  const key = devices.map((d) => `${d.id}\t${d.identity ?? ''}`).join('\n');
  useEffect(() => {
    let alive = true;
    const ids = key === '' ? [] : key.split('\n').map((entry) => entry.split('\t')[0]);
    const refresh = (): void => {
      void Promise.all(ids.map((id) => api.call('calibration.status', { deviceId: id }).then((s) => [id, s] as const, () => [id, null] as const))).then(
        (entries) => alive && setStatuses(new Map(entries)),
      );
    };
    refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    const off = api.on('calibration.changed', refresh);
    return () => {
      alive = false;
      clearInterval(timer);
      off();
    };
  }, [key]);
  return statuses;
}
