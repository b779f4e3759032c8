import { z } from 'zod';
import { deviceFamilySchema } from '../../domain/deviceProfile';
import { hilOutcomeSchema, hilProgressEventSchema, hilRunRecordSchema } from '../../domain/hilRecord';
import { defineEvent, defineMethod } from '../contractTypes';
import { DeviceSourceSpecSchema } from './devices';

export const HilSuiteSummarySchema = z.object({
  family: deviceFamilySchema,
  name: z.string(),
  version: z.string(),
  description: z.string(),
  steps: z.number(),
  needsDevice: z.boolean(),
});

export const HilRunSummarySchema = z.object({
  id: z.string(),
  suite: z.string(),
  suiteVersion: z.string(),
  device: z.string(),
  serialNumber: z.string().nullable(),
  station: z.string(),
  operator: z.string(),
  outcome: hilOutcomeSchema,
  message: z.string().nullable(),
  startedAt: z.string(),
  endedAt: z.string(),
  rerunOf: z.string().nullable(),
  modelVersion: z.string().nullable(),
  calibrationVersion: z.string().nullable(),
});

/** A question the running suite asks the operator (answered with `hil.answer`). */
export const HilPromptSchema = z.object({
  id: z.number(),
  kind: z.enum(['acknowledge', 'confirm', 'number']),
  text: z.string(),
  unit: z.string().nullable(),
});
export type HilPrompt = z.infer<typeof HilPromptSchema>;

export const hilMethods = {
  'hil.suites': defineMethod('The shipped test suites, one per system.', z.strictObject({}), z.array(HilSuiteSummarySchema)),
  'hil.run': defineMethod(
    "Runs a shipped suite against a device (opened by the run, closed after) or, for an offline suite, a dataset folder (default: the family's built-in demo dataset); its model checks on the model named (a registry version or catalogue id; without one they are skipped); progress arrives as 'hil.progress' events.",
    z.strictObject({
      family: deviceFamilySchema,
      device: DeviceSourceSpecSchema.nullable(),
      rerunFailedOf: z.string().optional(),
      modelId: z.string().min(1).max(512).optional(),
      datasetPath: z.string().min(1).max(4096).optional(),
    }),
    z.strictObject({ started: z.boolean() }),
  ),
  'hil.current': defineMethod(
    'The current or last run as its progress events so far (a page opened late rebuilds its view), and the prompt waiting for an answer.',
    z.strictObject({}),
    z.object({ events: z.array(hilProgressEventSchema), prompt: HilPromptSchema.nullable() }),
  ),
  'hil.abort': defineMethod('Aborts the running suite: the current step ends aborted, teardown runs.', z.strictObject({}), z.strictObject({})),
  'hil.answer': defineMethod(
    'Answers the operator prompt of the running suite.',
    z.strictObject({ promptId: z.number(), value: z.union([z.boolean(), z.number(), z.null()]) }),
    z.strictObject({}),
  ),
  'hil.history': defineMethod('Past runs, newest first.', z.strictObject({ limit: z.number().int().min(1).max(500) }), z.array(HilRunSummarySchema)),
  'hil.record': defineMethod('The full record of one run.', z.strictObject({ runId: z.string() }), hilRunRecordSchema),
} as const;

export const hilEvents = {
  'hil.progress': defineEvent('Progress of the running suite (steps starting, progressing, finishing).', hilProgressEventSchema),
  'hil.prompt': defineEvent('The running suite needs the operator (null when the prompt is gone).', HilPromptSchema.nullable()),
} as const;
