import type { DeviceProfile } from '../../shared/domain/deviceProfile';
import type { NumericLimit } from '../../shared/domain/hilLimits';
import type { ChannelChecks, StreamMeasures } from '../../shared/domain/hilSuite';
import { checkNumeric } from './limits';
import type { StreamObservation } from './observeStream';
import { channelStats, timingStats, valueChannelMap, type ChannelStats } from './signalStats';
import { StepError, type StepRuntime } from './stepRuntime';

/** Counter metrics: the suite key and the counter it reads. */
const COUNTERS = ['droppedFrames', 'crcErrors', 'parseErrors', 'discardedBytes', 'reconnects'] as const;

const CHANNEL_STATS: readonly (keyof Omit<ChannelChecks, 'select'> & keyof ChannelStats)[] = ['min', 'max', 'mean', 'std', 'snrDb'];

/** Records the measurements a suite asked for over an observed stream. */
export function recordStreamMeasures(rt: StepRuntime, profile: DeviceProfile, measure: StreamMeasures, observation: StreamObservation): void {
  const timing = observation.frames === undefined ? { frames: 0, sampleRateHz: Number.NaN, jitterMs: Number.NaN } : timingStats(observation.frames);
  const numeric = (name: string, value: number, unit: string, limit: NumericLimit | undefined): void => {
    if (limit !== undefined) rt.record(checkNumeric(name, value, unit, limit));
  };
  numeric('frames', timing.frames, '', measure.frames);
  numeric('sample_rate', timing.sampleRateHz, 'Hz', measure.sampleRateHz);
  numeric('jitter', timing.jitterMs, 'ms', measure.jitterMs);
  for (const key of COUNTERS) numeric(snakeCase(key), observation.counters[key], key === 'discardedBytes' ? 'B' : '', measure[key]);

  if (measure.channels === undefined || measure.channels.length === 0) return;
  const frames = observation.frames;
  const stats = frames === undefined ? undefined : channelStats(frames, valueChannelMap(profile, frames.channelCount), profile.channels.length);
  for (const checks of measure.channels) {
    for (const index of selectChannels(profile, checks.select)) {
      const channel = profile.channels[index];
      const s = stats?.[index];
      for (const stat of CHANNEL_STATS) {
        const limit = checks[stat];
        if (limit === undefined) continue;
        numeric(`${channel.name}.${stat === 'snrDb' ? 'snr' : stat}`, s?.[stat] ?? Number.NaN, stat === 'snrDb' ? 'dB' : channel.unit, limit);
      }
    }
  }
}

/** Indices of the profile channels a selector list names (names, or globs with `*`). */
export function selectChannels(profile: DeviceProfile, selectors: readonly string[]): number[] {
  const chosen = new Set<number>();
  for (const selector of selectors) {
    const pattern = new RegExp(`^${selector.split('*').map(escapeRegex).join('.*')}$`);
    const matches = profile.channels.flatMap((c, i) => (pattern.test(c.name) ? [i] : []));
    if (matches.length === 0) {
      throw new StepError(`No channel of ${profile.displayName} matches "${selector}" (channels: ${profile.channels.map((c) => c.name).join(', ')}).`);
    }
    for (const i of matches) chosen.add(i);
  }
  return [...chosen].sort((a, b) => a - b);
}

function escapeRegex(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
