import { afterEach, describe, expect, it } from 'vitest';
import type { DriftAlert } from '../../../shared/domain/validationDrift';
import { DeviceManager } from '../../devices/deviceManager';
import { waitFor } from '../../devices/serial/testing/waitFor';
import { DriftWatch } from './driftWatch';

let manager: DeviceManager | undefined;
afterEach(async () => {
  await manager?.stop();
  manager = undefined;
});

describe('DriftWatch on a live simulated device', () => {
  it('learns a baseline from the next frames, stays quiet while nothing changes, and names the channel that drifts', async () => {
    manager = new DeviceManager({ onChanged: () => undefined, log: () => undefined });
    manager.start();
    const devices = manager;
    // The echo array's pings are nearly independent from one to the next (a slowly varying signal
    // would need minutes of baseline); 50 pings a second keeps the test short.
    const device = await devices.connect({ kind: 'simulator', profileId: 'echoloc-square-4', seed: 5 });
    await devices.source(device.id).sendTyped('RATE 50');
    const alerts: DriftAlert[] = [];
    const drift = new DriftWatch({ devices, onAlert: (a) => alerts.push(a) });

    // A 4 s baseline, then 2 s windows checked every second.
    expect(drift.watch(device.id, 200, 100)).toMatchObject({ phase: 'baseline', baselineCollected: 0 });
    await waitFor(() => drift.status()[0]?.phase === 'watching', 'the baseline', 8000);
    await waitFor(() => (drift.status()[0]?.checks ?? 0) >= 3, 'three checks', 12_000);
    expect(alerts).toEqual([]);

    const channel = devices.source(device.id).profile.channels[2].name;
    // Receiver 2's envelope gains 0.3 V per second from now on.
    expect(devices.source(device.id).simulate('FAULT DRIFT 2 0.3')).toBe('OK');
    await waitFor(() => alerts.length > 0, 'a drift alert', 12_000);
    expect(new Set(alerts.map((a) => a.channel))).toEqual(new Set([channel]));
    expect(alerts[0]).toMatchObject({ deviceId: device.id });
    expect(alerts[0].message).toContain(`${channel} drifted`);
    expect(drift.status()[0].alerts).toBe(alerts.length);

    drift.unwatch(device.id);
    expect(drift.status()).toEqual([]);
  }, 45_000);

  it('refuses a device that is not open, with a clear error', async () => {
    manager = new DeviceManager({ onChanged: () => undefined, log: () => undefined });
    const drift = new DriftWatch({ devices: manager, onAlert: () => undefined });
    expect(() => drift.watch('no-such-device', 300, 100)).toThrow('No open device "no-such-device".');
  });
});
