import { z } from 'zod';
import { FitReportSchema } from './calibration';

/**
 * The calibration wizard as the UI sees it: how to start a procedure (its options, validated
 * here) and the serialisable snapshot of a running wizard — the current step's instructions,
 * what blocks it, honest progress, stability, per-pose status, and the fit to review.
 */

const channelList = z.array(z.string().min(1)).min(1).max(64);

/** A target position for the echo-location calibration, m (x right, y forward of the array). */
export const TargetPositionSchema = z.strictObject({ x: z.number().min(-2).max(2), y: z.number().min(0.3).max(2) });
export type TargetPosition = z.infer<typeof TargetPositionSchema>;

/** Which procedure to run and its options; every option a technician may leave alone has a default. */
export const ProcedureOptionsSchema = z.discriminatedUnion('procedure', [
  z.strictObject({
    procedure: z.literal('offset'),
    channels: channelList,
    /** What the channels should read with the zero input applied. */
    target: z.number().default(0),
  }),
  z.strictObject({
    procedure: z.literal('span'),
    channels: channelList,
    fit: z.enum(['linear', 'poly2', 'poly3']).default('linear'),
    reference: z.discriminatedUnion('kind', [
      /** The operator types the reference value of each point. */
      z.strictObject({ kind: z.literal('typed'), points: z.number().int().min(2).max(10) }),
      /** A reference channel of the same device reads the truth beside each channel (augmenter HQ). */
      z.strictObject({ kind: z.literal('channels'), channels: channelList, binWidth: z.number().positive().optional() }),
    ]),
  }),
  z.strictObject({ procedure: z.literal('imu-accel-6') }),
  z.strictObject({ procedure: z.literal('imu-gyro-bias') }),
  z.strictObject({
    procedure: z.literal('enose-baseline'),
    /** Heater warm-up the datasheet asks for before readings count, s. */
    minWarmupS: z.number().min(0).max(3600).default(0),
    /** Baseline change since the previous calibration that is flagged, as a fraction. */
    driftLimit: z.number().positive().max(1).default(0.1),
    /** An optional check with a reference gas: which sensors must respond, and by how much. */
    referenceGas: z
      .strictObject({
        label: z.string().min(1).max(128),
        sensors: channelList,
        /** Minimum fall of Rs/R0 (0.2 = the resistance must fall by at least 20 %). */
        minResponse: z.number().positive().max(1),
      })
      .optional(),
  }),
  z.strictObject({
    procedure: z.literal('echoloc-delay'),
    positions: z
      .array(TargetPositionSchema)
      .min(2)
      .max(6)
      .default([
        { x: 0, y: 0.5 },
        { x: 0.3, y: 1 },
        { x: -0.3, y: 1.5 },
      ]),
  }),
  z.strictObject({
    procedure: z.literal('augmenter-drift'),
    /** The model's input normalisation, one entry per channel checked. */
    meanLq: z.array(z.number()).min(1).max(64),
    stdLq: z.array(z.number().positive()).min(1).max(64),
    /** Channels in the order of meanLq/stdLq; defaults to the device's `lq` group. */
    channels: channelList.optional(),
    /** A mean shift larger than this many training standard deviations is flagged. */
    maxMeanShiftSd: z.number().positive().default(0.5),
    /** A live/training standard deviation ratio outside this band is flagged. */
    stdRatioBand: z.tuple([z.number().positive(), z.number().positive()]).default([0.67, 1.5]),
    /** What to store for flagged channels: nothing, a mean correction, or mean and scale. */
    corrections: z.enum(['none', 'offset', 'offset-and-scale']).default('none'),
  }),
]);
export type ProcedureOptions = z.infer<typeof ProcedureOptionsSchema>;
export type ProcedureOptionsInput = z.input<typeof ProcedureOptionsSchema>;
export type ProcedureId = ProcedureOptions['procedure'];

/** A procedure offered for a device, or why it is not. */
export const ProcedureSummarySchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  applicable: z.boolean(),
  /** Why the procedure cannot run on this device (wrong family, no such channels), or what it needs first. */
  reason: z.string().nullable(),
  /** Options pre-filled for this device (channels, defaults), ready for `calibration.start`; null where it needs more. */
  defaults: ProcedureOptionsSchema.nullable(),
});
export type ProcedureSummary = z.infer<typeof ProcedureSummarySchema>;

