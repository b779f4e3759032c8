import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DeviceFamily } from '../../shared/domain/deviceProfile';
import type { HilProgressEvent, HilRunRecord } from '../../shared/domain/hilRecord';
import type { DeviceSourceSpec, Fault } from '../../shared/ipc/domains/devices';
import type { DeviceManager } from '../devices/deviceManager';
import { generateDataset } from '../devices/simulators/datasetGenerator';
import type { IModelUnderTest } from './hilContext';
import { runSuite } from './hilEngine';
import { shippedSuite } from './shippedSuites';
import { buildInferenceHost } from '../inference/testing/buildInferenceHost';
import type { LoadedModelUnderTest } from './runtimeModelUnderTest';
import { quietDeviceManager, shippedModelUnderTest, tempDataDir, testContext } from './testing/hilTestSupport';
import { ConstantStandIn } from './testing/standInModels';

const STREAMING: readonly (readonly [DeviceFamily, string])[] = [
  ['imu', 'imu-6axis'],
  ['augmenter', 'sensor-augmenter-32'],
  ['echoloc', 'echoloc-square-4'],
  ['enose', 'enose-8mos'],
];

let devices: DeviceManager;
let data: { dir: string; remove: () => Promise<void> };
let host: Awaited<ReturnType<typeof buildInferenceHost>>;
let stepDetector: LoadedModelUnderTest;
beforeAll(async () => {
  devices = quietDeviceManager();
  data = await tempDataDir();
  host = await buildInferenceHost();
  stepDetector = await shippedModelUnderTest('imu/step-detection', 'imu-6axis', host.script);
});
afterAll(async () => {
  await devices.stop();
  await stepDetector.dispose();
  await data.remove();
  await host.remove();
});

function summary(record: HilRunRecord): string[] {
  return record.steps.filter((s) => s.outcome !== 'pass' && s.outcome !== 'skipped').map((s) => `${s.name}: ${s.outcome}: ${s.message ?? ''}`);
}

/** A simulator; the seed tells apart runs of the same profile side by side. */
function sim(profileId: string, seed: number): DeviceSourceSpec {
  return { kind: 'simulator', profileId, seed };
}

/** Injects `fault` into the device `spec` opened as soon as the named step starts: a simulator misbehaving mid-test. */
function misbehaveAt(spec: DeviceSourceSpec, stepName: string, fault: Fault): (event: HilProgressEvent) => void {
  return (event) => {
    if (event.type !== 'step-started' || event.name !== stepName) return;
    const device = devices.list().find((d) => JSON.stringify(d.source) === JSON.stringify(spec));
    if (device === undefined) throw new Error(`no device opened from ${JSON.stringify(spec)}`);
    devices.source(device.id).injectFault(fault);
  };
}

