import { z } from 'zod';
import type { BinaryCodec } from '../ipc/contractTypes';

/** One decoded model output, in the terms its manifest gives it. */
export const DecodedOutputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('classification'), name: z.string(), labels: z.array(z.string()), probabilities: z.array(z.number()), top: z.string(), topProbability: z.number() }),
  z.object({
    kind: z.literal('regression'),
    name: z.string(),
    units: z.string(),
    values: z.array(z.number()),
    /** The device channel each value estimates (the manifest's `referenceChannels`), when it names them. */
    referenceChannels: z.array(z.string()).optional(),
  }),
  z.object({ kind: z.literal('localisation'), name: z.string(), axes: z.array(z.string()), position: z.array(z.number()) }),
  z.object({ kind: z.literal('multilabel'), name: z.string(), labels: z.array(z.string()), probabilities: z.array(z.number()), active: z.array(z.string()) }),
  z.object({ kind: z.literal('actuator'), name: z.string(), units: z.string(), value: z.number() }),
  z.object({
    kind: z.literal('events'),
    name: z.string(),
    labels: z.array(z.string()),
    /** Events found in this window, each with its device time. */
    events: z.array(z.object({ label: z.string(), deviceTimeS: z.number(), score: z.number() })),
  }),
]);
export type DecodedOutput = z.infer<typeof DecodedOutputSchema>;

export const PredictionSchema = z.object({
  deviceId: z.string(),
  modelName: z.string(),
  modelVersion: z.string(),
  /** The registry version (content hash) that produced it; absent for catalogue models. */
  modelVersionId: z.string().optional(),
  /** Sequence number and device time of the window's last frame. */
  seq: z.number(),
  deviceTimeS: z.number(),
  /** When the prediction was made, ms since the epoch. */
  hostTimeMs: z.number(),
  /** Time inside the model runtime for the batch this window ran in, milliseconds. */
  latencyMs: z.number(),
  /** Input warnings: values outside the valid range, or far outside the training distribution. */
  flags: z.array(z.enum(['out-of-range', 'outlier'])),
  /** The calibration version applied to the window's frames (null: raw frames): traceability of every prediction. */
  calibrationVersion: z.string().nullable().default(null),
  outputs: z.array(DecodedOutputSchema),
});
export type Prediction = z.infer<typeof PredictionSchema>;

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();

/**
 * Predictions cross to the renderer as UTF-8 JSON arrays: they are small and at most a few hundred
 * a second, unlike frames; merging concatenates, so a slow renderer gets all of them, batched.
 */
export const predictionListCodec: BinaryCodec<Prediction[]> = {
  encode: (list) => utf8Encoder.encode(JSON.stringify(list)),
  decode: (bytes) => z.array(PredictionSchema).parse(JSON.parse(utf8Decoder.decode(bytes))),
  merge: (lists) => lists.flat(),
  size: (list) => list.length,
};
