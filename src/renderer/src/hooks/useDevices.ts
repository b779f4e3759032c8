import { useSyncExternalStore } from 'react';
import type { DeviceInfo } from '../../../shared/ipc/domains/devices';
import { api } from '../bridge/api';
import { messageOf } from '../bridge/messageOf';

const HEALTH_POLL_MS = 1000;

interface DevicesSnapshot {
  readonly devices: DeviceInfo[];
  readonly error: string | undefined;
}

/**
 * One poll of the open devices for the whole window, however many components show them (a page
 * and the status bar): it runs while anyone is subscribed and stops with the last one.
 */
const store = (() => {
  let snapshot: DevicesSnapshot = { devices: [], error: undefined };
  const listeners = new Set<() => void>();
  let stop: (() => void) | undefined;
  const publish = (next: DevicesSnapshot): void => {
    snapshot = next;
    for (const listener of listeners) listener();
  };
  const start = (): (() => void) => {
    let alive = true;
    const refresh = (): void => {
      api.call('devices.list', {}).then(
        (devices) => alive && publish({ devices, error: undefined }),
        (e: unknown) => alive && publish({ devices: snapshot.devices, error: messageOf(e) }),
      );
    };
    refresh();
    const timer = setInterval(refresh, HEALTH_POLL_MS);
    const off = api.on('devices.changed', ({ devices }) => alive && publish({ devices, error: snapshot.error }));
    return () => {
      alive = false;
      clearInterval(timer);
      off();
    };
  };
  return {
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      stop ??= start();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          stop?.();
          stop = undefined;
        }
      };
    },
    getSnapshot: (): DevicesSnapshot => snapshot,
  };
})();

/** Open devices with fresh health: polled once a second, and at once when the core reports a change. */
export function useDevices(): DevicesSnapshot {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
