import type { CalibrationParameter, CalibrationVersion, ChannelTransform } from '../../../shared/domain/calibration';

/** A stored calibration version as an earlier session would have left it, for tests that need history. */
export function versionFixture(overrides: {
  readonly id?: string;
  readonly version?: number;
  readonly profileId?: string;
  readonly family?: CalibrationVersion['family'];
  readonly deviceKey?: string;
  readonly createdAt?: string;
  readonly expiresAt?: string;
  readonly transforms?: readonly ChannelTransform[];
  readonly parameters?: readonly CalibrationParameter[];
}): CalibrationVersion {
  return {
    id: overrides.id ?? 'v-fixture',
    deviceKey: overrides.deviceKey ?? 'SC-ENOSE/SIM0003',
    profileId: overrides.profileId ?? 'enose-8mos',
    family: overrides.family ?? 'enose',
    version: overrides.version ?? 1,
    procedureId: 'fixture',
    procedureName: 'Earlier calibration',
    operator: 'earlier operator',
    createdAt: overrides.createdAt ?? '2025-01-01T00:00:00.000Z',
    expiresAt: overrides.expiresAt ?? '2026-01-01T00:00:00.000Z',
    appVersion: '0.0.1',
    transforms: [...(overrides.transforms ?? [])],
    parameters: [...(overrides.parameters ?? [])],
    fit: { outcome: 'pass', summary: 'Earlier calibration: Passed — all within limits.', channels: [], parameters: [], checks: [] },
  };
}
