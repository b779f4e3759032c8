import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceCalibrationStatus } from '../../shared/domain/calibration';
import type { WizardSnapshot } from '../../shared/domain/calibrationWizard';
import { ContractError } from '../../shared/ipc/contractError';
import { calibrationMethods } from '../../shared/ipc/domains/calibration';
import { ImuSimulator, type ImuTruth } from '../devices/simulators/imuSimulator';
import { simulateBatch } from '../devices/simulators/simulateBatch';
import { applyCalibration } from './apply/applyCalibration';
import { calibrationMethodHandlers, type CalibrationMethodHandlers } from './calibrationHandlers';
import { CalibrationService } from './calibrationService';
import { openCalibrationDb } from './testing/calibrationDb';
import { SimulatorFeed } from './testing/simulatorFeed';

const BIAS = [0.05, -0.02, 0.03] as const;
const DAY_MS = 86_400_000;

let dir: string;
let db: DatabaseSync;
let feed: SimulatorFeed<ImuTruth>;
let service: CalibrationService;
let api: CalibrationMethodHandlers;
let clock: Date;
const wizardEvents: WizardSnapshot[] = [];
const changes: DeviceCalibrationStatus[] = [];

/** Calls a method the way the dispatcher does: input parsed by its contract schema, output checked. */
async function call<K extends keyof typeof calibrationMethods>(name: K, input: unknown): Promise<Awaited<ReturnType<CalibrationMethodHandlers[K]>>> {
  const spec = calibrationMethods[name];
  const handler = api[name] as (input: unknown) => unknown;
  const output = await handler(spec.input.parse(input));
  return spec.output.parse(output) as Awaited<ReturnType<CalibrationMethodHandlers[K]>>;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sc-calsvc-'));
  db = openCalibrationDb(join(dir, 'console.db'));
  // The device edge: a simulated IMU lying still with a gyro bias, stepped in simulated time.
  feed = new SimulatorFeed('imu-6axis', new ImuSimulator({ seed: 7, activity: 'still', gyroBias: BIAS }));
  clock = new Date('2025-06-01T08:00:00.000Z');
  wizardEvents.length = 0;
  changes.length = 0;
  service = new CalibrationService({
    database: () => db,
    devices: {
      device: (id) => {
        if (id !== feed.id) throw new ContractError({ code: 'invalid-input', message: `No open device "${id}".` });
        return feed;
      },
    },
    appVersion: '0.1.0-test',
    now: () => clock,
    onWizard: (s) => wizardEvents.push(s),
    onChanged: (s) => changes.push(s),
    log: () => undefined,
    snapshotIntervalMs: 0,
  });
  service.start();
  api = calibrationMethodHandlers(service, () => ({ hilRuns: [], validationRuns: [], models: [] }));
});

