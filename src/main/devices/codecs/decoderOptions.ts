/** Units a device may count its own time in. */
export type TimeUnit = 's' | 'ms' | 'us';

/** Device time units per second (divide by it: 13 / 1000 is 0.013 exactly as printed, 13 * 0.001 is not). */
export const UNITS_PER_SECOND: Readonly<Record<TimeUnit, number>> = { s: 1, ms: 1e3, us: 1e6 };

/** A value in each line that is the device's clock rather than a channel (e.g. `millis` in ms). */
export interface DeviceTimeField {
  readonly label: string;
  readonly unit: TimeUnit;
}

/** Options every decoder takes; most come from the device profile. */
export interface DecoderOptions {
  /** The console's id of the device source; stamped on every FrameBatch. */
  readonly deviceId: string;
  /** Channel names from the profile, in column order. */
  readonly channelNames?: readonly string[];
  /** Channel count from the profile when it names no channels (columns become ch1…chN). */
  readonly channelCount?: number;
  /** Upper bound on columns, so that a stream of ever-new labels cannot grow memory. Default 256. */
  readonly maxChannels?: number;
}

/** Default for `DecoderOptions.maxChannels`. */
export const DEFAULT_MAX_CHANNELS = 256;

/** The name of the n-th (0-based) unnamed channel, as a person would count it. */
export function defaultChannelName(index: number): string {
  return `ch${index + 1}`;
}

/** The initial column names a profile implies: its names, else ch1…chN for its count. */
export function profileChannelNames(options: DecoderOptions): readonly string[] {
  if (options.channelNames !== undefined) return options.channelNames;
  return Array.from({ length: options.channelCount ?? 0 }, (_, i) => defaultChannelName(i));
}
