import { z } from 'zod';
import { deviceFamilySchema } from './deviceProfile';
import { numericLimitSchema, regexSourceSchema, textLimitSchema } from './hilLimits';

/**
 * Hardware-in-the-loop suites: declarative YAML files (docs/hil-suites.md) that say how to test
 * one kind of device — connect and identify it, check its stream and command channel, inject
 * faults into simulators and expect the console to notice and recover, check the model on live
 * data, and ask the operator where a person must look or act. Strict like device profiles: a
 * misspelt key is an error with its path (and, from a file, its line), never silently ignored.
 */

const stepName = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case kebab-case, e.g. "stream-health"')
  .max(64);
const positiveMs = z.number().int().positive().max(3_600_000);
const channelName = z.string().min(1);

/**
 * Conditions under which a step is skipped rather than run: the capability it needs is absent.
 * `no-stimulus`: nothing can apply a stimulus — no simulator scenario control, and either no
 * operator or an in-process simulator that no person can stimulate.
 */
export const skipConditionSchema = z.enum([
  'no-model',
  'no-operator',
  'no-fault-injection',
  'no-scenario-control',
  'no-stimulus',
  'no-dataset',
  'simulator',
  'real-device',
]);
/** Why a step may be skipped. */
export type SkipCondition = z.infer<typeof skipConditionSchema>;

/** What every step has. */
const common = {
  name: stepName,
  description: z.string().optional(),
  /** The step errors when it takes longer; defaults depend on the kind (see docs). */
  timeoutMs: positiveMs.optional(),
  /** Extra attempts when the step fails or errors. */
  retries: z.number().int().min(0).max(10).optional(),
  skipIf: z.array(skipConditionSchema).optional(),
  /** Run the next steps even when this one fails (the run still fails). */
  continueOnFail: z.boolean().optional(),
};

/** Per-channel statistics over a capture; channel selectors are names or globs (`lq_*`). */
const channelChecksSchema = z.strictObject({
  select: z.array(channelName).min(1),
  min: numericLimitSchema.optional(),
  max: numericLimitSchema.optional(),
  mean: numericLimitSchema.optional(),
  std: numericLimitSchema.optional(),
  snrDb: numericLimitSchema.optional(),
});
/** Checks on selected channels. */
export type ChannelChecks = z.infer<typeof channelChecksSchema>;

/** What a capture (or a fault's observation window) measures; each metric is recorded only when a limit is given. */
const streamMeasuresSchema = z.strictObject({
  frames: numericLimitSchema.optional(),
  sampleRateHz: numericLimitSchema.optional(),
  jitterMs: numericLimitSchema.optional(),
  droppedFrames: numericLimitSchema.optional(),
  crcErrors: numericLimitSchema.optional(),
  parseErrors: numericLimitSchema.optional(),
  discardedBytes: numericLimitSchema.optional(),
  reconnects: numericLimitSchema.optional(),
  channels: z.array(channelChecksSchema).optional(),
  /** Command → response latency, probed `probes` times during the capture. */
  latency: z
    .strictObject({
      command: z.string().min(1).default('PING'),
      probes: z.number().int().min(1).max(100).default(5),
      p95Ms: numericLimitSchema,
    })
    .optional(),
});
/** Stream metrics and their limits. */
export type StreamMeasures = z.infer<typeof streamMeasuresSchema>;

/** Scenario settings for a simulator (`SET name value`) or an instruction for the operator on real hardware. */
const stimulusSchema = z.strictObject({
  set: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'is not a setting name'), z.union([z.string(), z.number()])).optional(),
  /** What the operator must do on real hardware; they confirm when done. */
  instruction: z.string().min(1).optional(),
  /** Time for the device to settle after the stimulus, before measuring. */
  settleMs: z.number().int().min(0).max(600_000).optional(),
});
/** A stimulus applied before measuring. */
export type Stimulus = z.infer<typeof stimulusSchema>;

const faultSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('corrupt-crc'), count: z.number().int().min(1).max(1000) }),
  z.strictObject({ kind: z.literal('garbage'), bytes: z.number().int().min(1).max(65_536) }),
  z.strictObject({ kind: z.literal('drop-bytes'), bytes: z.number().int().min(1).max(65_536) }),
  z.strictObject({ kind: z.literal('disconnect'), durationMs: z.number().int().min(100).max(60_000) }),
  z.strictObject({ kind: z.literal('noise'), channel: channelName, amount: z.number().positive() }),
  z.strictObject({ kind: z.literal('stuck'), channel: channelName }),
]);
/** A fault a suite injects, with channels by name. */
export type SuiteFault = z.infer<typeof faultSchema>;

