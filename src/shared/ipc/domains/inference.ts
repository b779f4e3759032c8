import { z } from 'zod';
import { deviceFamilySchema } from '../../domain/deviceProfile';
import { predictionListCodec } from '../../domain/prediction';
import { defineMethod, defineStream } from '../contractTypes';

export const ModelSummarySchema = z.object({
  /** The package's id in the catalogue: `<family>/<package folder>`. */
  id: z.string(),
  name: z.string(),
  version: z.string(),
  family: deviceFamilySchema,
  description: z.string(),
  inputs: z.array(z.object({ name: z.string(), shape: z.array(z.union([z.number(), z.string()])) })),
  /** `labels`: a classification output's classes (the label picker of a recording offers them). */
  outputs: z.array(z.object({ name: z.string(), kind: z.string(), labels: z.array(z.string()).optional() })),
  latencyBudgetMs: z.number(),
  /** Why the package cannot be used (hash mismatch, bad manifest…), or null when it verified. */
  problem: z.string().nullable(),
  /** The package folder, for importing it into the registry. */
  packageDir: z.string(),
  /** The package's golden dataset (for the validation gate and offline validation), if it ships one. */
  goldenDataset: z.string().nullable(),
});
export type ModelSummary = z.infer<typeof ModelSummarySchema>;

export const ActuatorStatusSchema = z.object({
  armed: z.boolean(),
  disarmReason: z.string().nullable(),
  lastCommand: z.number().nullable(),
  commandsSent: z.number(),
  clamped: z.number(),
  rateLimited: z.number(),
  min: z.number(),
  max: z.number(),
  units: z.string(),
});

export const LiveModelStatusSchema = z.object({
  deviceId: z.string(),
  modelId: z.string(),
  name: z.string(),
  version: z.string(),
  state: z.enum(['loading', 'running', 'restarting', 'failed']),
  detail: z.string(),
  windowsIn: z.number(),
  windowsRun: z.number(),
  windowsDropped: z.number(),
  windowsRejected: z.number(),
  windowsFailed: z.number(),
  flaggedOutOfRange: z.number(),
  flaggedOutliers: z.number(),
  queued: z.number(),
  /** Until the first window is complete: frames held towards it and how many it takes; null afterwards. */
  firstWindow: z.object({ held: z.number(), needed: z.number() }).nullable(),
  latencyP50Ms: z.number().nullable(),
  latencyP95Ms: z.number().nullable(),
  latencyP99Ms: z.number().nullable(),
  latencyBudgetMs: z.number(),
  runtimeRestarts: z.number(),
  /** ONNX Runtime intra-op threads of the serving session (null while none is loaded). */
  runtimeThreads: z.number().int().nullable(),
  actuator: ActuatorStatusSchema.nullable(),
});
export type LiveModelStatus = z.infer<typeof LiveModelStatusSchema>;

const DeviceInput = z.strictObject({ deviceId: z.string().min(1) });

const RuntimeThreadsSchema = z.strictObject({ threads: z.number().int(), max: z.number().int() });

export const inferenceMethods = {
  'models.list': defineMethod('Model packages in the catalogue, verified.', z.strictObject({}), z.array(ModelSummarySchema)),
  'inference.start': defineMethod(
    "Runs a model on a device's live stream (replacing the one running there).",
    z.strictObject({ deviceId: z.string().min(1), modelId: z.string().min(1).max(512) }),
    LiveModelStatusSchema,
  ),
  'inference.stop': defineMethod('Stops the model running on a device.', DeviceInput, z.strictObject({})),
  'inference.status': defineMethod('Every model running live, with counters and latency.', z.strictObject({}), z.array(LiveModelStatusSchema)),
  'inference.runtimeThreads': defineMethod(
    "ONNX Runtime intra-op threads per model runtime, and this machine's cores (the most it accepts).",
    z.strictObject({}),
    RuntimeThreadsSchema,
  ),
  'inference.setRuntimeThreads': defineMethod(
    'Sets the intra-op threads of models loaded from now on (kept across restarts); running models keep theirs until restarted or switched.',
    z.strictObject({ threads: z.number().int().min(1).max(1024) }),
    RuntimeThreadsSchema,
  ),
  'actuator.arm': defineMethod("Arms the actuator output of the device's model (operator action, audited).", DeviceInput, z.strictObject({})),
  'actuator.disarm': defineMethod('Disarms it: the safe value is sent.', DeviceInput, z.strictObject({})),
  'actuator.estop': defineMethod('Emergency stop on every actuator: safe values now, all disarmed.', z.strictObject({}), z.strictObject({ stopped: z.number() })),
} as const;

export const inferenceStreams = {
  'inference.predictions': defineStream('Decoded predictions of the model running on a device.', DeviceInput, predictionListCodec),
} as const;
