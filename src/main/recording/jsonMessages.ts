import { z } from 'zod';

/**
 * Low-rate channels (predictions, events) are JSON messages with a JSON Schema
 * (`jsonschema` schema encoding, `json` message encoding): readable in Foxglove/Lichtblick and by
 * any tool, and their rate is too low for the encoding's size to matter. Each shape is defined
 * once, in zod; the JSON Schema stored in the file is generated from it, and reading validates.
 */

/** One model output, as recorded on `/devices/<id>/predictions`. */
export const recordedPredictionSchema = z.object({
  deviceId: z.string(),
  modelId: z.string(),
  modelVersion: z.string(),
  /** Device time (s) of the last frame of the window the model saw. */
  windowEndDeviceTimeS: z.number(),
  /** Output tensors by name, flattened. */
  outputs: z.record(z.string(), z.array(z.number())),
  latencyMs: z.number(),
  /** Host time (ms since the Unix epoch) the prediction was made; becomes the MCAP log time. */
  hostTimeMs: z.number(),
});
/** One model output, as recorded. */
export type RecordedPrediction = z.infer<typeof recordedPredictionSchema>;

/** What an event records. */
export const recordedEventKindSchema = z.enum([
  'connect',
  'disconnect',
  'fault',
  'calibration-change',
  'model-swap',
  'note',
  'recording',
  /** An operator's label edge: `detail` is a {@link LabelEdge} (see labelSpans.ts). */
  'label',
]);
export type RecordedEventKind = z.infer<typeof recordedEventKindSchema>;

/** One entry on the `/events` channel. */
export const recordedEventSchema = z.object({
  /** Host time (ms since the Unix epoch); becomes the MCAP log time. */
  time: z.number(),
  kind: recordedEventKindSchema,
  deviceId: z.string().optional(),
  /** A sentence for the operator reading the recording later. */
  text: z.string(),
  detail: z.record(z.string(), z.unknown()),
});
export type RecordedEvent = z.infer<typeof recordedEventSchema>;

/** JSON Schema stored with the predictions channels. */
export const PREDICTION_JSON_SCHEMA = JSON.stringify(z.toJSONSchema(recordedPredictionSchema));
/** JSON Schema stored with the events channel. */
export const EVENT_JSON_SCHEMA = JSON.stringify(z.toJSONSchema(recordedEventSchema));

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Encodes a JSON message (non-finite numbers become null, as JSON requires). */
export function encodeJsonMessage(value: RecordedPrediction | RecordedEvent): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

/** Decodes and validates a JSON message; throws with zod's description when it does not match. */
export function decodeJsonMessage<T>(bytes: Uint8Array, schema: z.ZodType<T>): T {
  return schema.parse(JSON.parse(decoder.decode(bytes)));
}
