import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CalibrationVersion } from '../../../shared/domain/calibration';
import { openCalibrationDb as openDb } from '../testing/calibrationDb';
import { versionFixture } from '../testing/versionFixture';
import { buildCalibrationExport, parseCalibrationImport } from './calibrationExchange';
import { CalibrationProfileStore, type NewCalibrationVersion } from './calibrationProfileStore';
import { calibrationStatus, DEFAULT_EXPIRY_POLICY, expiryOf } from './calibrationStatus';

let dir: string;
const dbs: DatabaseSync[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sc-cal-'));
});
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function openCalibrationDb(path: string): DatabaseSync {
  const db = openDb(path);
  dbs.push(db);
  return db;
}

function draft(createdAt: string, gain: number): NewCalibrationVersion {
  const { id: _id, version: _version, ...rest } = versionFixture({
    deviceKey: 'SC-IMU/SIM0001',
    profileId: 'imu-6axis',
    family: 'imu',
    createdAt,
    expiresAt: expiryOf('imu', new Date(createdAt), DEFAULT_EXPIRY_POLICY).toISOString(),
    transforms: [{ kind: 'linear', channel: 'gyro_x', gain, offset: -0.05 }],
  });
  return rest;
}

describe('calibration profile store', () => {
  it('numbers versions per device, points at the newest and rolls back by re-pointing', () => {
    const store = new CalibrationProfileStore(openCalibrationDb(join(dir, 'a.db')));
    const v1 = store.append(draft('2025-01-01T00:00:00.000Z', 1), true);
    const v2 = store.append(draft('2025-02-01T00:00:00.000Z', 1.01), true);
    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect(store.active('SC-IMU/SIM0001', 'imu-6axis')?.id).toBe(v2.id);
    store.activate(v1.id, 'supervisor', '2025-02-02T00:00:00.000Z');
    expect(store.active('SC-IMU/SIM0001', 'imu-6axis')?.id).toBe(v1.id);
    expect(store.history('SC-IMU/SIM0001', 'imu-6axis').map((v) => v.version)).toEqual([1, 2]);
    expect(store.devices()).toEqual([{ deviceKey: 'SC-IMU/SIM0001', profileId: 'imu-6axis', active: v1 }]);
  });

  it('keeps versions immutable in the database itself, and survives reopening', () => {
    const path = join(dir, 'b.db');
    const db = openCalibrationDb(path);
    const v1 = new CalibrationProfileStore(db).append(draft('2025-01-01T00:00:00.000Z', 1), true);
    expect(() => db.prepare('UPDATE calibration_versions SET operator = ? WHERE id = ?').run('someone else', v1.id)).toThrow(/immutable/);
    expect(() => db.prepare('DELETE FROM calibration_versions').run()).toThrow(/immutable/);
    const audit = db.prepare("SELECT action FROM audit_log WHERE action LIKE 'calibration.%'").all() as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(['calibration.accept']);
    db.close();
    dbs.splice(dbs.indexOf(db), 1);
    expect(new CalibrationProfileStore(openCalibrationDb(path)).active('SC-IMU/SIM0001', 'imu-6axis')).toEqual(v1);
  });

  it('exports a history and imports it into another console, once', () => {
    const source = new CalibrationProfileStore(openCalibrationDb(join(dir, 'c.db')));
    source.append(draft('2025-01-01T00:00:00.000Z', 1), true);
    const v2 = source.append(draft('2025-02-01T00:00:00.000Z', 1.01), true);
    const text = JSON.stringify(buildCalibrationExport(source.history('SC-IMU/SIM0001', 'imu-6axis'), v2, '0.1.0', '2025-03-01T00:00:00.000Z'));
    const parsed = parseCalibrationImport(text);
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const target = new CalibrationProfileStore(openCalibrationDb(join(dir, 'd.db')));
    expect(target.importVersions(parsed.file.versions, parsed.file.activeVersionId, 'importer', '2025-03-02T00:00:00.000Z')).toEqual({ imported: 2, skipped: 0 });
    expect(target.active('SC-IMU/SIM0001', 'imu-6axis')).toEqual(v2);
    expect(target.importVersions(parsed.file.versions, null, 'importer', '2025-03-02T00:00:00.000Z')).toEqual({ imported: 0, skipped: 2 });
  });

  it('refuses an import whose version numbers clash with a different local history, importing nothing', () => {
    const here = new CalibrationProfileStore(openCalibrationDb(join(dir, 'e.db')));
    here.append(draft('2025-01-01T00:00:00.000Z', 1), true);
    const elsewhere: CalibrationVersion = { ...versionFixture({ deviceKey: 'SC-IMU/SIM0001', profileId: 'imu-6axis', family: 'imu' }), id: 'other-1' };
    expect(() => here.importVersions([elsewhere], null, 'importer', '2025-03-02T00:00:00.000Z')).toThrow(/already has a different version 1 here/);
    expect(here.history('SC-IMU/SIM0001', 'imu-6axis')).toHaveLength(1);
  });
});

