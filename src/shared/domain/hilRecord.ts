import { z } from 'zod';
import { deviceFamilySchema } from './deviceProfile';

/**
 * The record of one hardware-in-the-loop run, shaped like OpenHTF's test record: what was tested
 * (suite and version, device identity), where and by whom (station, operator), with what (app,
 * model and calibration versions in force), when, the outcome, and per step the measurements
 * with their limits and units, logs and attachments. Stored as JSON in the database and turned
 * into JUnit XML, HTML and JSON reports; a run can be traced to everything that shaped it.
 */

/** How a measurement compared with its limit. */
export const measurementOutcomeSchema = z.enum(['pass', 'marginal', 'fail']);
/** How a measurement compared with its limit. */
export type MeasurementOutcome = z.infer<typeof measurementOutcomeSchema>;

/**
 * How a step or a run ended. `error`: the step could not be carried out (timeout, device gone,
 * missing capability); `fail`: it ran and a measurement was outside its limits; `aborted`: the
 * operator stopped the run during it; `skipped`: it did not run, for the reason given.
 */
export const hilOutcomeSchema = z.enum(['pass', 'marginal', 'fail', 'error', 'skipped', 'aborted']);
/** How a step or a run ended. */
export type HilOutcome = z.infer<typeof hilOutcomeSchema>;

export const measurementSchema = z.object({
  name: z.string(),
  /** A number, a text (identity, reply), or null when nothing could be measured (which fails its limit). */
  value: z.union([z.number(), z.string(), z.null()]),
  unit: z.string(),
  /** The limit as a person reads it (`≥ 95 Hz`, `98 … 102 Hz`, `matches ^SC-IMU`), or null for a recorded value. */
  limit: z.string().nullable(),
  outcome: measurementOutcomeSchema,
  /** Why it failed or is marginal, in words. */
  message: z.string().nullable(),
});
/** One measurement of a step. */
export type Measurement = z.infer<typeof measurementSchema>;

export const hilLogEntrySchema = z.object({
  timeMs: z.number(),
  level: z.enum(['info', 'warn', 'error']),
  text: z.string(),
});
/** One log line of a step. */
export type HilLogEntry = z.infer<typeof hilLogEntrySchema>;

export const hilAttachmentSchema = z.object({
  name: z.string(),
  /** Absolute path of the file in the data directory. */
  path: z.string(),
  mimeType: z.string(),
  bytes: z.number().int().nonnegative(),
});
/** A file a step left behind (raw captured data). */
export type HilAttachment = z.infer<typeof hilAttachmentSchema>;

/** A decimated copy of captured signals, enough to plot in a report without the raw file. */
export const hilPlotSchema = z.object({
  title: z.string(),
  unit: z.string(),
  /** Seconds from the start of the capture. */
  t: z.array(z.number()),
  series: z.array(z.object({ name: z.string(), values: z.array(z.number().nullable()) })),
});
/** A decimated plot of captured signals. */
export type HilPlot = z.infer<typeof hilPlotSchema>;

export const hilPhaseSchema = z.enum(['setup', 'main', 'teardown']);
/** Where in a suite a step sits. */
export type HilPhase = z.infer<typeof hilPhaseSchema>;

export const hilStepRecordSchema = z.object({
  name: z.string(),
  kind: z.string(),
  phase: hilPhaseSchema,
  outcome: hilOutcomeSchema,
  /** Why it failed, errored, was skipped or aborted; null when it passed. */
  message: z.string().nullable(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  durationMs: z.number(),
  /** Attempts made (1 + retries used); 0 when skipped. */
  attempts: z.number().int().nonnegative(),
  measurements: z.array(measurementSchema),
  logs: z.array(hilLogEntrySchema),
  attachments: z.array(hilAttachmentSchema),
  plots: z.array(hilPlotSchema),
});
/** What one step did. */
export type HilStepRecord = z.infer<typeof hilStepRecordSchema>;

export const hilDeviceRecordSchema = z.object({
  /** How the device was reached: `simulator:imu-6axis`, `serial:/dev/ttyUSB0 (imu-6axis)`, or `dataset:DIR`. */
  source: z.string(),
  profileId: z.string().nullable(),
  /** The device's answer to identify, once a step asked. */
  identity: z.string().nullable(),
  serialNumber: z.string().nullable(),
  firmware: z.string().nullable(),
});
/** The device under test. */
export type HilDeviceRecord = z.infer<typeof hilDeviceRecordSchema>;

export const hilRunRecordSchema = z.object({
  schemaVersion: z.literal(1),
  id: z.string(),
  suite: z.object({ name: z.string(), family: deviceFamilySchema, version: z.string() }),
  device: hilDeviceRecordSchema,
  station: z.string(),
  operator: z.string(),
  appVersion: z.string(),
  modelVersion: z.string().nullable(),
  calibrationProfileVersion: z.string().nullable(),
  startedAt: z.string(),
  endedAt: z.string(),
  outcome: hilOutcomeSchema,
  /** The first reason the run did not pass, for a summary line. */
  message: z.string().nullable(),
  /** The run whose failed steps this run repeated, if any. */
  rerunOf: z.string().nullable(),
  steps: z.array(hilStepRecordSchema),
});
/** The full record of one run. */
export type HilRunRecord = z.infer<typeof hilRunRecordSchema>;

/** Progress of a running suite, for a UI or a terminal. */
export const hilProgressEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('run-started'),
    runId: z.string(),
    suite: z.string(),
    steps: z.array(z.object({ phase: hilPhaseSchema, name: z.string() })),
  }),
  z.object({ type: z.literal('step-started'), runId: z.string(), phase: hilPhaseSchema, index: z.number().int(), name: z.string(), attempt: z.number().int() }),
  z.object({
    type: z.literal('step-progress'),
    runId: z.string(),
    phase: hilPhaseSchema,
    index: z.number().int(),
    name: z.string(),
    /** 0…1 of the step's own work (a capture's elapsed time). */
    fraction: z.number(),
  }),
  z.object({ type: z.literal('step-finished'), runId: z.string(), phase: hilPhaseSchema, index: z.number().int(), step: hilStepRecordSchema }),
  z.object({ type: z.literal('run-finished'), runId: z.string(), outcome: hilOutcomeSchema, message: z.string().nullable() }),
]);
/** One progress event of a run. */
export type HilProgressEvent = z.infer<typeof hilProgressEventSchema>;
