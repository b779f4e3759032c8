import { z } from 'zod';
import { defineMethod } from '../contractTypes';

/** Playback speed: a multiple of the recorded pace, or as fast as the pipeline takes frames. */
export const PlaybackSpeedSchema = z.union([z.number().min(0.1).max(100), z.literal('max')]);
export type PlaybackSpeed = z.infer<typeof PlaybackSpeedSchema>;

export const PlaybackModeSchema = z.enum(['playing', 'paused', 'ended', 'closed']);
export type PlaybackMode = z.infer<typeof PlaybackModeSchema>;

export const PlaybackStatusSchema = z.object({
  mode: PlaybackModeSchema,
  /** Seconds from the start of the recording (host clock) of the frame last played. */
  positionS: z.number(),
  durationS: z.number(),
  speed: PlaybackSpeedSchema,
  loop: z.boolean(),
  framesPlayed: z.number(),
});
export type PlaybackStatus = z.infer<typeof PlaybackStatusSchema>;

/** A transport command; `seek` takes seconds from the start, `speed` a speed, `loop` a boolean. */
export const PlaybackControlSchema = z.discriminatedUnion('action', [
  z.strictObject({ deviceId: z.string().min(1), action: z.literal('play') }),
  z.strictObject({ deviceId: z.string().min(1), action: z.literal('pause') }),
  z.strictObject({ deviceId: z.string().min(1), action: z.literal('step') }),
  z.strictObject({ deviceId: z.string().min(1), action: z.literal('seek'), value: z.number().min(0) }),
  z.strictObject({ deviceId: z.string().min(1), action: z.literal('speed'), value: PlaybackSpeedSchema }),
  z.strictObject({ deviceId: z.string().min(1), action: z.literal('loop'), value: z.boolean() }),
]);
export type PlaybackControl = z.infer<typeof PlaybackControlSchema>;

export const playbackMethods = {
  'playback.control': defineMethod(
    'Controls a playback device: play, pause, single-step, seek (seconds from the start), speed (0.1–100 or "max") or loop.',
    PlaybackControlSchema,
    PlaybackStatusSchema,
  ),
  'playback.status': defineMethod('Where a playback device is in its recording.', z.strictObject({ deviceId: z.string().min(1) }), PlaybackStatusSchema),
} as const;
