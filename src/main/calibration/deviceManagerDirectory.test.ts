import { afterEach, describe, expect, it } from 'vitest';
import type { FrameBatch } from '../../shared/domain/frameBatch';
import { DeviceManager } from '../devices/deviceManager';
import { waitFor } from '../devices/serial/testing/waitFor';
import { deviceManagerDirectory } from './deviceManagerDirectory';

const managers: DeviceManager[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.stop()));
});

describe('open devices as calibration devices', () => {
  it('binds to the identify reply, streams raw batches and reports disconnection', async () => {
    const manager = new DeviceManager({ onChanged: () => undefined, log: () => undefined });
    manager.start();
    managers.push(manager);
    const info = await manager.connect({ kind: 'simulator', profileId: 'imu-6axis', seed: 7 });
    const device = deviceManagerDirectory(manager).device(info.id);
    expect(device.profile.id).toBe('imu-6axis');
    await waitFor(() => device.status().deviceKey !== null, 'the device to identify itself');
    expect(device.status()).toMatchObject({ state: 'open', deviceKey: 'SC-IMU/SIM0007' });
    const batches: FrameBatch[] = [];
    const off = device.subscribe((b) => batches.push(b));
    await waitFor(() => batches.length >= 3, 'three batches');
    off();
    expect(batches[0].channelCount).toBe(6);
    manager.source(info.id).injectFault({ kind: 'disconnect', durationMs: 500 });
    await waitFor(() => device.status().state !== 'open', 'the unplug to show');
    expect(device.status().detail).not.toBe('');
    expect(() => deviceManagerDirectory(manager).device('sim-x-9')).toThrow(/No open device "sim-x-9"/);
  });
});
