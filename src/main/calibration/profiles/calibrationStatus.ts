import type { CalibrationStatus, CalibrationVersion, DeviceCalibrationStatus } from '../../../shared/domain/calibration';
import type { DeviceFamily } from '../../../shared/domain/deviceProfile';

/** How long a family's calibration holds, and how long before its end it shows as expiring. */
export interface ExpiryRule {
  readonly validDays: number;
  readonly warnDays: number;
}

/** Expiry per family; a setting, these are the defaults. */
export type ExpiryPolicy = Readonly<Record<DeviceFamily, ExpiryRule>>;

/**
 * Defaults from how fast each kind of sensor moves: MOS gas sensors drift within weeks, an
 * echo array's timing with temperature and mounting, MEMS IMUs and the augmenter's front end slowly.
 */
export const DEFAULT_EXPIRY_POLICY: ExpiryPolicy = {
  enose: { validDays: 30, warnDays: 7 },
  echoloc: { validDays: 90, warnDays: 14 },
  augmenter: { validDays: 90, warnDays: 14 },
  imu: { validDays: 365, warnDays: 30 },
  sits: { validDays: 365, warnDays: 30 },
};

const DAY_MS = 86_400_000;

/** When a calibration made at `createdAt` expires under the policy. */
export function expiryOf(family: DeviceFamily, createdAt: Date, policy: ExpiryPolicy): Date {
  return new Date(createdAt.getTime() + policy[family].validDays * DAY_MS);
}

/**
 * The status of a device's channels at `now` (a parameter, so a fake clock drives it in tests):
 * a channel is calibrated when the active version has a transform or parameter for it, then
 * expiring within the family's warning period and expired after. A channel whose sensor is
 * still warming up (e-nose heaters) is `warming` whatever its calibration says. The device as a
 * whole shows its active version's state, or `warming` while any of its sensors warms up.
 */
export function calibrationStatus(args: {
  readonly deviceKey: string;
  readonly profileId: string;
  readonly channels: readonly string[];
  readonly active: CalibrationVersion | null;
  readonly now: Date;
  readonly policy: ExpiryPolicy;
  readonly warming?: ReadonlySet<string>;
}): DeviceCalibrationStatus {
  const { active, now } = args;
  const covered = new Set<string>();
  for (const t of active?.transforms ?? []) covered.add(t.channel);
  for (const p of active?.parameters ?? []) if (p.channel !== null) covered.add(p.channel);
  const versionStatus = active === null ? 'uncalibrated' : timeStatus(active, now, args.policy[active.family]);
  const channels = args.channels.map((channel) => ({
    channel,
    status: args.warming?.has(channel) ? ('warming' as const) : covered.has(channel) ? versionStatus : ('uncalibrated' as const),
  }));
  // The device shows its active version's state (channels carry the detail of partial coverage).
  const status = versionStatus !== 'uncalibrated' && channels.some((c) => c.status === 'warming') ? 'warming' : versionStatus;
  return {
    deviceKey: args.deviceKey,
    profileId: args.profileId,
    status,
    activeVersionId: active?.id ?? null,
    version: active?.version ?? null,
    expiresAt: active?.expiresAt ?? null,
    channels,
  };
}

function timeStatus(version: CalibrationVersion, now: Date, rule: ExpiryRule): CalibrationStatus {
  const expires = Date.parse(version.expiresAt);
  if (now.getTime() >= expires) return 'expired';
  if (now.getTime() >= expires - rule.warnDays * DAY_MS) return 'expiring';
  return 'calibrated';
}