afterEach(() => {
  service.stop();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('calibration service and its contract handlers', () => {
  it('runs a gyro-bias wizard end to end, stores it, reports status and applies it', async () => {
    const deviceId = feed.id;
    const procedures = await call('calibration.procedures', { deviceId });
    expect(procedures.find((p) => p.id === 'imu-gyro-bias')).toMatchObject({ applicable: true, defaults: { procedure: 'imu-gyro-bias' } });
    expect(procedures.find((p) => p.id === 'enose-baseline')).toMatchObject({ applicable: false, reason: 'For enose devices only.' });
    expect(await call('calibration.status', { deviceId })).toMatchObject({ deviceKey: 'SC-IMU/SIM0007', status: 'uncalibrated' });
    await expect(call('calibration.procedures', { deviceId: 'nope' })).rejects.toThrow(/No open device "nope"/);

    const started = await call('calibration.start', { deviceId, operator: 'G. Bench', options: { procedure: 'imu-gyro-bias' } });
    await expect(call('calibration.start', { deviceId, operator: 'G. Bench', options: { procedure: 'imu-gyro-bias' } })).rejects.toThrow(
      /already open on 6-axis IMU/,
    );
    expect(feed.listenerCount).toBe(1);
    feed.run(5);
    expect(wizardEvents.at(-1)?.phase).toBe('review');
    // Events carried honest progress on the way.
    const fractions = wizardEvents.flatMap((e) => (e.current ? [e.current.progress.fraction] : []));
    expect(fractions.some((f) => f > 0 && f < 1)).toBe(true);
    expect(fractions.every((f) => f < 1)).toBe(true);

    const { version, snapshot } = await call('calibration.accept', { runId: started.runId });
    expect(snapshot.phase).toBe('accepted');
    expect(version).toMatchObject({ version: 1, deviceKey: 'SC-IMU/SIM0007', operator: 'G. Bench', appVersion: '0.1.0-test', createdAt: clock.toISOString() });
    expect(Date.parse(version.expiresAt) - clock.getTime()).toBe(365 * DAY_MS);
    version.transforms.forEach((t, i) => {
      if (t.kind !== 'linear') throw new Error('expected linear');
      expect(Math.abs(t.offset + BIAS[i])).toBeLessThan(0.002);
    });
    expect(changes.at(-1)?.status).toBe('calibrated');
    await expect(call('calibration.state', { runId: started.runId })).rejects.toThrow(/No open calibration/);

    // The pipeline gets the compiled transforms, and calibrated frames read zero rate.
    expect(feed.listenerCount).toBe(0);
    const active = service.activeCalibration(deviceId);
    if (active === null) throw new Error('no active calibration');
    const out = applyCalibration(simulateBatch(feed.model, 'd', 500).batch, active.compiled);
    for (let axis = 3; axis < 6; axis++) {
      let mean = 0;
      for (let f = 0; f < out.frameCount; f++) mean += out.values[f * 6 + axis] / out.frameCount;
      expect(Math.abs(mean)).toBeLessThan(0.002);
    }

    // A fake clock walks the status through its life.
    clock = new Date(clock.getTime() + 340 * DAY_MS);
    expect((await call('calibration.status', { deviceId }))?.status).toBe('expiring');
    clock = new Date(clock.getTime() + 30 * DAY_MS);
    expect((await call('calibration.status', { deviceId }))?.status).toBe('expired');
    expect(await call('calibration.profiles', {})).toMatchObject([{ deviceKey: 'SC-IMU/SIM0007', status: 'expired', version: 1 }]);

    const certificate = await call('calibration.certificate', { versionId: version.id });
    expect(certificate.fileName).toBe('calibration-SC-IMU_SIM0007-v1.html');
    expect(certificate.text).not.toMatch(/<script/i);
    for (const fact of ['SC-IMU/SIM0007', 'Gyroscope bias', 'G. Bench', version.createdAt, version.expiresAt, '0.1.0-test', 'gyro_x', 'PASS']) {
      expect(certificate.text).toContain(fact);
    }
  });

  it('cancels without a trace and refuses to accept a failed or unfinished fit', async () => {
    const deviceId = feed.id;
    const started = await call('calibration.start', { deviceId, operator: 'G. Bench', options: { procedure: 'imu-gyro-bias' } });
    // A page opened again finds the wizard left open on the device.
    expect((await call('calibration.openOn', { deviceId }))?.runId).toBe(started.runId);
    await expect(call('calibration.accept', { runId: started.runId })).rejects.toThrow(/no fit to accept yet/);
    const cancelled = await call('calibration.cancel', { runId: started.runId });
    expect(cancelled.phase).toBe('cancelled');
    expect(await call('calibration.openOn', { deviceId })).toBeNull();
    expect(db.prepare('SELECT COUNT(*) AS n FROM calibration_versions').get()).toEqual({ n: 0 });
    expect(await call('calibration.profiles', {})).toEqual([]);

    // A bias far beyond its limit (0.9 rad/s: a damaged gyro) fails and cannot be stored.
    feed.command('SET gyro_bias_x 0.9');
    const failing = await call('calibration.start', { deviceId, operator: 'G. Bench', options: { procedure: 'imu-gyro-bias' } });
    feed.run(5);
    expect(wizardEvents.at(-1)?.review?.outcome).toBe('fail');
    await expect(call('calibration.accept', { runId: failing.runId })).rejects.toThrow(/failed its limits — Gyroscope bias: Failed — offset gyro_x 0\.9/);
  });

  it('exports, re-imports and rolls back, and explains a broken file', async () => {
    const deviceId = feed.id;
    for (let k = 0; k < 2; k++) {
      const run = await call('calibration.start', { deviceId, operator: `op${k}`, options: { procedure: 'imu-gyro-bias' } });
      feed.run(5);
      await call('calibration.accept', { runId: run.runId });
    }
    const history = await call('calibration.history', { deviceKey: 'SC-IMU/SIM0007', profileId: 'imu-6axis' });
    expect(history.map((v) => [v.version, v.operator])).toEqual([
      [1, 'op0'],
      [2, 'op1'],
    ]);
    const rolled = await call('calibration.activate', { versionId: history[0].id, operator: 'supervisor' });
    expect(rolled).toMatchObject({ activeVersionId: history[0].id, version: 1 });

    const file = await call('calibration.export', { deviceKey: 'SC-IMU/SIM0007', profileId: 'imu-6axis' });
    expect(file.fileName).toBe('calibration-SC-IMU_SIM0007-imu-6axis.json');
    expect(await call('calibration.import', { text: file.text, activate: true, operator: 'importer' })).toEqual({
      deviceKey: 'SC-IMU/SIM0007',
      profileId: 'imu-6axis',
      imported: 0,
      skipped: 2,
    });

    const broken = JSON.parse(file.text) as { versions: { transforms: { gain: unknown }[] }[] };
    broken.versions[1].transforms[0].gain = 'high';
    const error = await call('calibration.import', { text: JSON.stringify(broken), activate: true, operator: 'importer' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractError);
    expect((error as ContractError).message).toMatch(/not a valid calibration file; nothing was imported/);
    expect((error as ContractError).issues).toEqual(['versions.1.transforms.0.gain: Invalid input: expected number, received string']);
  });
});
