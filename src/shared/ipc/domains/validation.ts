import { z } from 'zod';
import { ValidationProgressSchema, ValidationRunSummarySchema } from '../../domain/validation';
import { DriftAlertSchema } from '../../domain/validationDrift';
import { defineEvent, defineMethod } from '../contractTypes';

/** A model package: a folder path, or a catalogue id such as `imu/step-detection`. */
const modelSpec = z.string().trim().min(1).max(4096);
const datasetPath = z.string().trim().min(1).max(4096);
const RunInput = z.strictObject({ runId: z.string().min(1) });

/** How a run ended, as the progress event reports it. */
export const ValidationRunStateSchema = z.object({
  runId: z.string(),
  state: z.enum(['running', 'complete', 'cancelled', 'failed']),
  progress: ValidationProgressSchema,
  /** For `failed`: what went wrong, in a technician's words. */
  error: z.string().nullable(),
  passed: z.boolean().nullable(),
  /** Checked metrics whose 95 % interval spans their bound: the verdict on them could go either way with more data. */
  undecided: z.array(z.string()),
});
export type ValidationRunState = z.infer<typeof ValidationRunStateSchema>;

/** One live drift watch: collecting its baseline, or comparing windows with it. */
export const DriftWatchStatusSchema = z.object({
  deviceId: z.string(),
  phase: z.enum(['baseline', 'watching']),
  baselineFrames: z.number().int(),
  baselineCollected: z.number().int(),
  windowFrames: z.number().int(),
  checks: z.number().int(),
  alerts: z.number().int(),
});
export type DriftWatchStatus = z.infer<typeof DriftWatchStatusSchema>;

export const validationMethods = {
  'validation.start': defineMethod(
    'Starts validating a model (or two, A/B) on a labelled dataset; progress arrives as validation.progress events.',
    z.strictObject({
      model: modelSpec,
      modelB: modelSpec.optional(),
      dataset: datasetPath,
      /** CSV datasets: the ground-truth column (default "label"). */
      labelColumn: z.string().min(1).max(128).optional(),
      eventToleranceS: z.number().positive().max(10).optional(),
      calibrationVersion: z.string().max(200).optional(),
    }),
    z.strictObject({ runId: z.string() }),
  ),
  'validation.latest': defineMethod(
    'The state of the latest validation started from the UI (running or finished), or null: a page opened late shows it.',
    z.strictObject({}),
    ValidationRunStateSchema.nullable(),
  ),
  'validation.cancel': defineMethod('Cancels a running validation; nothing is stored.', RunInput, z.strictObject({ cancelled: z.boolean() })),
  'validation.list': defineMethod('Stored validation and drift runs, newest first.', z.strictObject({ limit: z.number().int().min(1).max(1000).optional() }), z.array(ValidationRunSummarySchema)),
  'validation.report': defineMethod(
    'The report of a stored run, as a self-contained HTML page or the JSON record.',
    z.strictObject({ runId: z.string().min(1), format: z.enum(['html', 'json']) }),
    z.strictObject({ fileName: z.string(), mediaType: z.string(), text: z.string() }),
  ),
  'validation.drift': defineMethod(
    'Compares a dataset with a baseline dataset for data drift (and, with a model, prediction drift); stores the run.',
    z.strictObject({
      baseline: datasetPath,
      current: datasetPath,
      model: modelSpec.optional(),
      alpha: z.number().positive().max(0.5).optional(),
    }),
    z.strictObject({ runId: z.string(), drifted: z.boolean(), driftedChannels: z.array(z.string()), inconclusive: z.string().nullable() }),
  ),
  'drift.watch': defineMethod(
    "Watches a device's stream for data drift: its next baselineFrames frames become the baseline, then each window of windowFrames frames is compared with it.",
    z.strictObject({ deviceId: z.string().min(1), baselineFrames: z.number().int().min(100).max(1_000_000), windowFrames: z.number().int().min(50).max(100_000) }),
    DriftWatchStatusSchema,
  ),
  'drift.unwatch': defineMethod('Stops watching a device for drift.', z.strictObject({ deviceId: z.string().min(1) }), z.strictObject({})),
  'drift.status': defineMethod('The live drift watches.', z.strictObject({}), z.array(DriftWatchStatusSchema)),
} as const;

export const validationEvents = {
  'validation.progress': defineEvent('Progress and outcome of a validation run (a few times a second at most).', ValidationRunStateSchema),
  'drift.alert': defineEvent('A channel of a watched device drifted from its baseline.', DriftAlertSchema),
} as const;
