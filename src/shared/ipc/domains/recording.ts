import { z } from 'zod';
import { defineMethod } from '../contractTypes';

export const RecordingStatusSchema = z.object({
  active: z.boolean(),
  sessionId: z.string().nullable(),
  name: z.string().nullable(),
  startedAt: z.string().nullable(),
  devices: z.number(),
  framesWritten: z.number(),
  /** Frames in chunks that are on disk: what a crash cannot take away. */
  framesDurable: z.number(),
  queuedFrames: z.number(),
  bytesWritten: z.number(),
  error: z.string().nullable(),
  /** The operator's label in force (marked with `recording.label`), if any. */
  label: z.string().nullable(),
});
export type RecordingStatus = z.infer<typeof RecordingStatusSchema>;

export const RecordingEntrySchema = z.object({
  id: z.string(),
  name: z.string(),
  tags: z.array(z.string()),
  notes: z.string(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  devices: z.array(z.object({ id: z.string(), name: z.string(), profileId: z.string() })),
  frameCount: z.number(),
  sizeBytes: z.number(),
  state: z.enum(['recording', 'complete', 'repaired', 'failed']),
  stateDetail: z.string(),
  /** The recording's file (a validation dataset path). */
  filePath: z.string(),
});
export type RecordingEntryInfo = z.infer<typeof RecordingEntrySchema>;

/** Recorded frames for the paused live view's scroll-back, min/max-decimated like the live plots. */
export const RecordingHistorySchema = z.discriminatedUnion('available', [
  /** `not-recording`: no recording runs; `device-not-recorded`: the recording does not hold this device. */
  z.object({ available: z.literal(false), reason: z.enum(['not-recording', 'device-not-recorded']) }),
  z.object({
    available: z.literal(true),
    /** x on the requested axis (s), oldest first. */
    x: z.array(z.number()),
    /** One column per value of the device's frame; null where a bucket held no finite sample. */
    columns: z.array(z.array(z.number().nullable())),
    /** Frames in the range before decimation. */
    frames: z.number(),
    /** The earliest x the recording holds for the device so far (null: nothing on disk yet). */
    recordedFrom: z.number().nullable(),
  }),
]);
export type RecordingHistory = z.infer<typeof RecordingHistorySchema>;

const name = z.string().trim().min(1).max(200);
const tag = z.string().trim().min(1).max(64);
const sessionId = z.string().min(1);

export const recordingMethods = {
  'recording.start': defineMethod(
    'Starts recording every open device (and any opened later), their predictions and events.',
    z.strictObject({ name, tags: z.array(tag).max(32).optional(), notes: z.string().max(10_000).optional() }),
    RecordingStatusSchema,
  ),
  'recording.stop': defineMethod(
    'Stops the recording and finalises its file.',
    z.strictObject({}),
    z.union([z.object({ path: z.string(), sizeBytes: z.number() }), z.object({ error: z.string() })]),
  ),
  'recording.status': defineMethod('The recording in progress, if any.', z.strictObject({}), RecordingStatusSchema),
  'recording.note': defineMethod('Writes an operator note into the recording in progress.', z.strictObject({ text: z.string().trim().min(1).max(2000) }), z.strictObject({})),
  'recording.history': defineMethod(
    'A device\'s frames in an x range from the recording in progress (its chunks already on disk), min/max-decimated: the live view\'s scroll-back.',
    z
      .strictObject({
        deviceId: z.string().min(1),
        /** The live view's x axis: device time (s) or host time (Unix s). */
        axis: z.enum(['device', 'host']),
        from: z.number().finite(),
        to: z.number().finite(),
        maxPointsPerSeries: z.number().int().min(2).max(20_000),
      })
      .refine((q) => q.to > q.from, { message: '"to" must be after "from"' }),
    RecordingHistorySchema,
  ),
  'recording.label': defineMethod(
    'Marks a label in the recording in progress: `label` starts now (ending the one in force), or without a label the one in force ends now. Label events make the recording a labelled validation dataset.',
    z.strictObject({ label: z.string().trim().min(1).max(64).optional() }),
    RecordingStatusSchema,
  ),
  'recording.labels': defineMethod(
    'The labelled intervals of a recorded session, in seconds from its first message, with its duration (the session timeline).',
    z.strictObject({ id: sessionId }),
    z.object({ durationS: z.number(), spans: z.array(z.object({ label: z.string(), startS: z.number(), endS: z.number() })) }),
  ),
  'recording.list': defineMethod(
    'Recorded sessions, newest first.',
    z.strictObject({ text: z.string().max(200).optional(), tag: tag.optional() }),
    z.array(RecordingEntrySchema),
  ),
  'recording.update': defineMethod(
    'Renames a recorded session or changes its tags or notes (the session index; the file keeps what was recorded).',
    z.strictObject({ id: sessionId, name: name.optional(), tags: z.array(tag).max(32).optional(), notes: z.string().max(10_000).optional() }),
    RecordingEntrySchema,
  ),
  'recording.delete': defineMethod('Deletes a recorded session and its file.', z.strictObject({ id: sessionId }), z.strictObject({})),
  'recording.exportCsv': defineMethod(
    'One device\'s frames of a recorded session as CSV text, optionally limited to seconds from the start of the recording.',
    z.strictObject({
      id: sessionId,
      deviceId: z.string().min(1),
      kind: z.enum(['raw', 'calibrated']).optional(),
      startS: z.number().min(0).optional(),
      endS: z.number().min(0).optional(),
    }),
    z.object({ fileName: z.string(), csv: z.string(), frames: z.number() }),
  ),
} as const;
