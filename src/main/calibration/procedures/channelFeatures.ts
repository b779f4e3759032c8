import type { CalibrationVersion, ChannelTransform } from '../../../shared/domain/calibration';
import type { DeviceChannel, DeviceProfile } from '../../../shared/domain/deviceProfile';
import type { FeatureSet, StabilitySpec } from '../engine/procedureTypes';

/** Channels resolved against a profile, or why they cannot be used. */
export type ResolvedChannels = { readonly channels: readonly DeviceChannel[]; readonly indices: readonly number[] } | { readonly invalid: string };

/**
 * Finds named channels of a device whose frames hold one value per channel (waveform and
 * tensor devices have their own procedures).
 */
export function resolveChannels(profile: DeviceProfile, names: readonly string[]): ResolvedChannels {
  if (profile.frameLayout !== undefined) {
    return { invalid: `${profile.displayName} sends ${profile.frameLayout.kind}s, not one value per channel; use its own calibration procedure.` };
  }
  const unknown = names.filter((n) => !profile.channels.some((c) => c.name === n));
  if (unknown.length > 0) {
    return { invalid: `${profile.displayName} has no channel ${unknown.map((n) => `"${n}"`).join(', ')}.` };
  }
  if (new Set(names).size !== names.length) return { invalid: 'A channel is listed twice.' };
  const indices = names.map((n) => profile.channels.findIndex((c) => c.name === n));
  return { channels: indices.map((i) => profile.channels[i]), indices };
}

/** The features that are simply the values of some channels. */
export function channelFeatures(channels: readonly DeviceChannel[], indices: readonly number[]): FeatureSet {
  return {
    names: channels.map((c) => c.name),
    units: channels.map((c) => c.unit),
    extract(frame, out) {
      for (let f = 0; f < indices.length; f++) out[f] = frame[indices[f]];
    },
  };
}

/**
 * Stillness for channels known only by their profile: noise under 0.5 % and drift under
 * 0.25 %/s of each channel's range, over a second (at least five frames).
 */
export function rangeStability(channels: readonly DeviceChannel[], nominalRateHz: number): StabilitySpec {
  const span = channels.map((c) => c.range[1] - c.range[0]);
  return {
    windowS: Math.max(1, 5 / nominalRateHz),
    maxStd: span.map((s) => 0.005 * s),
    maxSlopePerS: span.map((s) => 0.0025 * s),
    relative: false,
  };
}

/** Frames in `seconds` of data at the nominal rate, never fewer than `min`. */
export function framesIn(seconds: number, nominalRateHz: number, min: number): number {
  return Math.max(min, Math.round(seconds * nominalRateHz));
}

/** The transform the active calibration holds for a channel, if any. */
export function previousTransform(previous: CalibrationVersion | null, channel: string): ChannelTransform | undefined {
  return previous?.transforms.find((t) => t.channel === channel);
}

/** The names of a profile's channels in a group (`lq`, `mos`, `gyro`). */
export function groupChannels(profile: DeviceProfile, group: string): string[] {
  return profile.channels.filter((c) => c.group === group).map((c) => c.name);
}
