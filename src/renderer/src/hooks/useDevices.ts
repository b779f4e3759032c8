import { useEffect, useState } from 'react';
import type { DeviceInfo } from '../../../shared/ipc/domains/devices';
import { api } from '../bridge/api';
import { messageOf } from '../bridge/messageOf';

const HEALTH_POLL_MS = 1000;

/** Open devices with fresh health: polled once a second, and at once when the core reports a change. */
export function useDevices(): { devices: DeviceInfo[]; error: string | undefined } {
  const [devices, setDevices] = useState<DeviceInfo[]>([]);
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    let alive = true;
    const refresh = (): void => {
      api.call('devices.list', {}).then(
        (list) => {
          if (!alive) return;
          setDevices(list);
          setError(undefined);
        },
        (e: unknown) => alive && setError(messageOf(e)),
      );
    };
    refresh();
    const timer = setInterval(refresh, HEALTH_POLL_MS);
    const off = api.on('devices.changed', ({ devices: list }) => alive && setDevices(list));
    return () => {
      alive = false;
      clearInterval(timer);
      off();
    };
  }, []);
  return { devices, error };
}
