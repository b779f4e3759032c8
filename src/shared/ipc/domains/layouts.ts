import { z } from 'zod';
import { defineMethod } from '../contractTypes';

/**
 * Live-view layouts: how an operator arranged the plots of one device profile (which groups are
 * shown, the time window, Y modes, hidden channels and colours, XY pairs). Saved as one JSON file
 * per profile in the data directory; every field has a default, so `{}` is the default layout and
 * a file written by an older console still reads.
 */

/** Profile ids are kebab-case (they name the layout's file), plus `test-signal` for the demo stream. */
export const LayoutProfileIdSchema = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a kebab-case profile id').max(100);

const channelName = z.string().min(1).max(100);

/** One plot's Y axis: fitted to the visible data, or a fixed range the operator chose. */
export const YAxisModeSchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('auto') }),
  z
    .strictObject({ mode: z.literal('fixed'), min: z.number(), max: z.number() })
    .refine(({ min, max }) => min < max, 'min must be less than max'),
]);
export type YAxisMode = z.infer<typeof YAxisModeSchema>;

/** Where the time axis comes from: the device's own clock (default) or the host's receive time. */
export const XAxisSourceSchema = z.enum(['device', 'host']);
export type XAxisSource = z.infer<typeof XAxisSourceSchema>;

export const LiveLayoutSchema = z.strictObject({
  schemaVersion: z.literal(1).default(1),
  /** Seconds of history each plot shows while following the live data. */
  windowS: z.number().min(0.5).max(600).default(10),
  /** Points drawn per series before min/max decimation starts; null: about 2 per pixel column. */
  maxPoints: z.number().int().min(100).max(1_000_000).nullable().default(null),
  xAxis: XAxisSourceSchema.default('device'),
  /** Plot groups (keys like `accel|m/s²`) the operator hid. */
  hiddenGroups: z.array(z.string().max(200)).max(256).default([]),
  hiddenChannels: z.array(channelName).max(1024).default([]),
  /** Channel colours the operator chose, overriding the profile's. */
  colours: z.record(channelName, z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a #rrggbb colour')).default({}),
  /** Y mode per plot group key; a group not named here is auto. */
  yAxes: z.record(z.string().max(200), YAxisModeSchema).default({}),
  /** Channel pairs plotted one against the other (x, y). */
  xyPairs: z.array(z.strictObject({ x: channelName, y: channelName })).max(8).default([]),
});
/** A validated layout with every default filled in. */
export type LiveLayout = z.output<typeof LiveLayoutSchema>;

/** The layout used when none was saved (or the saved one was unreadable). */
export function defaultLiveLayout(): LiveLayout {
  return LiveLayoutSchema.parse({});
}

const ProfileInput = z.strictObject({ profileId: LayoutProfileIdSchema });
const LayoutOutput = z.object({ layout: LiveLayoutSchema });

export const layoutMethods = {
  'layouts.get': defineMethod(
    "A profile's saved live-view layout, or the default with the reason when none is saved or the file is unreadable.",
    ProfileInput,
    z.object({
      layout: LiveLayoutSchema,
      saved: z.boolean(),
      /** Why the default is served although a file exists (it is corrupt or invalid), else null. */
      warning: z.string().nullable(),
    }),
  ),
  'layouts.save': defineMethod("Saves a profile's live-view layout (atomically, replacing the previous one).", z.strictObject({ profileId: LayoutProfileIdSchema, layout: LiveLayoutSchema }), LayoutOutput),
  'layouts.reset': defineMethod("Deletes a profile's saved layout and returns the default.", ProfileInput, LayoutOutput),
} as const;
