import { z } from 'zod';
import { deviceFamilySchema } from './deviceProfile';

/**
 * Calibration profiles: what a calibration found for one device (per-channel transforms and
 * named parameters), how well it fitted, who did it and until when it holds. Versions are
 * immutable; a device's active calibration is a pointer to one of them. Profiles cross process
 * boundaries and files (export/import), so every shape here is a strict zod schema.
 */

const channelName = z.string().min(1).max(128);
/** An ISO-8601 timestamp with offset, e.g. `2025-01-31T09:00:00.000Z`. */
const isoTime = z.iso.datetime({ offset: true });

/**
 * How a channel's raw value becomes its calibrated value. Several transforms of one channel
 * never coexist in a version: a later calibration of the channel replaces its transform.
 */
export const ChannelTransformSchema = z.discriminatedUnion('kind', [
  /** calibrated = gain · raw + offset (an offset-only correction has gain 1). */
  z.strictObject({ kind: z.literal('linear'), channel: channelName, gain: z.number(), offset: z.number() }),
  /** calibrated = Σ coefficients[k] · raw^k (ascending powers). */
  z.strictObject({ kind: z.literal('polynomial'), channel: channelName, coefficients: z.array(z.number()).min(1).max(6) }),
  /**
   * For waveform channels: the channel's samples arrive `delayS` late (a receiver's timing error),
   * so its waveform is moved `delayS` earlier.
   */
  z.strictObject({ kind: z.literal('delay'), channel: channelName, delayS: z.number().min(-0.1).max(0.1) }),
]);
/** One channel's correction. */
export type ChannelTransform = z.infer<typeof ChannelTransformSchema>;

/** A named result that is not a value transform: a speed of sound, a gas sensor's clean-air R0. */
export const CalibrationParameterSchema = z.strictObject({
  name: z.string().min(1).max(128),
  /** The channel the parameter belongs to, or null for a device-wide one. */
  channel: channelName.nullable(),
  value: z.number(),
  unit: z.string().max(32),
});
export type CalibrationParameter = z.infer<typeof CalibrationParameterSchema>;

export const CheckOutcomeSchema = z.enum(['pass', 'warn', 'fail']);
/** `warn` may be accepted (the operator decides); `fail` may not. */
export type CheckOutcome = z.infer<typeof CheckOutcomeSchema>;

/** One value compared with its limit, e.g. `scale accel_x = 1.021 (limit 0.9–1.1): pass`. */
export const CalibrationCheckSchema = z.strictObject({
  name: z.string(),
  value: z.number(),
  unit: z.string(),
  /** The limit as a technician reads it: `≤ 0.05`, `0.9 – 1.1`. */
  limit: z.string(),
  outcome: CheckOutcomeSchema,
});
export type CalibrationCheck = z.infer<typeof CalibrationCheckSchema>;

/** One captured point of a channel with what the fit made of it. */
export const FitPointSchema = z.strictObject({
  /** Which capture it came from: `point 2`, `+z`, `bin 1.25 V`. */
  label: z.string(),
  /** The true value (typed reference, reference channel, gravity, geometry). */
  reference: z.number(),
  /** The averaged raw reading. */
  raw: z.number(),
  /** The raw reading after the fitted transform. */
  corrected: z.number(),
  /** corrected − reference. */
  residual: z.number(),
});
export type FitPoint = z.infer<typeof FitPointSchema>;

export const FitModelSchema = z.enum(['offset', 'linear', 'poly2', 'poly3', 'scale-offset', 'delay', 'baseline', 'statistics']);
export type FitModel = z.infer<typeof FitModelSchema>;

/** A channel's fit: its points, transform, quality and outcome. */
export const ChannelFitSchema = z.strictObject({
  channel: channelName,
  unit: z.string(),
  model: FitModelSchema,
  /** The transform this fit produces, or null where the result is a parameter (R0) or a verdict (drift). */
  transform: ChannelTransformSchema.nullable(),
  points: z.array(FitPointSchema),
  rmsResidual: z.number().nullable(),
  maxAbsResidual: z.number().nullable(),
  /** Coefficient of determination; null where undefined (fewer than 3 points, zero variance). */
  r2: z.number().nullable(),
  checks: z.array(CalibrationCheckSchema),
  outcome: CheckOutcomeSchema,
});
export type ChannelFit = z.infer<typeof ChannelFitSchema>;

/** What the review step shows and what an accepted calibration keeps. */
export const FitReportSchema = z.strictObject({
  outcome: CheckOutcomeSchema,
  /** One sentence: what was fitted and whether it is within limits. */
  summary: z.string(),
  channels: z.array(ChannelFitSchema),
  parameters: z.array(CalibrationParameterSchema),
  /** Checks that concern the device as a whole (speed of sound, geometry). */
  checks: z.array(CalibrationCheckSchema),
});
export type FitReport = z.infer<typeof FitReportSchema>;

/** One immutable version of a device's calibration. */
export const CalibrationVersionSchema = z.strictObject({
  id: z.string().min(1).max(64),
  /** Who the device is: `SC-IMU/SIM0001` (identify reply model/serial) or `port:<stable path>`. */
  deviceKey: z.string().min(1).max(256),
  profileId: z.string().min(1).max(128),
  family: deviceFamilySchema,
  /** 1, 2, … per device key and profile. */
  version: z.number().int().min(1),
  procedureId: z.string().min(1),
  procedureName: z.string(),
  operator: z.string().min(1).max(128),
  createdAt: isoTime,
  expiresAt: isoTime,
  appVersion: z.string(),
  /** Every transform in force with this version: this calibration's plus those carried over. */
  transforms: z.array(ChannelTransformSchema),
  /** Every parameter in force with this version, likewise. */
  parameters: z.array(CalibrationParameterSchema),
  /** The fit of this calibration (its points, residuals and checks). */
  fit: FitReportSchema,
});
export type CalibrationVersion = z.infer<typeof CalibrationVersionSchema>;

/** A device's calibration history as exported to a file. */
export const CalibrationExportSchema = z.strictObject({
  format: z.literal('sensor-console-calibration'),
  formatVersion: z.literal(1),
  exportedAt: isoTime,
  appVersion: z.string(),
  deviceKey: z.string().min(1),
  profileId: z.string().min(1),
  activeVersionId: z.string().nullable(),
  versions: z.array(CalibrationVersionSchema).min(1),
});
export type CalibrationExport = z.infer<typeof CalibrationExportSchema>;

export const CalibrationStatusSchema = z.enum(['uncalibrated', 'warming', 'calibrated', 'expiring', 'expired']);
/** Where a channel or device stands: `expiring` is still valid but due soon. */
export type CalibrationStatus = z.infer<typeof CalibrationStatusSchema>;

/** The calibration state of one device identity and profile, channel by channel. */
export const DeviceCalibrationStatusSchema = z.strictObject({
  deviceKey: z.string(),
  profileId: z.string(),
  /** The device's worst channel. */
  status: CalibrationStatusSchema,
  activeVersionId: z.string().nullable(),
  version: z.number().int().nullable(),
  expiresAt: isoTime.nullable(),
  channels: z.array(z.strictObject({ channel: channelName, status: CalibrationStatusSchema })),
});
export type DeviceCalibrationStatus = z.infer<typeof DeviceCalibrationStatusSchema>;