/** Why the current step cannot proceed; `code` is stable for tests and UI icons. */
export const BlockerCodeSchema = z.enum([
  'device-disconnected',
  'wrong-family',
  'no-identity',
  'no-data',
  'rate-low',
  'data-gap',
  'warming-up',
  'input-missing',
  'unstable',
  'not-in-pose',
  'pose-done',
  'no-signal',
]);
export type BlockerCode = z.infer<typeof BlockerCodeSchema>;
export const BlockerSchema = z.strictObject({ code: BlockerCodeSchema, message: z.string() });
export type Blocker = z.infer<typeof BlockerSchema>;

/** A value the operator types for a step (a reference value, a target position). */
export const StepInputViewSchema = z.strictObject({
  id: z.string(),
  label: z.string(),
  unit: z.string(),
  value: z.number().nullable(),
  suggested: z.number().nullable(),
});

/** One watched quantity of the stability detector. */
export const StabilityFeatureViewSchema = z.strictObject({
  name: z.string(),
  unit: z.string(),
  mean: z.number(),
  std: z.number(),
  maxStd: z.number(),
  slopePerS: z.number(),
  maxSlopePerS: z.number(),
  ok: z.boolean(),
});

/** red: not captured; yellow: capturing now; green: captured. */
export const SlotStatusSchema = z.enum(['red', 'yellow', 'green']);
export const SlotViewSchema = z.strictObject({
  id: z.string(),
  label: z.string(),
  status: SlotStatusSchema,
  /** Captured fraction of this slot, 0–1. */
  fraction: z.number().min(0).max(1),
});

export const StepKindSchema = z.enum(['instruction', 'warmup', 'capture', 'sweep', 'review']);

/** The step the operator is on. */
export const StepViewSchema = z.strictObject({
  id: z.string(),
  kind: StepKindSchema,
  title: z.string(),
  instructions: z.string(),
  /** An illustration the UI knows by id (`imu-pose-grid`, `echoloc-target`), or null. */
  illustration: z.string().nullable(),
  blockers: z.array(BlockerSchema),
  inputs: z.array(StepInputViewSchema),
  /** Whether the step may be skipped (optional checks). */
  optional: z.boolean(),
  /** Captured fraction of what the step needs: never time-based, 1 only when its data is complete. */
  progress: z.strictObject({ fraction: z.number().min(0).max(1), captured: z.number(), needed: z.number(), unit: z.string() }),
  stability: z
    .strictObject({ state: z.enum(['filling', 'unstable', 'stable']), features: z.array(StabilityFeatureViewSchema) })
    .nullable(),
  slots: z.array(SlotViewSchema),
  /** Restarts of this step's capture (motion, gap, pose change) and the last reason. */
  restarts: z.number().int().min(0),
  lastRestartReason: z.string().nullable(),
  /** Warm-up: estimated seconds until readings settle (null while unknown). */
  countdownS: z.number().nullable(),
});
export type StepView = z.infer<typeof StepViewSchema>;

export const WizardPhaseSchema = z.enum(['running', 'review', 'accepted', 'cancelled']);
export type WizardPhase = z.infer<typeof WizardPhaseSchema>;

/** The whole wizard, as the UI renders it and as events carry it. */
export const WizardSnapshotSchema = z.strictObject({
  runId: z.string(),
  deviceId: z.string(),
  procedureId: z.string(),
  procedureName: z.string(),
  operator: z.string(),
  phase: WizardPhaseSchema,
  stepIndex: z.number().int().min(0),
  steps: z.array(z.strictObject({ id: z.string(), title: z.string(), state: z.enum(['pending', 'active', 'done', 'skipped']) })),
  current: StepViewSchema.nullable(),
  review: FitReportSchema.nullable(),
  /** Set once accepted: the stored profile version. */
  acceptedVersionId: z.string().nullable(),
});
export type WizardSnapshot = z.infer<typeof WizardSnapshotSchema>;

/** What the operator does on a step. */
export const WizardInputSchema = z.discriminatedUnion('action', [
  /** Done reading an instruction step. */
  z.strictObject({ action: z.literal('confirm') }),
  /** Values for the step's inputs (reference values, target position). */
  z.strictObject({ action: z.literal('set-inputs'), values: z.record(z.string(), z.number()) }),
  /** Skip an optional step. */
  z.strictObject({ action: z.literal('skip') }),
]);
export type WizardInput = z.infer<typeof WizardInputSchema>;