// The suites wait on simulated time, not the CPU: running them side by side keeps the file short.
describe('shipped suites against in-process simulators', () => {
  test('every streaming suite passes against its simulator', async () => {
    const models: Partial<Record<DeviceFamily, IModelUnderTest>> = { imu: stepDetector.model };
    const records = await Promise.all(
      STREAMING.map(([family, profileId]) =>
        runSuite(shippedSuite(family), testContext(devices, data.dir, { kind: 'simulator', profileId }, { model: models[family] })),
      ),
    );
    for (const record of records) {
      expect(summary(record), record.suite.family).toEqual([]);
      expect(record.outcome).toBe('pass');
      expect(record.device.identity).toMatch(/^SC-[A-Z]+,fw=1\.0\.0,sn=SIM0001$/);
      // Captures leave their raw data behind.
      const capture = record.steps.find((s) => s.kind === 'capture');
      expect(capture?.attachments[0]?.path).toMatch(/\.csv$/);
    }
    const imu = records[0];
    expect(imu.modelVersion).toBe('step-detection@1.0.0');
    expect(imu.steps.find((s) => s.name === 'inference-latency')?.outcome).toBe('pass');
    // The in-process simulator takes the stimulus as a scenario change, so the model steps really run.
    expect(imu.steps.filter((s) => s.name.includes('steps')).map((s) => [s.name, s.outcome])).toEqual([
      ['counts-steps-walking', 'pass'],
      ['counts-steps-running', 'pass'],
      ['no-steps-standing', 'pass'],
    ]);
    expect(devices.list()).toEqual([]);
  }, 90_000);

  test('the same suites fail at the right step and measurement when the simulator misbehaves', async () => {
    const run = (family: DeviceFamily, spec: DeviceSourceSpec, fault: Fault): Promise<HilRunRecord> =>
      runSuite(shippedSuite(family), testContext(devices, data.dir, spec), { onProgress: misbehaveAt(spec, 'stream-health', fault) });
    const [garbled, corrupted, stuck] = await Promise.all([
      run('imu', sim('imu-6axis', 3), { kind: 'garbage', bytes: 200 }),
      run('augmenter', sim('sensor-augmenter-32', 3), { kind: 'corrupt-crc', count: 20 }),
      run('imu', sim('imu-6axis', 4), { kind: 'stuck', channel: '2' }),
    ]);
    const failedMeasurements = (record: HilRunRecord): string[] =>
      record.steps.flatMap((s) => s.measurements.filter((m) => m.outcome === 'fail').map((m) => `${s.name}/${m.name}`));

    expect(garbled.outcome).toBe('fail');
    expect(garbled.message).toMatch(/^stream-health: parse_errors: \d+ is above the limit 0$/);
    // Garbled numbers may also land outside a channel's range; every failure is in that step.
    expect(failedMeasurements(garbled)).toContain('stream-health/parse_errors');
    expect(failedMeasurements(garbled).every((m) => m.startsWith('stream-health/'))).toBe(true);

    expect(corrupted.outcome).toBe('fail');
    // A flipped bit may break the framing rather than the CRC: both are counted, and frames go missing.
    expect(failedMeasurements(corrupted)).toEqual(expect.arrayContaining(['stream-health/dropped_frames', 'stream-health/crc_errors']));
    expect(failedMeasurements(corrupted).every((m) => m.startsWith('stream-health/'))).toBe(true);

    expect(stuck.outcome).toBe('fail');
    expect(failedMeasurements(stuck)).toEqual(['stream-health/accel_z.std']);
    expect(stuck.message).toBe('stream-health: accel_z.std: 0 m/s² is below the limit 0.001 m/s²');
    // Steps after the failure are not run; the device is closed.
    expect(stuck.steps.find((s) => s.name === 'detects-garbled-lines')?.message).toBe('Not run: step "stream-health" failed.');
    expect(devices.list()).toEqual([]);
  }, 30_000);

  test('the IMU suite fails at the walking step when the model is swapped for one that detects no steps', async () => {
    // Windowed as the step detector is (128 frames every 16), so only the step counts tell it apart.
    const deaf = new ConstantStandIn({ values: { step_prob_events: 0 } }, { channels: ['accel_x', 'accel_y', 'accel_z', 'gyro_x', 'gyro_y', 'gyro_z'], windowFrames: 128, hopFrames: 16 });
    const record = await runSuite(shippedSuite('imu'), testContext(devices, data.dir, sim('imu-6axis', 5), { model: deaf }));
    expect(record.outcome).toBe('fail');
    expect(record.message).toBe('counts-steps-walking: step_prob_per_minute: 0 /min is below the limit 90 /min');
    expect(record.steps.find((s) => s.name === 'counts-steps-running')?.message).toBe('Not run: step "counts-steps-walking" failed.');
  }, 60_000);
});

describe('the offline SITS suite', () => {
  test('passes on a simulated dataset with the shipped classifier (series and cloud mask fed), and fails the accuracy step with a useless one', async () => {
    const datasetDir = `${data.dir}/sits-set`;
    await generateDataset('sits', { seed: 2, count: 40 }, datasetDir);
    const classifier = await shippedModelUnderTest('sits/sits-former', 'sits-sentinel2', host.script);
    const good = await runSuite(shippedSuite('sits'), testContext(devices, data.dir, undefined, { datasetDir, model: classifier.model }));
    await classifier.dispose();
    expect(summary(good)).toEqual([]);
    expect(good.outcome).toBe('pass');
    expect(good.modelVersion).toBe('sits-former@1.0.0');
    expect(good.steps.find((s) => s.name === 'model-accuracy')?.measurements.find((m) => m.name === 'accuracy')?.value).toBeGreaterThanOrEqual(0.9);
    expect(good.device.source).toBe(`dataset:${datasetDir}`);
    expect(good.steps.find((s) => s.name === 'dataset-integrity')?.measurements.map((m) => [m.name, m.value])).toEqual([
      ['samples', 40],
      ['non_finite_values', 0],
      ['out_of_range_fraction', expect.any(Number)],
      ['classes_present', 10],
    ]);

    const useless = await runSuite(shippedSuite('sits'), testContext(devices, data.dir, undefined, { datasetDir, model: new ConstantStandIn({ label: 'Water' }, { channels: [] }) }));
    expect(useless.outcome).toBe('fail');
    expect(useless.message).toMatch(/^model-accuracy: accuracy: 0\.1 is below the limit 0\.9$/);

    const nothing = await runSuite(shippedSuite('sits'), testContext(devices, data.dir, undefined));
    expect(nothing.steps.map((s) => s.outcome)).toEqual(['skipped', 'skipped', 'skipped']);
  }, 60_000);
});