describe('calibration file validation', () => {
  const valid = (): Record<string, unknown> => ({
    format: 'sensor-console-calibration',
    formatVersion: 1,
    exportedAt: '2025-03-01T00:00:00.000Z',
    appVersion: '0.1.0',
    deviceKey: 'SC-ENOSE/SIM0003',
    profileId: 'enose-8mos',
    activeVersionId: 'v-fixture',
    versions: [versionFixture({})],
  });

  it('accepts a valid file', () => {
    expect(parseCalibrationImport(JSON.stringify(valid())).ok).toBe(true);
  });

  it.each([
    ['not JSON', '{"format": ', /The file is not JSON/],
    ['another format', JSON.stringify({ ...valid(), format: 'other' }), /^format: Invalid input: expected "sensor-console-calibration"/],
    ['a misspelt key', JSON.stringify({ ...valid(), activeVersion: 'x' }), /Unrecognized key: "activeVersion"/],
    ['a bad transform', JSON.stringify({ ...valid(), versions: [{ ...versionFixture({}), transforms: [{ kind: 'linear', channel: 'mos_1', gain: 'one', offset: 0 }] }] }), /^versions\.0\.transforms\.0\.gain: Invalid input: expected number/],
    ['a foreign version', JSON.stringify({ ...valid(), versions: [versionFixture({ deviceKey: 'SC-ENOSE/OTHER' })] }), /versions\.0: belongs to SC-ENOSE\/OTHER/],
    ['a dangling active version', JSON.stringify({ ...valid(), activeVersionId: 'nope' }), /activeVersionId: "nope" is not one of the file's versions/],
  ])('refuses %s with a message naming where', (_name, text, message) => {
    const result = parseCalibrationImport(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join('\n')).toMatch(message);
  });
});

describe('calibration status with a controllable clock', () => {
  it('goes calibrated → expiring → expired per the family policy, channel by channel', () => {
    const created = new Date('2025-01-01T00:00:00.000Z');
    const active = versionFixture({
      createdAt: created.toISOString(),
      expiresAt: expiryOf('enose', created, DEFAULT_EXPIRY_POLICY).toISOString(),
      parameters: [{ name: 'r0', channel: 'mos_1', value: 40, unit: 'kΩ' }],
    });
    const at = (days: number, warming?: Set<string>) =>
      calibrationStatus({
        deviceKey: active.deviceKey,
        profileId: active.profileId,
        channels: ['mos_1', 'mos_2'],
        active,
        now: new Date(created.getTime() + days * 86_400_000),
        policy: DEFAULT_EXPIRY_POLICY,
        warming,
      });
    expect(at(1).status).toBe('calibrated');
    expect(at(1).channels).toEqual([
      { channel: 'mos_1', status: 'calibrated' },
      { channel: 'mos_2', status: 'uncalibrated' },
    ]);
    expect(at(22.9).status).toBe('calibrated');
    expect(at(23.1).status).toBe('expiring');
    expect(at(30).status).toBe('expired');
    expect(at(1, new Set(['mos_1'])).channels[0].status).toBe('warming');
    expect(at(1, new Set(['mos_1'])).status).toBe('warming');
    expect(calibrationStatus({ deviceKey: 'k', profileId: 'p', channels: ['a'], active: null, now: created, policy: DEFAULT_EXPIRY_POLICY }).status).toBe(
      'uncalibrated',
    );
  });
});
