import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DeviceFamily } from '../../shared/domain/deviceProfile';
import type { HilRunRecord } from '../../shared/domain/hilRecord';
import type { DeviceManager } from '../devices/deviceManager';
import { findShippedProfile } from '../devices/profiles/shippedProfiles';
import { servePtySimulator, type PtySimulatorServer } from '../devices/simulation/ptySimulatorServer';
import { buildInferenceHost } from '../inference/testing/buildInferenceHost';
import { simulatorScenarioControl } from './hilContext';
import { runSuite } from './hilEngine';
import type { LoadedModelUnderTest } from './runtimeModelUnderTest';
import { shippedSuite } from './shippedSuites';
import { quietDeviceManager, shippedModelUnderTest, tempDataDir, testContext } from './testing/hilTestSupport';

function profile(id: string) {
  const p = findShippedProfile(id);
  if (p === undefined) throw new Error(`no profile ${id}`);
  return p;
}

function measured(record: HilRunRecord, step: string, measurement: string): number {
  const value = record.steps.find((s) => s.name === step)?.measurements.find((m) => m.name === measurement)?.value;
  return typeof value === 'number' ? value : Number.NaN;
}

/** The IMU suite counts the step detector's steps per gait, from the real model on the live stream. */
function checkStepRates(record: HilRunRecord): void {
  const rate = (step: string): number => measured(record, step, 'step_prob_per_minute');
  // The simulator's gaits: walking 108-120 steps/min, running 156-180, standing none.
  expect(rate('counts-steps-walking')).toBeGreaterThanOrEqual(95);
  expect(rate('counts-steps-walking')).toBeLessThanOrEqual(135);
  expect(rate('counts-steps-running')).toBeGreaterThanOrEqual(145);
  expect(rate('counts-steps-running')).toBeLessThanOrEqual(195);
  expect(rate('no-steps-standing')).toBe(0);
  expect(record.steps.find((s) => s.name === 'counts-steps-walking')?.logs.map((l) => l.text)).toContain('Scenario: activity = walking.');
  expect(record.steps.at(-1)).toMatchObject({ name: 'restore-scenario', outcome: 'pass' });
}

/** The echolocation suite's target at x = 0.3 m is where the real model puts it. */
function checkLocalisation(record: HilRunRecord): void {
  expect(measured(record, 'localises-target', 'x_mean')).toBeCloseTo(0.3, 1);
}

/** Every streaming family's suite, its profile, the shipped model its model steps run, and what to check beyond a pass. */
const SUITES: readonly { family: DeviceFamily; profileId: string; model?: string; check?: (record: HilRunRecord) => void }[] = [
  { family: 'imu', profileId: 'imu-6axis', model: 'imu/step-detection', check: checkStepRates },
  { family: 'echoloc', profileId: 'echoloc-square-4', model: 'echoloc/echoloc-nn', check: checkLocalisation },
  { family: 'augmenter', profileId: 'sensor-augmenter-32', model: 'augmenter/sensor-augmentor' },
  { family: 'enose', profileId: 'enose-8mos', model: 'enose/olfactory-transformer' },
];

let devices: DeviceManager;
let data: { dir: string; remove: () => Promise<void> };
let host: Awaited<ReturnType<typeof buildInferenceHost>>;
const servers: PtySimulatorServer[] = [];
const models: LoadedModelUnderTest[] = [];
beforeAll(async () => {
  devices = quietDeviceManager();
  data = await tempDataDir();
  host = await buildInferenceHost();
});
afterAll(async () => {
  await devices.stop();
  await Promise.all([...servers.map((s) => s.close()), ...models.map((m) => m.dispose())]);
  await data.remove();
  await host.remove();
});

function problems(record: HilRunRecord): string[] {
  return record.steps.filter((s) => s.outcome !== 'pass' && s.outcome !== 'skipped').map((s) => `${s.name}: ${s.outcome}: ${s.message ?? ''}`);
}

/** Runs a shipped suite against a pty simulator, with scenario control and fault injection reaching across the cable. */
async function runOverPty(family: DeviceFamily, profileId: string, seed: number, modelPath?: string): Promise<{ record: HilRunRecord; server: PtySimulatorServer }> {
  const server = await servePtySimulator(profile(profileId), seed);
  servers.push(server);
  const model = modelPath === undefined ? undefined : await shippedModelUnderTest(modelPath, profileId, host.script);
  if (model) models.push(model);
  const record = await runSuite(
    shippedSuite(family),
    testContext(devices, data.dir, { kind: 'serial', path: server.consolePath, profileId }, {
      model: model?.model,
      scenario: simulatorScenarioControl(server.device.model),
      faults: { inject: async (_deviceId, fault) => server.injectFault(fault) },
    }),
  );
  return { record, server };
}

describe('shipped suites over a real serial path (socat pty)', () => {
  // One after the other: each suite times its captures, and two cores shared with socat are enough only for one.
  test.each(SUITES)('the $family suite passes against its pty simulator with the shipped model, faults included', async ({ family, profileId, model, check }) => {
    const { record, server } = await runOverPty(family, profileId, 7, model);
    expect(problems(record)).toEqual([]);
    expect(record.outcome).toBe('pass');
    expect(record.device).toMatchObject({ source: `serial:${server.consolePath} (${profileId})`, serialNumber: 'SIM0007', firmware: '1.0.0' });
    // Fault steps ran across the cable (none skipped for lack of injection).
    const faultSteps = record.steps.filter((s) => s.kind === 'fault');
    expect(faultSteps.length).toBeGreaterThan(0);
    expect(faultSteps.map((s) => [s.name, s.outcome])).toEqual(faultSteps.map((s) => [s.name, 'pass']));
    expect(record.steps.filter((s) => s.kind.startsWith('model-')).every((s) => s.outcome === 'pass')).toBe(true);
    check?.(record);
  }, 90_000);

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
