import { z } from 'zod';
import { CalibrationVersionSchema, DeviceCalibrationStatusSchema } from '../../domain/calibration';
import { ProcedureOptionsSchema, ProcedureSummarySchema, WizardInputSchema, WizardSnapshotSchema } from '../../domain/calibrationWizard';
import { ValidationRunSummarySchema } from '../../domain/validation';
import { defineEvent, defineMethod } from '../contractTypes';
import { HilRunSummarySchema } from './hil';

const RunInput = z.strictObject({ runId: z.string().min(1) });
const ProfileKey = z.strictObject({ deviceKey: z.string().min(1), profileId: z.string().min(1) });
const operator = z.string().trim().min(1, 'enter who performs the calibration').max(128);

/** What was done with a calibration version in force: the traceability of its data. */
export const CalibrationUsageSchema = z.strictObject({
  hilRuns: z.array(HilRunSummarySchema),
  validationRuns: z.array(ValidationRunSummarySchema),
  /** Every model version that ran on the calibrated data (under test or validated), sorted. */
  models: z.array(z.string()),
});
export type CalibrationUsage = z.infer<typeof CalibrationUsageSchema>;

/** A file the UI offers to save: its suggested name and its text. */
const DownloadSchema = z.strictObject({ fileName: z.string(), mediaType: z.string(), text: z.string() });

export const calibrationMethods = {
  'calibration.procedures': defineMethod(
    'Calibration procedures for an open device, each with pre-filled options or the reason it does not apply.',
    z.strictObject({ deviceId: z.string().min(1) }),
    z.array(ProcedureSummarySchema),
  ),
  'calibration.start': defineMethod(
    'Starts a calibration wizard on a device. Nothing is stored until it is accepted.',
    z.strictObject({ deviceId: z.string().min(1), operator, options: ProcedureOptionsSchema }),
    WizardSnapshotSchema,
  ),
  'calibration.state': defineMethod('The current snapshot of a running wizard.', RunInput, WizardSnapshotSchema),
  'calibration.openOn': defineMethod(
    'The wizard open on a device (running or under review), or null: a page opened again finds the wizard it left.',
    z.strictObject({ deviceId: z.string().min(1) }),
    WizardSnapshotSchema.nullable(),
  ),
  'calibration.input': defineMethod(
    'An operator action on the current step: confirm, type values, or skip an optional step.',
    z.strictObject({ runId: z.string().min(1), input: WizardInputSchema }),
    WizardSnapshotSchema,
  ),
  'calibration.accept': defineMethod(
    'Stores the reviewed calibration as a new version and makes it active; refused when the fit failed its limits.',
    RunInput,
    z.strictObject({ snapshot: WizardSnapshotSchema, version: CalibrationVersionSchema }),
  ),
  'calibration.redo': defineMethod(
    'Throws captures away from a step (default: all) and runs those steps again.',
    z.strictObject({ runId: z.string().min(1), stepId: z.string().min(1).optional() }),
    WizardSnapshotSchema,
  ),
  'calibration.cancel': defineMethod('Cancels a wizard; nothing is written.', RunInput, WizardSnapshotSchema),
  'calibration.status': defineMethod(
    "A device's calibration state per channel (null until the device reported its serial number).",
    z.strictObject({ deviceId: z.string().min(1) }),
    DeviceCalibrationStatusSchema.nullable(),
  ),
  'calibration.profiles': defineMethod(
    'Every device identity with stored calibrations and its state now.',
    z.strictObject({}),
    z.array(DeviceCalibrationStatusSchema),
  ),
  'calibration.history': defineMethod('Every stored version of a device and profile, oldest first.', ProfileKey, z.array(CalibrationVersionSchema)),
  'calibration.activate': defineMethod(
    'Makes another stored version the active one (rollback); versions themselves never change.',
    z.strictObject({ versionId: z.string().min(1), operator }),
    DeviceCalibrationStatusSchema,
  ),
  'calibration.usage': defineMethod(
    'The test runs, validation runs and models that used a calibration version (newest first).',
    z.strictObject({ versionId: z.string().min(1) }),
    CalibrationUsageSchema,
  ),
  'calibration.certificate': defineMethod('The self-contained HTML certificate of a stored version.', z.strictObject({ versionId: z.string().min(1) }), DownloadSchema),
  'calibration.export': defineMethod('A device and profile’s calibration history as a JSON file.', ProfileKey, DownloadSchema),
  'calibration.import': defineMethod(
    'Imports a calibration file (validated; refused whole on any problem, with every problem listed).',
    z.strictObject({ text: z.string().min(1).max(5 * 1024 * 1024), activate: z.boolean(), operator }),
    z.strictObject({ deviceKey: z.string(), profileId: z.string(), imported: z.number().int(), skipped: z.number().int() }),
  ),
} as const;

export const calibrationEvents = {
  'calibration.wizard': defineEvent('A wizard changed: progress, stability, step, review (at most a few times a second).', WizardSnapshotSchema),
  'calibration.changed': defineEvent('A device’s stored calibration changed (accepted, rolled back, imported).', DeviceCalibrationStatusSchema),
} as const;
