import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DeviceManager } from '../devices/deviceManager';
import { findShippedProfile } from '../devices/profiles/shippedProfiles';
import { servePtySimulator, type PtySimulatorServer } from '../devices/simulation/ptySimulatorServer';
import { simulatorScenarioControl } from './hilContext';
import { runSuite } from './hilEngine';
import { shippedSuite } from './shippedSuites';
import { quietDeviceManager, tempDataDir, testContext } from './testing/hilTestSupport';
import { ImuActivityStandIn } from './testing/standInModels';

function profile(id: string) {
  const p = findShippedProfile(id);
  if (p === undefined) throw new Error(`no profile ${id}`);
  return p;
}

let devices: DeviceManager;
let data: { dir: string; remove: () => Promise<void> };
const servers: PtySimulatorServer[] = [];
beforeAll(async () => {
  devices = quietDeviceManager();
  data = await tempDataDir();
});
afterAll(async () => {
  await devices.stop();
  await Promise.all(servers.map((s) => s.close()));
  await data.remove();
});

describe('shipped suites over a real serial path (socat pty)', () => {
  test('the IMU suite passes against a pty simulator, including the model check driven by the scenario', async () => {
    const server = await servePtySimulator(profile('imu-6axis'), 7);
    servers.push(server);
    const record = await runSuite(
      shippedSuite('imu'),
      testContext(devices, data.dir, { kind: 'serial', path: server.consolePath, profileId: 'imu-6axis' }, {
        model: new ImuActivityStandIn(),
        scenario: simulatorScenarioControl(server.device.model),
      }),
    );
    expect(record.steps.filter((s) => s.outcome !== 'pass' && s.outcome !== 'skipped').map((s) => `${s.name}: ${s.message ?? ''}`)).toEqual([]);
    expect(record.outcome).toBe('pass');
    expect(record.device).toMatchObject({ source: `serial:${server.consolePath} (imu-6axis)`, serialNumber: 'SIM0007', firmware: '1.0.0' });
    const running = record.steps.find((s) => s.name === 'recognises-running');
    expect(running?.measurements.map((m) => [m.name, m.outcome])).toEqual([
      ['agreement_running', 'pass'],
      ['most_common_label', 'pass'],
    ]);
    expect(running?.logs.map((l) => l.text)).toContain('Scenario: activity = running.');
    // Fault injection needs the simulator in process; over a port those steps are skipped.
    expect(record.steps.find((s) => s.name === 'detects-stuck-channel')?.message).toBe('Skipped: faults cannot be injected into this device.');
    // Teardown put the scenario back.
    expect(record.steps.at(-1)).toMatchObject({ name: 'restore-scenario', outcome: 'pass' });
  }, 30_000);

  test('a device whose identity does not match fails at identify, naming the measurement', async () => {
    // An e-nose on the port, opened as an IMU: the profile's identify pattern does not match.
    const server = await servePtySimulator(profile('enose-8mos'), 1);
    servers.push(server);
    const record = await runSuite(shippedSuite('imu'), testContext(devices, data.dir, { kind: 'serial', path: server.consolePath, profileId: 'imu-6axis' }));
    expect(record.outcome).toBe('fail');
    const identify = record.steps.find((s) => s.name === 'identify');
    expect(identify?.outcome).toBe('fail');
    expect(identify?.measurements[0]).toMatchObject({ name: 'identity', value: 'SC-ENOSE,fw=1.0.0,sn=SIM0001', outcome: 'fail' });
    expect(record.message).toBe('identify: identity: "SC-ENOSE,fw=1.0.0,sn=SIM0001" does not match ^SC-IMU,fw=\\d+\\.\\d+\\.\\d+,sn=[A-Za-z0-9]+$');
    expect(record.steps.filter((s) => s.phase === 'main').every((s) => s.outcome === 'skipped')).toBe(true);
  }, 30_000);
});
