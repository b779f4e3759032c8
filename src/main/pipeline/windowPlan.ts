import type { DeviceProfile } from '../../shared/domain/deviceProfile';
import type { ModelInput } from '../../shared/domain/modelManifest';

/** How a model input is cut from a device's frames. */
export interface WindowPlan {
  /** Frame columns feeding the input, in the model's channel order. */
  readonly columns: readonly number[];
  /** Samples per window along time (1 for per-frame models). */
  readonly length: number;
  /** Frames between window starts. */
  readonly hop: number;
  /** Waveform devices: each frame already holds `samplesPerChannel` samples per channel (one window per frame). */
  readonly samplesPerChannel: number | undefined;
  /** Valid range per input channel (the manifest's, else the profile's), for flagging implausible values. */
  readonly ranges: readonly (readonly [number, number])[];
}

export type WindowPlanResult = { ok: true; plan: WindowPlan } | { ok: false; reason: string };

/**
 * Matches a model input to a device profile: every channel the model needs must exist on the
 * device (by name), and the window must fit the device's frame layout. A mismatch is a refusal
 * with the reason, before anything is loaded.
 */
export function planWindows(profile: DeviceProfile, input: ModelInput): WindowPlanResult {
  const names = profile.channels.map((c) => c.name);
  const wanted = input.channels ?? names;
  const missing = wanted.filter((name) => !names.includes(name));
  if (missing.length > 0) {
    return { ok: false, reason: `the device has no channel ${missing.map((m) => `"${m}"`).join(', ')} that input "${input.name}" needs` };
  }
  const channelIndex = wanted.map((name) => names.indexOf(name));
  const ranges = channelIndex.map((c): readonly [number, number] =>
    input.range ? [input.range.min, input.range.max] : profile.channels[c].range,
  );
  const layout = profile.frameLayout;
  if (layout?.kind === 'waveform') {
    const length = input.window?.length ?? layout.samplesPerChannel;
    if (length !== layout.samplesPerChannel) {
      return { ok: false, reason: `input "${input.name}" wants ${length} samples per window but each ping has ${layout.samplesPerChannel}` };
    }
    return { ok: true, plan: { columns: channelIndex, length, hop: 1, samplesPerChannel: layout.samplesPerChannel, ranges } };
  }
  if (layout?.kind === 'tensor') return { ok: false, reason: `${profile.displayName} delivers whole tensors, not a stream of frames` };
  const length = input.window?.length ?? 1;
  const hop = input.window?.hop ?? 1;
  return { ok: true, plan: { columns: channelIndex, length, hop, samplesPerChannel: undefined, ranges } };
}
