import { describe, expect, it } from 'vitest';
import { preflightBlockers, type PreflightContext } from './preflight';

const ready: PreflightContext = {
  deviceName: '6-axis IMU (simulated)',
  deviceState: 'open',
  deviceDetail: 'Streaming.',
  family: 'imu',
  profileName: '6-axis IMU (step detection)',
  requiredFamilies: ['imu'],
  deviceKey: 'SC-IMU/SIM0001',
  measuredRateHz: 100,
  nominalRateHz: 100,
  missingInputs: [],
};

describe('preflight checks', () => {
  it('lets a ready device through', () => {
    expect(preflightBlockers(ready)).toEqual([]);
    expect(preflightBlockers({ ...ready, requiredFamilies: null, measuredRateHz: 91 })).toEqual([]);
  });

  const cases: readonly [string, Partial<PreflightContext>, string, RegExp][] = [
    ['wrong family', { family: 'enose', profileName: 'Electronic nose' }, 'wrong-family', /for imu devices; 6-axis IMU \(simulated\) uses the enose profile "Electronic nose"/],
    ['disconnected', { deviceState: 'reconnecting', deviceDetail: 'Port /dev/ttyUSB0 disappeared — retrying every 2 s.' }, 'device-disconnected', /is reconnecting: Port \/dev\/ttyUSB0 disappeared/],
    ['closed', { deviceState: 'closed', deviceDetail: 'Closed.' }, 'device-disconnected', /is closed: Closed\. Reconnect it/],
    ['no identity', { deviceKey: null }, 'no-identity', /has not reported a serial number/],
    ['no data yet', { measuredRateHz: null }, 'no-data', /Waiting for data from 6-axis IMU/],
    ['rate below nominal', { measuredRateHz: 50 }, 'rate-low', /sends 50 frames\/s, below its nominal 100/],
    ['slow device below nominal', { measuredRateHz: 0.5, nominalRateHz: 1 }, 'rate-low', /sends 0\.50 frames\/s, below its nominal 1\.00/],
    ['inputs missing', { missingInputs: ['target x', 'target y'] }, 'input-missing', /^Enter target x, target y to start this step\.$/],
  ];

  it.each(cases)('%s → its own message', (_name, change, code, message) => {
    const blockers = preflightBlockers({ ...ready, ...change });
    expect(blockers).toHaveLength(1);
    expect(blockers[0].code).toBe(code);
    expect(blockers[0].message).toMatch(message);
  });

  it('reports only the cause when the device is gone (no rate or input noise on top)', () => {
    const blockers = preflightBlockers({ ...ready, deviceState: 'disconnected', measuredRateHz: 3, missingInputs: ['x'] });
    expect(blockers.map((b) => b.code)).toEqual(['device-disconnected']);
  });
});