const stepSchema = z.discriminatedUnion('kind', [
  /** Opens the device given to the run and waits for its first frames. */
  z.strictObject({ ...common, kind: z.literal('connect') }),
  /** Asks the device who it is; the answer must match `pattern` (default: the profile's identify pattern). */
  z.strictObject({ ...common, kind: z.literal('identify'), pattern: regexSourceSchema.optional() }),
  /** Sends a command and expects a reply. */
  z.strictObject({
    ...common,
    kind: z.literal('command'),
    send: z.string().min(1).optional(),
    sendHex: z.string().regex(/^([0-9a-fA-F]{2}\s*)+$/, 'must be pairs of hex digits').optional(),
    /** The reply (its text spelling: `OK`, `PONG`, `ID …`, `ERR …`) must match. */
    expect: textLimitSchema.optional(),
    latencyMs: numericLimitSchema.optional(),
  }),
  /** Records the stream for a while and measures it. */
  z.strictObject({
    ...common,
    kind: z.literal('capture'),
    durationMs: positiveMs,
    /** Keep the raw frames as a CSV attachment (default true). */
    attach: z.boolean().optional(),
    measure: streamMeasuresSchema,
  }),
  /** Injects a fault into a simulated device and measures the console's reaction. */
  z.strictObject({
    ...common,
    kind: z.literal('fault'),
    fault: faultSchema,
    observeMs: positiveMs,
    /** Frames received sooner than this after the injection are left out of the measures (still on the wire when it happened). */
    settleMs: z.number().int().nonnegative().optional(),
    measure: streamMeasuresSchema.extend({ recoveryMs: numericLimitSchema.optional() }),
  }),
  /** Applies a stimulus (setup for later steps). */
  z.strictObject({ ...common, kind: z.literal('stimulus'), stimulus: stimulusSchema }),
  /** Runs the model on live windows and measures its latency. */
  z.strictObject({
    ...common,
    kind: z.literal('model-latency'),
    durationMs: positiveMs,
    measure: z.strictObject({ p95Ms: numericLimitSchema, windows: numericLimitSchema.optional() }),
  }),
  /** Applies a stimulus and expects the model's prediction on live windows. */
  z.strictObject({
    ...common,
    kind: z.literal('model-expect'),
    stimulus: stimulusSchema,
    durationMs: positiveMs,
    expect: z.union([
      z.strictObject({ label: z.string().min(1), agreement: numericLimitSchema }),
      z.strictObject({ output: z.string().min(1), mean: numericLimitSchema }),
      /** Event outputs (a step detector): events per minute over the span the windows cover. */
      z.strictObject({ events: z.string().min(1), perMinute: numericLimitSchema }),
    ]),
  }),
  /** Asks the operator: acknowledge a message, confirm yes/no, or enter a number. */
  z.strictObject({
    ...common,
    kind: z.literal('operator'),
    ask: z.enum(['acknowledge', 'confirm', 'number']),
    text: z.string().min(1),
    unit: z.string().optional(),
    /** For `number`: the limit the entered value must meet. */
    limit: numericLimitSchema.optional(),
  }),
  /** Checks an offline dataset (`.npy` arrays + meta.json). */
  z.strictObject({
    ...common,
    kind: z.literal('dataset-check'),
    array: z.string().min(1),
    labels: z.string().min(1).optional(),
    measure: z.strictObject({
      samples: numericLimitSchema.optional(),
      nonFinite: numericLimitSchema.optional(),
      outOfRangeFraction: numericLimitSchema.optional(),
      classesPresent: numericLimitSchema.optional(),
    }),
  }),
  /** Runs the model over an offline dataset and scores it against the labels. */
  z.strictObject({
    ...common,
    kind: z.literal('model-dataset'),
    input: z.string().min(1),
    labels: z.string().min(1),
    maxSamples: z.number().int().positive().max(100_000).optional(),
    measure: z.strictObject({ accuracy: numericLimitSchema, p95Ms: numericLimitSchema.optional() }),
  }),
  /** Waits. */
  z.strictObject({ ...common, kind: z.literal('wait'), durationMs: positiveMs }),
]);
/** One step of a suite. */
export type SuiteStep = z.infer<typeof stepSchema>;
/** The kinds of step. */
export type SuiteStepKind = SuiteStep['kind'];
/** The step of one kind. */
export type SuiteStepOf<K extends SuiteStepKind> = Extract<SuiteStep, { kind: K }>;

/** The step kinds, for error messages and docs. */
export const SUITE_STEP_KINDS: readonly SuiteStepKind[] = stepSchema.options.map((o) => o.shape.kind.value);

export const hilSuiteSchema = z
  .strictObject({
    schemaVersion: z.literal(1),
    name: z.string().min(1).max(120),
    family: deviceFamilySchema,
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a version such as 1.0.0'),
    description: z.string().optional(),
    setup: z.array(stepSchema).optional(),
    steps: z.array(stepSchema).min(1),
    teardown: z.array(stepSchema).optional(),
  })
  .superRefine((suite, ctx) => {
    const seen = new Set<string>();
    for (const phase of ['setup', 'steps', 'teardown'] as const) {
      (suite[phase] ?? []).forEach((step, i) => {
        if (seen.has(step.name)) ctx.addIssue({ code: 'custom', path: [phase, i, 'name'], message: `duplicate step name "${step.name}"` });
        seen.add(step.name);
        if (step.kind === 'command' && (step.send === undefined) === (step.sendHex === undefined)) {
          ctx.addIssue({ code: 'custom', path: [phase, i, 'send'], message: 'give exactly one of send or sendHex' });
        }
      });
    }
  });
/** A validated suite. */
export type HilSuite = z.infer<typeof hilSuiteSchema>;
